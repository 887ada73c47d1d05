"""Background entry points (Django tasks API); they call the services."""

from django_tasks import task

from .services import deliver_due


@task()
def deliver_outbox() -> dict:
    """Send every outbox message that is due now."""
    return deliver_due().as_dict()
