"""Officers acting at the same moment: exactly one wins, the others are told."""

import threading

from django.db import connection

import pytest

from motcua.workflow import services
from motcua.workflow.models import DossierTask
from motcua.workflow.services import WorkflowError

from .world import build_world, local, procedure, reception_kwargs

PARALLEL = 8


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database fails concurrent writers with "
    "'table is locked' instead of queueing them; PostgreSQL runs this test",
)
@pytest.mark.django_db(transaction=True)
def test_only_one_of_several_officers_forwards_the_same_task():
    world = build_world()
    dossier = services.receive(**reception_kwargs(world.district, procedure()))
    desk = DossierTask.objects.get(dossier=dossier, state="open")
    task = services.forward(
        desk, user=world.district.desk, at=local(2025, 10, 27, 9, 5)
    )
    barrier = threading.Barrier(PARALLEL)
    outcomes = []

    def act(n):
        try:
            barrier.wait(timeout=20)
            copy = DossierTask.objects.get(pk=task.pk)
            services.forward(
                copy, user=world.district.specialist, at=local(2025, 10, 27, 10, n)
            )
            outcomes.append("done")
        except WorkflowError:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - reported below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["done"] + ["refused"] * (PARALLEL - 1)
    open_tasks = DossierTask.objects.filter(dossier=dossier, state="open")
    assert [t.step.key for t in open_tasks] == ["approve"]
