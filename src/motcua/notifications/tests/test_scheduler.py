from datetime import UTC, datetime, timedelta
from io import StringIO

from django.core.management import call_command

import pytest
import time_machine

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 2, 1, 0, 5, tzinfo=UTC)
PERIODIC = [("motcua.notifications.tasks.deliver_outbox", 60)]


def run_once() -> str:
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    return out.getvalue()


def enqueued(backend):
    return [r.task.name for r in backend.results]


def test_a_due_task_is_enqueued_once_per_period_across_restarts(settings, dummy_tasks):
    settings.MOTCUA_PERIODIC_TASKS = PERIODIC

    with time_machine.travel(AT, tick=False) as clock:
        assert "enqueued" in run_once()
        clock.shift(timedelta(seconds=30))
        run_once()  # a restarted scheduler in the same minute
        assert enqueued(dummy_tasks) == ["deliver_outbox"]
        clock.shift(timedelta(seconds=30))
        run_once()

    assert enqueued(dummy_tasks) == ["deliver_outbox", "deliver_outbox"]


def test_an_unknown_task_is_logged_and_the_others_still_run(settings, dummy_tasks):
    settings.MOTCUA_PERIODIC_TASKS = [("motcua.nowhere.tasks.missing", 60), *PERIODIC]

    with time_machine.travel(AT, tick=False):
        run_once()

    assert enqueued(dummy_tasks) == ["deliver_outbox"]


def test_the_worker_runs_the_enqueued_delivery(settings):
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    from motcua.notifications.models import OutboxMessage
    from motcua.notifications.services import queue_message

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MOTCUA_PERIODIC_TASKS = PERIODIC
    queue_message(
        kind="returned",
        recipient_phone="0912345678",
        context={"dossier_code": "X", "returned_date": "02/03/2026"},
        dedupe_key="x:1",
    )

    run_once()
    # what `manage.py db_worker` does with each task it claims
    task = DBTaskResult.objects.ready().get()
    task.claim("test-worker")
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    worker.run_task(task)

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert OutboxMessage.objects.get().state == "sent"
