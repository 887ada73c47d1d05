"""Background entry points (Django tasks API); they call the services."""

from datetime import date, timedelta

from django.utils import timezone

from django_tasks import task

from .reconciliation import reconcile


@task()
def reconcile_payments(day: str = "") -> dict:
    """Reconcile the online payments of ``day`` (ISO date; default yesterday)."""
    target = (
        date.fromisoformat(day) if day else timezone.localdate() - timedelta(days=1)
    )
    return reconcile(target).as_dict()
