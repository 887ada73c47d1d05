"""Checks of process definitions, on plain values (no database)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.workflow.domain import (
    ProcessKind,
    Route,
    StepAction,
    StepDef,
    budget_to_minutes,
    legal_minutes,
    validate,
)

A = StepAction


def step(key, role="specialist", amount=1, unit="working_hours", actions=(), to=()):
    return StepDef(
        key=key,
        role=role,
        budget_amount=amount,
        budget_unit=unit,
        actions=frozenset(actions),
        routes=tuple(Route(t) for t in to),
    )


def common_process(spec_days=2):
    return [
        step("desk", "desk_officer", 2, actions=[A.FORWARD], to=["appraise"]),
        step(
            "appraise",
            "specialist",
            spec_days,
            "working_days",
            [A.FORWARD, A.SEND_BACK, A.REQUEST_SUPPLEMENT, A.STOP],
            ["sign"],
        ),
        step("sign", "leader", 4, actions=[A.SIGN, A.SEND_BACK], to=["issue"]),
        step("issue", "clerk", 2, actions=[A.ISSUE], to=["return"]),
        step("return", "desk_officer", 0, actions=[A.RETURN_RESULT]),
    ]


def codes(problems):
    return [p.code for p in problems]


def test_the_common_process_is_sound():
    assert validate(common_process(), legal_minutes(3, "working_days")) == []


def test_a_process_needs_a_step():
    assert codes(validate([], 480)) == ["no_steps"]


def test_keys_are_unique():
    steps = common_process()
    steps.append(step("desk", "desk_officer"))
    assert "duplicate_key" in codes(validate(steps, None))


def test_a_route_must_point_to_a_step():
    steps = common_process()
    steps[1] = step("appraise", actions=[A.FORWARD], to=["nowhere"])
    problems = validate(steps, None)
    assert {
        "code": "unknown_route",
        "params": {"step": "appraise", "to": "nowhere"},
    } in [{"code": p.code, "params": dict(p.params)} for p in problems]


def test_routes_may_not_loop():
    steps = common_process()
    steps[2] = step("sign", "leader", actions=[A.SIGN], to=["issue", "appraise"])
    problems = validate(steps, None)
    cycle = next(p for p in problems if p.code == "cycle")
    assert cycle.params["steps"] == "appraise → sign → appraise"
    # A looping process is not walked further: no result/budget noise.
    assert "over_budget" not in codes(problems)


def test_every_step_is_reachable_from_the_first():
    steps = [*common_process(), step("orphan", actions=[A.RETURN_RESULT])]
    assert [p.params for p in validate(steps, None) if p.code == "unreachable"] == [
        {"step": "orphan"}
    ]


def test_a_main_process_starts_at_the_desk():
    steps = common_process()[1:]
    assert "first_not_desk" in codes(validate(steps, None))


def test_a_transfer_process_may_start_with_a_specialist():
    steps = [
        step("appraise", actions=[A.FORWARD, A.RETURN_TRANSFER], to=["approve"]),
        step("approve", "leader", actions=[A.COMPLETE_TRANSFER, A.RETURN_TRANSFER]),
    ]
    assert validate(steps, None, ProcessKind.TRANSFER) == []


def test_a_transfer_process_ends_in_complete_transfer():
    steps = [
        step("appraise", actions=[A.FORWARD], to=["approve"]),
        step("approve", "leader", actions=[A.RETURN_TRANSFER]),
    ]
    assert [p.params for p in validate(steps, None, "transfer")] == [
        {"step": "approve"}
    ]


def test_every_path_issues_a_result():
    steps = common_process()
    steps[1] = step(
        "appraise", actions=[A.FORWARD], to=["sign", "inspect"]
    )  # a branch that skips the issue
    steps.append(step("inspect", actions=[A.FORWARD], to=["return"]))
    problems = validate(steps, None)
    assert [(p.code, dict(p.params)) for p in problems] == [
        ("path_without_issue", {"step": "return"})
    ]


def test_the_result_is_returned_after_it_is_issued():
    steps = common_process()
    steps[3] = step("issue", "clerk", actions=[A.ISSUE])
    steps.pop()
    assert codes(validate(steps, None)) == [
        "advance_without_route",
        "path_without_return",
    ]


def test_a_branch_that_rejoins_is_fine():
    steps = common_process()
    steps[1] = step("appraise", actions=[A.FORWARD], to=["sign", "inspect"])
    steps.append(step("inspect", actions=[A.FORWARD], to=["sign"]))
    assert validate(steps, None) == []


def test_only_a_leader_signs():
    steps = common_process()
    steps[2] = step("sign", "specialist", actions=[A.SIGN], to=["issue"])
    assert codes(validate(steps, None)) == ["sign_not_leader"]


def test_forwarding_needs_a_route_and_a_route_needs_forwarding():
    steps = common_process()
    steps[1] = step("appraise", actions=[A.FORWARD])
    assert "advance_without_route" in codes(validate(steps, None))
    steps[1] = step("appraise", actions=[A.STOP], to=["sign"])
    assert "route_without_advance" in codes(validate(steps, None))


def test_unknown_actions_and_units_are_named():
    steps = common_process()
    steps[1] = StepDef(
        "appraise",
        "specialist",
        1,
        "fortnights",
        frozenset({"forward", "dance"}),
        (Route("sign"),),
    )
    assert codes(validate(steps, None)) == ["unknown_action", "unknown_unit"]


def test_a_function_rule_names_the_function():
    steps = common_process()
    steps[1] = StepDef(
        "appraise",
        "specialist",
        actions=frozenset({"forward"}),
        routes=(Route("sign"),),
        agency_rule="function",
    )
    assert codes(validate(steps, None)) == ["function_missing"]


def test_budgets_along_the_longest_path_fit_the_legal_time():
    # 2 h + 2 days + 4 h + 2 h + 0 = 1,440 minutes
    steps = common_process(spec_days=2)
    assert validate(steps, 1440) == []
    problems = validate(steps, 1439)
    assert [(p.code, dict(p.params)) for p in problems] == [
        ("over_budget", {"minutes": 1440, "legal_minutes": 1439})
    ]


def test_the_longest_branch_counts():
    steps = common_process(spec_days=1)
    steps[1] = step(
        "appraise",
        amount=1,
        unit="working_days",
        actions=[A.FORWARD],
        to=["sign", "inspect"],
    )
    steps.append(
        step("inspect", amount=3, unit="working_days", actions=[A.FORWARD], to=["sign"])
    )
    # desk 120 + appraise 480 + inspect 1440 + sign 240 + issue 120
    assert validate(steps, 2400) == []
    assert codes(validate(steps, 2399)) == ["over_budget"]


@pytest.mark.parametrize(
    ("amount", "unit", "minutes"),
    [
        (5, "working_days", 2400),
        (Decimal("0.5"), "working_days", 240),
        (4, "working_hours", 240),
        (3, "calendar_days", 1440),  # an upper bound: each day as a working day
        (0, "same_day", 480),
    ],
)
def test_legal_time_in_working_minutes(amount, unit, minutes):
    assert legal_minutes(amount, unit) == minutes


def test_unknown_units_are_refused():
    with pytest.raises(ValueError, match="unknown time unit"):
        legal_minutes(1, "fortnights")
    with pytest.raises(ValueError, match="unknown budget unit"):
        budget_to_minutes(1, "calendar_days")
    with pytest.raises(ValueError, match="negative"):
        budget_to_minutes(-1, "working_days")


amounts = st.decimals(min_value=0, max_value=50, places=1)
units = st.sampled_from(["working_hours", "working_days"])


@given(st.lists(st.tuples(amounts, units), min_size=1, max_size=8))
def test_a_chain_uses_the_sum_of_its_budgets(budgets):
    keys = [f"s{i}" for i in range(len(budgets))]
    steps = []
    for i, (amount, unit) in enumerate(budgets):
        last = i == len(budgets) - 1
        steps.append(
            StepDef(
                keys[i],
                "desk_officer" if i == 0 else "specialist",
                amount,
                unit,
                frozenset({A.ISSUE, A.RETURN_RESULT} if last else {A.FORWARD}),
                () if last else (Route(keys[i + 1]),),
            )
        )
    total = sum(budget_to_minutes(a, u) for a, u in budgets)
    assert validate(steps, total) == []
    assert codes(validate(steps, total - 1)) == ["over_budget"]


@given(amounts, units)
def test_budget_minutes_scale_with_the_unit(amount, unit):
    minutes = budget_to_minutes(amount, unit)
    per = 480 if unit == "working_days" else 60
    assert abs(minutes - float(amount) * per) <= 0.5
    assert budget_to_minutes(amount * 2, unit) in (
        2 * minutes - 1,
        2 * minutes,
        2 * minutes + 1,
    )


@given(st.lists(st.lists(st.integers(0, 7), max_size=3), min_size=1, max_size=8))
def test_validation_never_crashes_and_finds_every_loop(edges):
    keys = [f"k{i}" for i in range(len(edges))]
    steps = [
        StepDef(
            keys[i],
            "desk_officer",
            1,
            "working_hours",
            frozenset({"forward", "issue", "return_result"}),
            tuple(Route(keys[j]) for j in targets if j < len(keys)),
        )
        for i, targets in enumerate(edges)
    ]
    graph = {
        keys[i]: {keys[j] for j in targets if j < len(keys)}
        for i, targets in enumerate(edges)
    }
    problems = validate(steps, 10**6)
    assert ("cycle" in codes(problems)) == _has_cycle(graph)


def _has_cycle(graph):
    def reaches(a, b, seen):
        return any(
            c == b or (c not in seen and reaches(c, b, seen | {c})) for c in graph[a]
        )

    return any(reaches(k, k, set()) for k in graph)
