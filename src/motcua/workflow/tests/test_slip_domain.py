from motcua.deadlines.tests.calendars import at, vietnam
from motcua.workflow.domain.lateness import HopOutcome, Interval
from motcua.workflow.domain.slip import (
    Handling,
    Party,
    overall_outcome,
    slip_rows,
)

CALENDAR = vietnam()
APPLICANT = Party("Nguyễn Văn An")
DESK = Party("UBND huyện Tân Thạnh", "Bộ phận một cửa", "Trần Thị Bình")
SPECIALIST = Party("UBND huyện Tân Thạnh", "Phòng Tư pháp", "Lê Văn Cường")
LEADER = Party("UBND huyện Tân Thạnh", "Lãnh đạo", "Phạm Văn Dũng")
COMMUNE = Party("UBND xã Tân Lập", "Công chức tư pháp", "Võ Thị Em")


def journey():
    return [
        Handling(DESK, at("16/11/2026 08:00"), at("16/11/2026 09:00"), 60),
        Handling(
            SPECIALIST, at("16/11/2026 09:00"), at("17/11/2026 09:00"), 960, "Bình"
        ),
        Handling(LEADER, at("17/11/2026 09:00"), at("18/11/2026 10:00"), 240),
        Handling(DESK, at("18/11/2026 10:00"), None, 60),
    ]


def test_reception_opens_the_slip_and_each_step_hands_over():
    rows = slip_rows(
        journey(),
        calendar=CALENDAR,
        applicant=APPLICANT,
        received_at=at("16/11/2026 08:00"),
    )
    assert [(r.giver, r.receiver) for r in rows] == [
        (APPLICANT, DESK),
        (Party(DESK.agency, DESK.unit, "Bình"), SPECIALIST),  # given_by wins
        (SPECIALIST, LEADER),
        (LEADER, DESK),
    ]
    assert [r.handed_at for r in rows] == [
        at("16/11/2026 08:00"),
        at("16/11/2026 09:00"),
        at("17/11/2026 09:00"),
        at("18/11/2026 10:00"),
    ]


def test_each_giver_is_judged_by_its_budget():
    rows = slip_rows(
        journey(),
        calendar=CALENDAR,
        applicant=APPLICANT,
        received_at=at("16/11/2026 08:00"),
    )
    assert [r.outcome for r in rows] == [
        None,  # reception
        HopOutcome.ON_TIME,  # desk: 60 of 60
        HopOutcome.EARLY,  # specialist: 480 of 960
        HopOutcome.LATE,  # leader: 540 of 240
    ]
    assert [(r.allotted_minutes, r.used_minutes) for r in rows[1:]] == [
        (60, 60),
        (960, 480),
        (240, 540),
    ]


def test_returning_the_result_closes_the_slip():
    rows = slip_rows(
        journey(),
        calendar=CALENDAR,
        applicant=APPLICANT,
        received_at=at("16/11/2026 08:00"),
        returned_at=at("18/11/2026 10:30"),
    )
    last = rows[-1]
    assert (last.giver, last.receiver) == (DESK, APPLICANT)
    assert (last.used_minutes, last.outcome) == (30, HopOutcome.EARLY)


def test_a_transfer_is_a_hand_over_between_agencies():
    steps = [
        Handling(DESK, at("16/11/2026 08:00"), at("16/11/2026 08:30"), 60),
        Handling(COMMUNE, at("16/11/2026 08:30"), at("19/11/2026 08:30"), 960),
        Handling(SPECIALIST, at("19/11/2026 08:30"), None, 480),
    ]
    rows = slip_rows(
        steps, calendar=CALENDAR, applicant=APPLICANT, received_at=steps[0].arrived_at
    )
    assert rows[2].giver.agency == "UBND xã Tân Lập"
    assert rows[2].receiver.agency == "UBND huyện Tân Thạnh"
    assert rows[2].outcome is HopOutcome.LATE  # 1440 of 960


def test_the_wait_for_the_applicant_is_not_counted():
    steps = [
        Handling(SPECIALIST, at("16/11/2026 08:00"), at("19/11/2026 08:00"), 960),
        Handling(LEADER, at("19/11/2026 08:00")),
    ]
    pause = Interval(at("17/11/2026 08:00"), at("18/11/2026 08:00"))
    rows = slip_rows(
        steps,
        calendar=CALENDAR,
        applicant=APPLICANT,
        received_at=steps[0].arrived_at,
        pauses=[pause],
    )
    assert (rows[1].used_minutes, rows[1].outcome) == (960, HopOutcome.ON_TIME)


def test_a_step_without_budget_is_not_judged():
    steps = [
        Handling(DESK, at("16/11/2026 08:00"), at("16/11/2026 10:00"), None),
        Handling(SPECIALIST, at("16/11/2026 10:00")),
    ]
    rows = slip_rows(steps, calendar=CALENDAR, applicant=APPLICANT, received_at=None)
    assert len(rows) == 1  # no reception row without a reception time
    assert rows[0].outcome is None


def test_no_steps_no_rows():
    assert (
        slip_rows(
            [],
            calendar=CALENDAR,
            applicant=APPLICANT,
            received_at=at("16/11/2026 08:00"),
        )
        == []
    )


def test_overall_outcome_against_the_legal_due_time():
    due = at("20/11/2026 09:00")
    assert overall_outcome(due, at("19/11/2026 09:00")) is HopOutcome.EARLY
    assert overall_outcome(due, due.replace(second=30)) is HopOutcome.LATE
    assert overall_outcome(due, due) is HopOutcome.ON_TIME
    assert overall_outcome(due, at("20/11/2026 09:01")) is HopOutcome.LATE
    assert overall_outcome(due, None) is None
    assert overall_outcome(None, due) is None
