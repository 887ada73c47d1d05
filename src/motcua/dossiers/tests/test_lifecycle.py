import threading

from django.db import connection, transaction

import pytest

from motcua.deadlines.domain import counts_as_late_in_evaluation
from motcua.deadlines.services import seed_holidays
from motcua.dossiers.domain import Action, Activity, IllegalTransition, Status
from motcua.dossiers.models import (
    Dossier,
    DossierEvent,
    DossierPause,
    ReceptionGuidance,
)
from motcua.dossiers.services.audit import verify_chain
from motcua.dossiers.services.lifecycle import (
    ConcurrentChange,
    describe,
    record_activity,
    transition,
)
from motcua.dossiers.services.reception import refuse_dossier, request_supplement

from .factories import DossierFactory, desk_officer
from .helpers import desk, five_day_procedure, local, receive

pytestmark = pytest.mark.django_db


def _received(at=None):
    seed_holidays([2025, 2026])
    agency, officer = desk()
    version = five_day_procedure(agency)
    dossier = receive(agency, officer, version, at=at or local(2025, 10, 27, 9, 0))
    return dossier, officer


def test_a_transition_moves_the_status_and_chains_an_event(
    django_capture_on_commit_callbacks,
):
    dossier, officer = _received()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        transition(dossier, Action.START_PROCESSING, actor=officer, reason="Chuyển")
    assert dossier.status == Status.IN_PROGRESS
    assert Dossier.objects.get().status == Status.IN_PROGRESS
    event = DossierEvent.objects.get(sequence=2)
    assert (event.from_status, event.to_status, event.reason) == (
        "received",
        "in_progress",
        "Chuyển",
    )
    assert event.previous_hash == DossierEvent.objects.get(sequence=1).hash
    assert verify_chain(dossier) == []
    assert len(callbacks) == 1


def test_a_supplement_request_pauses_the_clock_and_resuming_moves_the_due_time():
    # given: received Monday 27/10/2025 9:00, due Monday 3/11 9:00
    dossier, officer = _received()
    assert dossier.due_at == local(2025, 11, 3, 9, 0)
    transition(dossier, Action.START_PROCESSING, actor=officer)

    # when: asked Tuesday 28/10 at 9:00, supplied Thursday 30/10 at 9:00
    transition(
        dossier, Action.REQUEST_SUPPLEMENT, actor=officer, at=local(2025, 10, 28, 9, 0)
    )
    paused = Dossier.objects.get()
    assert paused.due_at is None
    assert DossierPause.objects.get().ended_at is None

    transition(
        dossier, Action.RECEIVE_SUPPLEMENT, actor=officer, at=local(2025, 10, 30, 9, 0)
    )

    # then: two working days later
    assert dossier.status == Status.IN_PROGRESS
    assert dossier.due_at == local(2025, 11, 5, 9, 0)
    assert DossierPause.objects.get().ended_at == local(2025, 10, 30, 9, 0)
    assert dossier.supplement_requests == 1


def test_a_second_supplement_request_is_counted_and_makes_the_dossier_late():
    dossier, officer = _received()
    transition(dossier, Action.START_PROCESSING, actor=officer)
    for day in (28, 29):
        transition(
            dossier,
            Action.REQUEST_SUPPLEMENT,
            actor=officer,
            at=local(2025, 10, day, 9, 0),
        )
        transition(
            dossier,
            Action.RECEIVE_SUPPLEMENT,
            actor=officer,
            at=local(2025, 10, day, 10, 0),
        )
    assert dossier.supplement_requests == 2
    assert DossierPause.objects.filter(dossier=dossier).count() == 2
    assert counts_as_late_in_evaluation(
        dossier.due_at, dossier.received_at, dossier.supplement_requests
    )


def test_waiting_for_fees_pauses_the_clock_too():
    dossier, officer = _received()
    transition(dossier, Action.START_PROCESSING, actor=officer)
    transition(
        dossier, Action.REQUEST_FEES, actor=officer, at=local(2025, 10, 28, 8, 0)
    )
    assert dossier.due_at is None
    transition(
        dossier,
        Action.RECORD_FEES,
        actor=officer,
        at=local(2025, 10, 28, 13, 0),
        payload={"amount": 150000},
    )
    # 3.5 office hours paused (8:00-11:30; lunch does not count)
    assert dossier.due_at == local(2025, 11, 3, 14, 0)
    assert dossier.fee_paid == 150000


def test_resolving_and_returning_record_their_times_and_late_is_derived():
    dossier, officer = _received()
    transition(dossier, Action.START_PROCESSING, actor=officer)
    transition(dossier, Action.RESOLVE, actor=officer, at=local(2025, 11, 4, 8, 0))
    transition(
        dossier, Action.RETURN_RESULT, actor=officer, at=local(2025, 11, 5, 8, 0)
    )
    assert dossier.status == Status.RETURNED
    assert dossier.resolved_at == local(2025, 11, 4, 8, 0)
    assert dossier.is_late(local(2026, 1, 1, 0, 0))
    assert not DossierFactory(resolved=True).is_late(local(2030, 1, 1, 0, 0))


def test_an_illegal_action_is_refused_and_nothing_is_written():
    dossier, officer = _received()
    with pytest.raises(IllegalTransition) as refused:
        transition(dossier, Action.RETURN_RESULT, actor=officer)
    assert describe(refused.value) == (
        "Không thể “Trả kết quả” hồ sơ đang ở trạng thái “Được tiếp nhận”."
    )
    assert Dossier.objects.get().status == Status.RECEIVED
    assert DossierEvent.objects.count() == 1


def test_a_stale_view_is_refused_with_a_clear_message():
    dossier, officer = _received()
    stale = Dossier.objects.get(pk=dossier.pk)
    transition(dossier, Action.START_PROCESSING, actor=officer)
    with pytest.raises(ConcurrentChange) as refused:
        transition(stale, Action.START_PROCESSING, actor=officer)
    assert "cán bộ khác" in describe(refused.value)
    assert DossierEvent.objects.count() == 2


def test_an_online_dossier_asked_to_complete_itself_is_then_received():
    dossier = DossierFactory(new=True)
    officer = desk_officer(dossier.receiving_agency)
    request_supplement(dossier, officer=officer, missing=["Giấy chứng sinh"], note="")
    assert dossier.status == Status.AWAITING_SUPPLEMENT
    assert not dossier.pauses.exists()  # the clock had not started
    guidance = ReceptionGuidance.objects.get()
    assert (guidance.dossier, guidance.missing) == (dossier, ["Giấy chứng sinh"])

    with pytest.raises(IllegalTransition):
        transition(dossier, Action.RECEIVE_SUPPLEMENT, actor=officer)
    transition(dossier, Action.RECEIVE, actor=officer, at=local(2025, 10, 28, 8, 0))
    assert dossier.status == Status.RECEIVED
    assert dossier.received_at == local(2025, 10, 28, 8, 0)
    assert dossier.received_by == officer
    assert dossier.due_at is not None


def test_an_online_dossier_refused_at_reception_is_not_accepted():
    dossier = DossierFactory(new=True)
    officer = desk_officer(dossier.receiving_agency)
    refuse_dossier(dossier, officer=officer, reasons="Hồ sơ giả mạo")
    assert dossier.status == Status.NOT_ACCEPTED
    assert ReceptionGuidance.objects.get().kind == "refusal"


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database uses a shared cache, which "
    "answers 'table is locked' at once instead of waiting for the writer "
    "(busy_timeout does not apply); a SQLite file serialises writers with "
    "BEGIN IMMEDIATE, and PostgreSQL runs this test",
)
@pytest.mark.django_db(transaction=True)
def test_two_officers_acting_at_once_one_wins_and_the_other_is_told():
    dossier, officer = _received()
    other = desk_officer(dossier.receiving_agency, username="motcua.khac")
    barrier = threading.Barrier(2)
    outcomes = {}

    def act(name, actor, action):
        try:
            mine = Dossier.objects.get(pk=dossier.pk)  # each officer's own view
            barrier.wait(timeout=10)
            transition(mine, action, actor=actor)
            outcomes[name] = "won"
        except IllegalTransition as refused:
            outcomes[name] = describe(refused)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("a", officer, Action.START_PROCESSING)),
        threading.Thread(target=act, args=("b", other, Action.STOP)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values())[-1] == "won"
    loser = next(v for v in outcomes.values() if v != "won")
    assert "cán bộ khác" in loser
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2
    final = Dossier.objects.get(pk=dossier.pk)
    assert final.status in (Status.IN_PROGRESS, Status.STOPPED)
    assert final.audit_head == DossierEvent.objects.get(sequence=2).hash


def test_an_activity_joins_the_chain_without_changing_the_status():
    dossier, officer = _received()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        record_activity(
            locked, Activity.FORWARD, actor=officer, payload={"to": "appraise"}
        )
    dossier.refresh_from_db()
    last = dossier.events.order_by("-sequence").first()
    assert (last.action, last.from_status, last.to_status, last.public) == (
        "forward",
        Status.RECEIVED,
        Status.RECEIVED,
        False,
    )
    assert dossier.audit_head == last.hash
    assert verify_chain(dossier) == []
