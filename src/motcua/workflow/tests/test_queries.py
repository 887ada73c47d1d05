"""The inbox, the open task and the progress of a dossier."""

from datetime import timedelta

import pytest

from motcua.accounts.models import RoleAssignment
from motcua.workflow import queries, services
from motcua.workflow.domain import Urgency
from motcua.workflow.models import DossierTask

from .world import applicant, local, procedure, reception_kwargs

NOW = local(2025, 11, 3, 9, 0)  # Monday


@pytest.fixture
def version(world):
    return procedure()


def receive(world, version, name, personal_id, at):
    dossier = services.receive(
        **reception_kwargs(
            world.district,
            version,
            at=at,
            applicant=applicant(
                full_name=name, personal_id=personal_id, date_of_birth=None
            ),
        )
    )
    desk = DossierTask.objects.get(dossier=dossier, state="open")
    return services.forward(
        desk, user=world.district.desk, at=at + timedelta(minutes=5)
    )


def set_due(task, due):
    DossierTask.objects.filter(pk=task.pk).update(due_at=due)


@pytest.fixture
def tasks(world, version):
    names = [
        ("Trần Thị Bích", "080195001234"),
        ("Lê Hoàng Nam", "080088004567"),
        ("Đặng Văn Phúc", "080070001111"),
        ("Phạm Thị Đào", "080080002222"),
        ("Võ Văn Em", "080085003333"),
    ]
    rows = [
        receive(world, version, name, pid, local(2025, 10, 27, 9, i))
        for i, (name, pid) in enumerate(names)
    ]
    set_due(rows[0], local(2025, 11, 4, 10, 0))  # due soon (tomorrow)
    set_due(rows[1], local(2025, 11, 3, 8, 0))  # late
    set_due(rows[2], local(2025, 11, 20, 8, 0))  # later
    set_due(rows[3], local(2025, 11, 3, 16, 0))  # due today
    set_due(rows[4], None)  # paused
    return rows


def test_the_inbox_orders_by_urgency(world, tasks):
    rows = list(queries.inbox(world.district.specialist, world.district.agency, at=NOW))
    assert [r.pk for r in rows] == [tasks[i].pk for i in (1, 3, 0, 2, 4)]
    assert [r.urgency for r in rows] == [
        Urgency.LATE,
        Urgency.DUE_TODAY,
        Urgency.DUE_SOON,
        Urgency.LATER,
        Urgency.NONE,
    ]


def test_the_inbox_page_is_one_query(world, tasks, django_assert_num_queries):
    queries.inbox(world.district.specialist, world.district.agency, at=NOW)  # warm
    with django_assert_num_queries(5):  # the agency calendar (4) and the page (1)
        rows = list(
            queries.inbox(world.district.specialist, world.district.agency, at=NOW)
        )
        shown = [
            (
                row.dossier.code,
                row.dossier.applicant.full_name,
                row.step.name,
                row.dossier.procedure_version.name,
                row.assignee,
            )
            for row in rows
        ]
    assert len(shown) == 5


def test_only_the_role_in_the_agency_sees_unassigned_tasks(world, tasks):
    assert not queries.inbox(
        world.district.clerk, world.district.agency, at=NOW
    ).exists()
    assert not queries.inbox(
        world.other_district.specialist, world.other_district.agency, at=NOW
    ).exists()
    assert not queries.inbox(
        world.district.specialist, world.other_district.agency, at=NOW
    ).exists()


def test_leaders_see_the_unassigned_and_assigned_tasks_stay_with_their_owner(
    world, tasks
):
    leader_rows = queries.inbox(world.district.leader, world.district.agency, at=NOW)
    assert leader_rows.count() == 5
    colleague = RoleAssignment.objects.create(
        user=world.district.clerk, agency=world.district.agency, role="specialist"
    ).user
    services.assign(tasks[0], user=world.district.leader, assignee=colleague, at=NOW)
    mine = queries.inbox(colleague, world.district.agency, at=NOW)
    assert tasks[0].pk in {r.pk for r in mine}
    theirs = queries.inbox(world.district.specialist, world.district.agency, at=NOW)
    assert tasks[0].pk not in {r.pk for r in theirs}
    assert (
        queries.inbox(world.district.leader, world.district.agency, at=NOW).count() == 4
    )


@pytest.mark.parametrize(
    ("q", "index"),
    [("dang van phuc", 2), ("Đặng", 2), ("080088004567", 1), ("pham dao", 3)],
)
def test_search_by_name_or_id_without_diacritics(world, tasks, q, index):
    rows = queries.inbox(world.district.specialist, world.district.agency, at=NOW, q=q)
    assert [r.pk for r in rows] == [tasks[index].pk]


def test_search_by_code(world, tasks):
    code = tasks[2].dossier.code
    rows = queries.inbox(
        world.district.specialist, world.district.agency, at=NOW, q=code
    )
    assert [r.pk for r in rows] == [tasks[2].pk]


def test_filters(world, tasks, version):
    agency, user = world.district.agency, world.district.specialist
    assert queries.inbox(user, agency, at=NOW, procedure=version.pk).count() == 5
    assert queries.inbox(user, agency, at=NOW, status="received").count() == 0
    assert queries.inbox(user, agency, at=NOW, status="in_progress").count() == 5
    day = local(2025, 10, 27, 0, 0).date()
    assert (
        queries.inbox(user, agency, at=NOW, received_from=day, received_to=day).count()
        == 5
    )
    assert queries.inbox(user, agency, at=NOW, received_from="2025-10-28").count() == 0
    late = queries.inbox(user, agency, at=NOW, urgency="late")
    assert [r.pk for r in late] == [tasks[1].pk]


def test_counts_per_urgency(world, tasks):
    counts = queries.inbox_counts(
        world.district.specialist, world.district.agency, at=NOW
    )
    assert counts == {"late": 1, "due_today": 1, "due_soon": 1, "later": 1, "none": 1}


def test_open_task_and_progress(world, version):
    task = receive(
        world, version, "Nguyễn Văn An", "080090000123", local(2025, 10, 27, 9, 0)
    )
    assert queries.open_task(task.dossier).pk == task.pk
    report = queries.progress(task.dossier, at=local(2025, 10, 27, 14, 0))
    assert len(report.legs) == 1
    leg = report.legs[0]
    assert leg.used_minutes == 210  # 9:00-11:30 and 13:00-14:00
    assert leg.budget_minutes == 2400
    assert not leg.over
    assert [t.step.key for t in report.tasks] == ["receive", "appraise"]
    assert report.tasks[1].given_by == world.district.desk


def test_every_task_copies_its_dossiers_procedure_reception_and_search_text(
    world, tasks, version
):
    services.claim(tasks[0], user=world.district.specialist, at=NOW)
    nxt = services.forward(tasks[0], user=world.district.specialist, at=NOW)
    for task in [*DossierTask.objects.filter(dossier=tasks[0].dossier), nxt]:
        dossier = task.dossier
        assert task.procedure_version_id == dossier.procedure_version_id == version.pk
        assert task.received_at == dossier.received_at
        assert task.search_text == dossier.search_text
        assert "tran thi bich" in task.search_text


def test_filters_read_the_tasks_copies(world, tasks, version):
    """Searching and filtering use the task's own columns, not the dossier's."""
    agency, user = world.district.agency, world.district.specialist
    DossierTask.objects.filter(pk=tasks[2].pk).update(
        search_text="", procedure_version=None, received_at=None
    )
    assert not queries.inbox(user, agency, at=NOW, q="dang van phuc").exists()
    assert queries.inbox(user, agency, at=NOW, procedure=version.pk).count() == 4
    assert queries.inbox(user, agency, at=NOW, received_from="2025-10-27").count() == 4
    assert queries.inbox_counts(user, agency, at=NOW, q="080070001111") == {
        "late": 0,
        "due_today": 0,
        "due_soon": 0,
        "later": 0,
        "none": 0,
    }


def test_the_migration_fills_the_copies_of_existing_tasks(world, tasks, version):
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = import_module("motcua.workflow.migrations.0003_inbox_copies")
    DossierTask.objects.update(search_text="", procedure_version=None, received_at=None)
    editor = SimpleNamespace(
        connection=connection, quote_name=connection.ops.quote_name
    )
    migration.fill_copies(apps, editor)
    for task in DossierTask.objects.select_related("dossier"):
        assert task.search_text == task.dossier.search_text != ""
        assert task.procedure_version_id == version.pk
        assert task.received_at == task.dossier.received_at


def test_a_task_opened_by_a_transfer_is_found_by_search_and_filters(world):
    from .world import procedure as make_procedure

    version = make_procedure("1.004859", level="commune", functions=("commune_pc",))
    received = local(2025, 10, 27, 9, 0)
    dossier = services.receive(
        **reception_kwargs(
            world.commune,
            version,
            at=received,
            applicant=applicant(
                full_name="Hồ Thị Lựu", personal_id="080077009999", date_of_birth=None
            ),
        )
    )
    desk = DossierTask.objects.get(dossier=dossier, state="open")
    appraisal = services.forward(
        desk, user=world.commune.desk, at=local(2025, 10, 27, 9, 10)
    )
    there = services.transfer(
        appraisal,
        user=world.commune.specialist,
        to_agency=world.district.agency,
        at=local(2025, 10, 27, 10, 0),
    )
    agency, user = world.district.agency, world.district.specialist
    dossier.refresh_from_db()
    found = {
        "search": queries.inbox(user, agency, at=NOW, q="ho thi luu"),
        "id": queries.inbox(user, agency, at=NOW, q="080077009999"),
        "code": queries.inbox(user, agency, at=NOW, q=dossier.code),
        "procedure": queries.inbox(user, agency, at=NOW, procedure=version.pk),
        "received": queries.inbox(
            user,
            agency,
            at=NOW,
            received_from=received.date(),
            received_to="2025-10-27",
        ),
        "status": queries.inbox(user, agency, at=NOW, status=dossier.status),
    }
    assert {key: [t.pk for t in rows] for key, rows in found.items()} == {
        key: [there.pk] for key in found
    }
    assert not queries.inbox(user, agency, at=NOW, received_from="2025-10-28").exists()
    # Back at the commune, the returned task is found there too.
    approve = services.forward(
        there, user=world.district.specialist, at=local(2025, 10, 27, 14, 0)
    )
    back = services.complete_transfer(
        approve, user=world.district.leader, at=local(2025, 10, 28, 8, 30)
    )
    rows = queries.inbox(
        world.commune.specialist, world.commune.agency, at=NOW, q="luu 080077009999"
    )
    assert [t.pk for t in rows] == [back.pk]
    assert back.search_text == dossier.search_text
