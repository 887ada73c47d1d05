"""The synthetic data of the benchmarks is consistent (no database needed)."""

import random
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from bench import dossiers, workflow
from motcua.deadlines.domain import WorkingCalendar
from motcua.dossiers.domain import Status

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
# (step id, role, agency rule, budget minutes, share, cumulative share)
STEPS = [
    (1, "desk_officer", "receiving", 60, 0.05, 0.05),
    (2, "specialist", "handling", 960, 0.55, 0.6),
    (3, "leader", "handling", 480, 0.3, 0.9),
    (4, "clerk", "handling", 120, 0.1, 1.0),
    (5, "desk_officer", "receiving", 0, 0.0, 1.0),
]
PATHS = {7: (70, STEPS, 1620)}


def _row(dossier_id, status, *, days_ago=3, resolved=None, returned=None):
    received = NOW - timedelta(days=days_ago)
    return (
        dossier_id,
        status,
        received,
        received + timedelta(days=5),
        resolved,
        returned,
        100,
        200,
        7,
        f" hs{dossier_id:06d} nguyen van a",
    )


def _tasks(rows, staff=None):
    return workflow._batch(
        rows, PATHS, staff or {}, WorkingCalendar(), NOW, random.Random(1)
    )


def test_a_returned_dossier_has_every_step_done_in_order():
    received = NOW - timedelta(days=20)
    row = _row(
        1,
        Status.RETURNED.value,
        days_ago=20,
        resolved=received + timedelta(days=4),
        returned=received + timedelta(days=5),
    )
    legs, tasks = _tasks([row])
    assert legs[0]["outcome"] == "done"
    assert legs[0]["finished_at"] == row[4]
    assert [t["step_id"] for t in tasks] == [1, 2, 3, 4, 5]
    assert all(t["state"] == "done" for t in tasks)
    assert tasks[0]["first"]
    assert not any(t["first"] for t in tasks[1:])
    ends = [t["finished_at"] for t in tasks]
    assert ends == sorted(ends)
    assert ends[-1] == row[5]
    assert all(t["arrived_at"] <= t["finished_at"] for t in tasks)
    assert [t["agency_id"] for t in tasks] == [100, 200, 200, 200, 100]


def test_open_dossiers_have_one_open_task_at_the_right_step():
    rows = [
        _row(1, Status.RECEIVED.value, days_ago=0),
        _row(2, Status.IN_PROGRESS.value, days_ago=3),
        _row(3, Status.RESOLVED.value, resolved=NOW - timedelta(hours=2)),
    ]
    legs, tasks = _tasks(rows)
    assert all(leg["finished_at"] is None for leg in legs[:2])
    for dossier_id in (1, 2, 3):
        mine = [t for t in tasks if t["dossier_id"] == dossier_id]
        assert [t["state"] for t in mine][-1] == "open"
        assert all(t["state"] == "done" for t in mine[:-1])
        assert mine[-1]["arrived_at"] <= NOW
        assert mine[-1]["due_at"] >= mine[-1]["arrived_at"]
    assert [t["step_id"] for t in tasks if t["dossier_id"] == 1] == [1]
    assert [t["step_id"] for t in tasks if t["dossier_id"] == 3][-1] == 5
    assert [t for t in tasks if t["dossier_id"] == 2][-1]["step_id"] in (2, 3, 4)


def test_open_tasks_of_busy_agencies_go_to_officers_or_the_role():
    rows = [_row(n, Status.IN_PROGRESS.value) for n in range(200)]
    staff = {(200, role): [11, 12] for role in ("specialist", "leader", "clerk")}
    _legs, tasks = _tasks(rows, staff)
    waiting = [t for t in tasks if t["state"] == "open"]
    assigned = [t for t in waiting if t["assignee_id"]]
    assert 0.3 < len(assigned) / len(waiting) < 0.7
    assert {t["assignee_id"] for t in assigned} == {11, 12}
    assert all(t["claimed_at"] for t in assigned)


def test_every_task_copies_its_dossiers_procedure_reception_and_search_text():
    rows = [
        _row(1, Status.RECEIVED.value, days_ago=0),
        _row(2, Status.IN_PROGRESS.value, days_ago=3),
        _row(3, Status.RESOLVED.value, resolved=NOW - timedelta(hours=2)),
    ]
    _legs, tasks = _tasks(rows)
    by_id = {row[0]: row for row in rows}
    for task in tasks:
        row = by_id[task["dossier_id"]]
        assert task["procedure_version_id"] == row[8] == 7
        assert task["received_at"] == row[2]
        assert task["search_text"] == row[9]


def test_the_main_path_follows_first_routes_and_stops_at_the_return():
    def step(pk, key, position, routes=(), actions=()):
        return SimpleNamespace(
            pk=pk,
            key=key,
            position=position,
            routes=[{"to": to} for to in routes],
            actions=list(actions),
        )

    steps = [
        step(1, "receive", 0, ["appraise"]),
        step(2, "appraise", 1, ["sign", "inspect"]),
        step(3, "inspect", 2, ["appraise"]),
        step(4, "sign", 3),
        step(5, "return", 4, actions=["return_result"]),
        step(6, "archive", 5),
    ]
    assert [s.key for s in workflow._main_path(steps)] == [
        "receive",
        "appraise",
        "sign",
        "return",
    ]


def test_busy_agencies_get_their_share_and_the_rest_are_even():
    agencies = [
        SimpleNamespace(pk=n, function=f, unit=SimpleNamespace(code=c))
        for n, f, c in [
            (1, "district_pc", "799"),
            (2, "district_pc", "794"),
            *[(n, "commune_pc", "x") for n in range(3, 53)],
        ]
    ]
    pick = dossiers._agency_picker(agencies)
    counts: dict = {}
    for index in range(100_000):
        agency = pick(index)
        counts[agency.pk] = counts.get(agency.pk, 0) + 1
    assert pick.busy == {1, 2}
    assert abs(counts[1] / 100_000 - 0.15) < 0.01
    assert abs(counts[2] / 100_000 - 0.04) < 0.01
    communes = [counts.get(n, 0) for n in range(3, 53)]
    assert min(communes) > 0.8 * max(communes)
    assert pick(12345) is pick(12345)


def test_dossiers_finish_late_more_often_in_busy_agencies():
    rng = random.Random(3)
    quiet = [dossiers._finish_share(rng, False) for _ in range(5000)]
    busy = [dossiers._finish_share(rng, True) for _ in range(5000)]
    assert 0.1 < sum(s > 1 for s in quiet) / 5000 < 0.2
    assert sum(s > 1 for s in busy) / 5000 > 0.5
