"""Background entry points (Django tasks API); they call the services."""

from django_tasks import task

from .services.drafts import purge_stale_drafts


@task()
def purge_drafts() -> int:
    """Delete the drafts nobody touched for MOTCUA_DRAFT_KEEP_DAYS days."""
    return purge_stale_drafts()
