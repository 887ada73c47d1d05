"""Process definitions: which one applies, their checks, the defaults.

Every procedure version has a default main process (and a default
transfer process for the part another agency does); an agency may have its
own. ``default_steps`` shapes the common processes of Vietnamese one-stop
practice with budgets as shares of the legal time.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.accounts.domain import Role
from motcua.catalog.models import ProcedureVersion

from ..domain import (
    AgencyRule,
    BudgetUnit,
    Problem,
    ProcessKind,
    Route,
    StepAction,
    StepDef,
    legal_minutes,
    validate,
)
from ..models import Process, ProcessStep

A = StepAction


def process_for(version: ProcedureVersion, agency, kind=ProcessKind.MAIN) -> Process:
    """Return the active process of ``kind`` for ``version`` at ``agency``.

    The agency's own process wins over the default; when the version has
    none yet its default is created, so every procedure can be handled.
    """
    candidates = list(
        Process.objects.filter(procedure_version=version, kind=kind, is_active=True)
        .filter(Q(agency=agency) | Q(agency__isnull=True))
        .prefetch_related("steps")
    )
    own = [p for p in candidates if p.agency_id is not None]
    if own:
        return own[0]
    if candidates:
        return candidates[0]
    return create_default_process(version, kind)


def version_legal_minutes(version: ProcedureVersion) -> int | None:
    """Return the legal time of ``version`` in working minutes (the shortest channel)."""
    values = [
        legal_minutes(channel.time_amount, channel.time_unit)
        for channel in version.channels.all()
    ]
    return min(values) if values else None


def step_defs(steps) -> list[StepDef]:
    """Turn step rows (or dicts of the same fields) into plain values."""
    defs = []
    for step in steps:
        get = step.get if isinstance(step, dict) else lambda k, s=step: getattr(s, k)
        defs.append(
            StepDef(
                key=get("key") or "",
                role=get("role") or "",
                budget_amount=Decimal(str(get("budget_amount") or 0)),
                budget_unit=get("budget_unit") or "",
                actions=frozenset(get("actions") or ()),
                routes=tuple(
                    Route(str(r.get("to", "")), str(r.get("label", "")))
                    for r in (get("routes") or ())
                    if isinstance(r, dict)
                ),
                agency_rule=get("agency_rule") or AgencyRule.HANDLING,
                agency_function=get("agency_function") or "",
            )
        )
    return defs


def check_steps(steps, *, version: ProcedureVersion, kind) -> list[str]:
    """Return the problems of a process as sentences for the administrator."""
    defs = step_defs(steps)
    problems = [
        Problem("unknown_role", {"step": s.key})
        for s in defs
        if s.role not in set(Role)
    ]
    problems += [
        Problem("unknown_agency_rule", {"step": s.key})
        for s in defs
        if s.agency_rule not in set(AgencyRule)
    ]
    legal = version_legal_minutes(version) if kind == ProcessKind.MAIN else None
    problems += validate(defs, legal, kind)
    return [describe(problem) for problem in problems]


def check_process(process: Process) -> list[str]:
    return check_steps(
        list(process.steps.all()), version=process.procedure_version, kind=process.kind
    )


def _time(minutes) -> str:
    minutes = int(minutes)
    days, rest = divmod(minutes, 480)
    hours = f"{(Decimal(rest) / 60).normalize():f}".replace(".", ",")
    day_text = ngettext("%(days)s working day", "%(days)s working days", days) % {
        "days": days
    }
    if days and rest:
        return _("%(days)s and %(hours)s hours") % {"days": day_text, "hours": hours}
    if days:
        return day_text
    return _("%(hours)s working hours") % {"hours": hours}


def describe(problem: Problem) -> str:
    """Return the translated sentence of a process problem."""
    params = dict(problem.params)
    if problem.code == "over_budget":
        params = {
            "used": _time(params["minutes"]),
            "legal": _time(params["legal_minutes"]),
        }
    messages = {
        "no_steps": _("A process needs at least one step."),
        "empty_key": _("Every step needs a key."),
        "duplicate_key": _("Two steps have the key “%(step)s”."),
        "unknown_route": _("Step “%(step)s” leads to “%(to)s”, which is not a step."),
        "cycle": _("The routes go round in a loop: %(steps)s."),
        "unreachable": _("Step “%(step)s” cannot be reached from the first step."),
        "first_not_desk": _("A main process starts with the one-stop desk."),
        "transfer_end": _(
            "Step “%(step)s” ends the transfer process without “complete the transfer”."
        ),
        "path_without_issue": _(
            "A path ending at step “%(step)s” never issues a result."
        ),
        "path_without_return": _(
            "A path ending at step “%(step)s” issues a result but never returns it."
        ),
        "over_budget": _(
            "The longest path takes %(used)s, more than the legal time of %(legal)s."
        ),
        "unknown_action": _("Step “%(step)s” has an unknown action “%(action)s”."),
        "unknown_unit": _("Step “%(step)s” has an unknown time unit."),
        "negative_budget": _("Step “%(step)s” has a negative time budget."),
        "sign_not_leader": _("Only a leader signs: step “%(step)s”."),
        "advance_without_route": _(
            "Step “%(step)s” moves the dossier on but has no route to a next step."
        ),
        "route_without_advance": _(
            "Step “%(step)s” has routes but no action that moves the dossier on."
        ),
        "function_missing": _("Step “%(step)s” needs the function of its agency."),
        "unknown_role": _("Step “%(step)s” has an unknown role."),
        "unknown_agency_rule": _("Step “%(step)s” has an unknown agency rule."),
    }
    template = messages.get(problem.code)
    if template is None:
        return str(problem)
    return template % params


# --- The default processes ---------------------------------------------------

COMMUNE_SHARES = (("receive", 5), ("appraise", 60), ("sign", 20), ("issue", 10))
UPPER_SHARES = (
    ("receive", 5),
    ("appraise", 55),
    ("approve", 10),
    ("sign", 15),
    ("issue", 10),
)
TRANSFER_CAPABLE = {"1.004859": "district_pc"}
"""Seeded commune procedures whose appraisal may go to the district.

Changing civil status information of a person of 14 or more, or a
change of ethnicity, is decided by the district; the commune transfers
the dossier there and gets it back (the demo's inter-agency journey).
"""


def _shares(shares, legal: int) -> dict[str, int]:
    """Split ``legal`` minutes into half-hour budgets, never over the total."""
    budgets = {key: max(30, legal * pct // 100 // 30 * 30) for key, pct in shares}
    while sum(budgets.values()) > legal and budgets["appraise"] > 30:
        budgets["appraise"] -= 30
    return budgets


def _amount(minutes: int) -> tuple[Decimal, str]:
    if minutes % 480 == 0:
        return Decimal(minutes // 480), BudgetUnit.WORKING_DAYS.value
    return (Decimal(minutes) / 60).quantize(
        Decimal("0.1")
    ), BudgetUnit.WORKING_HOURS.value


def default_steps(version: ProcedureVersion, kind=ProcessKind.MAIN) -> list[dict]:
    """Return the common process of ``version`` as step dicts (the JSON shape)."""
    if kind == ProcessKind.TRANSFER:
        return [
            _step(
                "appraise",
                "Chuyên viên thẩm định phần liên thông",
                Role.SPECIALIST,
                8 * 60,
                [A.FORWARD, A.REQUEST_SUPPLEMENT, A.RETURN_TRANSFER],
                ["approve"],
            ),
            _step(
                "approve",
                "Lãnh đạo duyệt, chuyển trả cơ quan chủ trì",
                Role.LEADER,
                4 * 60,
                [A.COMPLETE_TRANSFER, A.RETURN_TRANSFER, A.SEND_BACK],
                [],
            ),
        ]
    legal = version_legal_minutes(version) or 480
    commune = version.level.code == "commune"
    budgets = _shares(COMMUNE_SHARES if commune else UPPER_SHARES, legal)
    appraise_actions = [
        A.FORWARD,
        A.SEND_BACK,
        A.REQUEST_SUPPLEMENT,
        A.REQUEST_FEES,
        A.TRANSFER,
        A.STOP,
    ]
    sign_name = (
        "Lãnh đạo UBND cấp xã ký duyệt"
        if commune
        else "Lãnh đạo cơ quan có thẩm quyền ký duyệt"
    )
    steps = [
        _step(
            "receive",
            "Bộ phận Một cửa tiếp nhận, chuyển xử lý",
            Role.DESK_OFFICER,
            budgets["receive"],
            [A.FORWARD, A.STOP],
            ["appraise"],
            rule=AgencyRule.RECEIVING,
        ),
        _step(
            "appraise",
            "Chuyên viên thẩm định hồ sơ",
            Role.SPECIALIST,
            budgets["appraise"],
            appraise_actions,
            ["sign" if commune else "approve"],
            transfer_function=TRANSFER_CAPABLE.get(version.procedure.code, ""),
        ),
    ]
    if not commune:
        steps.append(
            _step(
                "approve",
                "Trưởng phòng chuyên môn xem xét, trình ký",
                Role.LEADER,
                budgets["approve"],
                [A.APPROVE, A.SEND_BACK],
                ["sign"],
            )
        )
    steps += [
        _step(
            "sign",
            sign_name,
            Role.LEADER,
            budgets["sign"],
            [A.SIGN, A.SEND_BACK],
            ["issue"],
        ),
        _step(
            "issue",
            "Văn thư vào số, đóng dấu, phát hành",
            Role.CLERK,
            budgets["issue"],
            [A.ISSUE, A.SEND_BACK],
            ["return"],
        ),
        _step(
            "return",
            "Bộ phận Một cửa trả kết quả",
            Role.DESK_OFFICER,
            0,
            [A.RETURN_RESULT],
            [],
            rule=AgencyRule.RECEIVING,
        ),
    ]
    return steps


def _step(
    key,
    name,
    role,
    minutes,
    actions,
    routes,
    *,
    rule=AgencyRule.HANDLING,
    transfer_function="",
):
    amount, unit = _amount(minutes)
    return {
        "key": key,
        "name": name,
        "role": Role(role).value,
        "agency_rule": AgencyRule(rule).value,
        "agency_function": "",
        "budget_amount": amount,
        "budget_unit": unit,
        "actions": [StepAction(a).value for a in actions],
        "routes": [{"to": to, "label": ""} for to in routes],
        "transfer_function": transfer_function,
    }


@transaction.atomic
def create_process(
    version, *, kind, name, steps: list[dict], agency=None, is_active=True
) -> Process:
    """Create a process with its steps (no checks: callers check first)."""
    process = Process.objects.create(
        procedure_version=version,
        agency=agency,
        kind=kind,
        name=name,
        is_active=is_active,
    )
    ProcessStep.objects.bulk_create(
        ProcessStep(process=process, position=position, **_step_fields(step))
        for position, step in enumerate(steps)
    )
    return process


STEP_FIELDS = (
    "key",
    "name",
    "role",
    "agency_rule",
    "agency_function",
    "budget_amount",
    "budget_unit",
    "actions",
    "routes",
    "transfer_function",
)


def _step_fields(step: dict) -> dict:
    return {name: step[name] for name in STEP_FIELDS if name in step}


def default_name(version, kind) -> str:
    if kind == ProcessKind.TRANSFER:
        return f"Quy trình phối hợp liên thông · {version.procedure.code}"
    return f"Quy trình nội bộ · {version.procedure.code}"


def create_default_process(version, kind=ProcessKind.MAIN) -> Process:
    return create_process(
        version,
        kind=kind,
        name=default_name(version, kind),
        steps=default_steps(version, kind),
    )


def seed_processes(versions=None) -> int:
    """Give every version (default: in force or future) its default processes.

    Versions that already have an active process of a kind keep it, so
    administrators' edits survive ``make run``. Returns how many were made.
    """
    if versions is None:
        versions = ProcedureVersion.objects.published()
    versions = versions.select_related("procedure", "level").prefetch_related(
        "channels"
    )
    existing = set(
        Process.objects.filter(is_active=True, agency__isnull=True).values_list(
            "procedure_version_id", "kind"
        )
    )
    created = 0
    with transaction.atomic():
        for version in versions:
            for kind in ProcessKind:
                if (version.pk, kind.value) not in existing:
                    create_default_process(version, kind)
                    created += 1
    return created
