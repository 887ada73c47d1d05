"""Internal processes (quy trình nội bộ) as plain values, and their checks.

A process is data: ordered steps, each handled by a role in an agency,
with a share of the legal time and the actions allowed there. Routes are
the forward edges between steps (branches allowed); sending back is
dynamic (to the step the task came from), so it is not a route.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class StepAction(StrEnum):
    FORWARD = "forward"  # chuyển bước tiếp theo
    SEND_BACK = "send_back"  # trả lại bước trước
    REQUEST_SUPPLEMENT = "request_supplement"  # yêu cầu bổ sung
    REQUEST_FEES = "request_fees"  # yêu cầu nghĩa vụ tài chính
    TRANSFER = "transfer"  # chuyển liên thông
    APPROVE = "approve"  # duyệt
    SIGN = "sign"  # ký số
    ISSUE = "issue"  # phát hành kết quả
    RETURN_RESULT = "return_result"  # trả kết quả
    STOP = "stop"  # dừng xử lý
    COMPLETE_TRANSFER = "complete_transfer"  # hoàn thành phần liên thông
    RETURN_TRANSFER = "return_transfer"  # trả lại hồ sơ liên thông


class ProcessKind(StrEnum):
    MAIN = "main"
    TRANSFER = "transfer"


class AgencyRule(StrEnum):
    RECEIVING = "receiving"  # the agency that received the dossier
    HANDLING = "handling"  # the agency that decides it (the leg's agency)
    PARENT_PC = "parent_pc"  # the People's Committee above the leg's agency
    FUNCTION = "function"  # the agency with a function in the same unit


class BudgetUnit(StrEnum):
    WORKING_HOURS = "working_hours"
    WORKING_DAYS = "working_days"


class TaskState(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class LegOutcome(StrEnum):
    OPEN = ""
    DONE = "done"
    RETURNED = "returned"


ADVANCING = frozenset(
    {StepAction.FORWARD, StepAction.APPROVE, StepAction.SIGN, StepAction.ISSUE}
)
"""Actions that close a step and open the next one along a route."""

DESK_ROLE = "desk_officer"
LEADER_ROLE = "leader"
DAY_MINUTES = 480


@dataclass(frozen=True)
class Route:
    to: str
    label: str = ""


@dataclass(frozen=True)
class StepDef:
    """A step as the checks see it: plain values read from a row or JSON."""

    key: str
    role: str
    budget_amount: Decimal | int | float = 0
    budget_unit: str = BudgetUnit.WORKING_HOURS
    actions: frozenset[str] = frozenset()
    routes: tuple[Route, ...] = ()
    agency_rule: str = AgencyRule.HANDLING
    agency_function: str = ""

    @property
    def budget_minutes(self) -> int:
        return budget_to_minutes(self.budget_amount, self.budget_unit)


@dataclass(frozen=True, eq=True)
class Problem:
    """Something wrong with a process: a code and its parameters.

    The services turn it into a translated sentence; the code is stable so
    tests and the JSON import can name it.
    """

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.code}({args})"


def budget_to_minutes(
    amount: Decimal | int | float, unit: str, day_minutes: int = DAY_MINUTES
) -> int:
    """Return a step's budget in working minutes."""
    value = Decimal(str(amount))
    if value < 0:
        raise ValueError("a budget cannot be negative")
    if unit == BudgetUnit.WORKING_DAYS:
        return round(value * day_minutes)
    if unit == BudgetUnit.WORKING_HOURS:
        return round(value * 60)
    raise ValueError(f"unknown budget unit {unit!r}")


def legal_minutes(
    amount: Decimal | int | float, unit: str, day_minutes: int = DAY_MINUTES
) -> int:
    """Return the legal processing time as working minutes, for the budget check.

    Calendar days are counted as if each were a working day: an upper
    bound, so a process that fits it may still be tight in a week with a
    weekend. A same-day procedure has one working day.
    """
    value = Decimal(str(amount))
    if unit in ("working_days", "calendar_days"):
        return round(value * day_minutes)
    if unit == "working_hours":
        return round(value * 60)
    if unit == "same_day":
        return day_minutes
    raise ValueError(f"unknown time unit {unit!r}")


def validate(
    steps: Sequence[StepDef],
    legal_minutes: int | None,
    kind: ProcessKind | str = ProcessKind.MAIN,
) -> list[Problem]:
    """Return every problem of a process (an empty list if it is sound).

    ``steps`` are in their order; the first one is where a dossier starts.
    ``legal_minutes`` is the legal time (None: not checked, e.g. a transfer
    process whose budget is set when the dossier is transferred).
    """
    kind = ProcessKind(kind)
    if not steps:
        return [Problem("no_steps")]
    problems: list[Problem] = []
    problems += _check_steps(steps)
    by_key: dict[str, StepDef] = {}
    for step in steps:
        if step.key in by_key:
            problems.append(Problem("duplicate_key", {"step": step.key}))
        by_key.setdefault(step.key, step)
    for step in steps:
        for route in step.routes:
            if route.to not in by_key:
                problems.append(
                    Problem("unknown_route", {"step": step.key, "to": route.to})
                )
    graph = {
        key: tuple(dict.fromkeys(r.to for r in step.routes if r.to in by_key))
        for key, step in by_key.items()
    }
    cycle = _find_cycle(graph)
    if cycle:
        problems.append(Problem("cycle", {"steps": " → ".join(cycle)}))
    first = steps[0]
    reachable = _reachable(graph, first.key)
    for step in steps:
        if step.key not in reachable:
            problems.append(Problem("unreachable", {"step": step.key}))
    if kind == ProcessKind.MAIN and first.role != DESK_ROLE:
        problems.append(Problem("first_not_desk", {"step": first.key}))
    if cycle:
        return problems
    if kind == ProcessKind.MAIN:
        problems += _check_results(by_key, graph, first.key)
    else:
        for key in sorted(reachable):
            step = by_key[key]
            if not graph[key] and StepAction.COMPLETE_TRANSFER not in step.actions:
                problems.append(Problem("transfer_end", {"step": key}))
    if legal_minutes is not None:
        longest = longest_path_minutes(by_key, graph, first.key)
        if longest > legal_minutes:
            problems.append(
                Problem(
                    "over_budget",
                    {"minutes": longest, "legal_minutes": legal_minutes},
                )
            )
    return problems


def _check_steps(steps: Sequence[StepDef]) -> list[Problem]:
    problems = []
    known = {a.value for a in StepAction}
    for step in steps:
        if not step.key:
            problems.append(Problem("empty_key"))
        for action in sorted(set(step.actions) - known):
            problems.append(
                Problem("unknown_action", {"step": step.key, "action": action})
            )
        if step.budget_unit not in {u.value for u in BudgetUnit}:
            problems.append(Problem("unknown_unit", {"step": step.key}))
        elif Decimal(str(step.budget_amount)) < 0:
            problems.append(Problem("negative_budget", {"step": step.key}))
        if StepAction.SIGN in step.actions and step.role != LEADER_ROLE:
            problems.append(Problem("sign_not_leader", {"step": step.key}))
        ends_here = StepAction.RETURN_RESULT in step.actions
        if set(step.actions) & ADVANCING and not step.routes and not ends_here:
            problems.append(Problem("advance_without_route", {"step": step.key}))
        if step.routes and not set(step.actions) & ADVANCING:
            problems.append(Problem("route_without_advance", {"step": step.key}))
        if step.agency_rule == AgencyRule.FUNCTION and not step.agency_function:
            problems.append(Problem("function_missing", {"step": step.key}))
    return problems


def _find_cycle(graph: Mapping[str, tuple[str, ...]]) -> list[str] | None:
    """Return the keys of one cycle (first key repeated at the end), or None."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    for root in graph:
        if colour[root] != white:
            continue
        stack = [(root, iter(graph[root]))]
        path = [root]
        colour[root] = grey
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = black
                stack.pop()
                path.pop()
            elif colour[child] == grey:
                return [*path[path.index(child) :], child]
            elif colour[child] == white:
                colour[child] = grey
                stack.append((child, iter(graph[child])))
                path.append(child)
    return None


def _reachable(graph: Mapping[str, tuple[str, ...]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for child in graph.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def _check_results(by_key, graph, first: str) -> list[Problem]:
    """Every path from the first step issues a result and then returns it.

    Walk (step, progress) states, progress 0 = nothing yet, 1 = issued,
    2 = issued then returned; an end reached below 2 is a path without a
    result. The graph has no cycle here, so the walk ends.
    """
    problems, seen = [], set()
    todo = [(first, 0)]
    while todo:
        key, progress = todo.pop()
        if (key, progress) in seen:
            continue
        seen.add((key, progress))
        actions = by_key[key].actions
        if progress == 0 and StepAction.ISSUE in actions:
            progress = 1
        if progress == 1 and StepAction.RETURN_RESULT in actions:
            progress = 2
        if not graph[key]:
            if progress == 0:
                problems.append(Problem("path_without_issue", {"step": key}))
            elif progress == 1:
                problems.append(Problem("path_without_return", {"step": key}))
        todo.extend((child, progress) for child in graph[key])
    unique = {(p.code, tuple(sorted(p.params.items()))): p for p in problems}
    return [unique[k] for k in sorted(unique)]


def longest_path_minutes(
    by_key: Mapping[str, StepDef], graph: Mapping[str, tuple[str, ...]], first: str
) -> int:
    """Return the largest sum of step budgets along a path from ``first``."""
    memo: dict[str, int] = {}
    order = _topological(graph, first)
    for key in reversed(order):
        memo[key] = by_key[key].budget_minutes + max(
            (memo[child] for child in graph[key]), default=0
        )
    return memo[first]


def _topological(graph: Mapping[str, tuple[str, ...]], start: str) -> list[str]:
    order, seen = [], set()
    stack = [(start, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        stack.extend((child, False) for child in graph[node] if child not in seen)
    return list(reversed(order))


def steps_with_budget(steps: Iterable[StepDef]) -> int:
    """Return the total of every step's budget (for display)."""
    return sum(step.budget_minutes for step in steps)
