"""Background entry points (Django tasks API); they call the services."""

from django_tasks import task

from .services.risk import sweep_at_risk as sweep


@task()
def sweep_at_risk() -> dict:
    """Warn handlers and leaders of work due within a working day, or late."""
    return sweep().as_dict()
