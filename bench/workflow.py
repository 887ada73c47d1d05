"""Fill the legs and tasks of the synthetic dossiers (after ``bench.dossiers``).

Every dossier gets one leg at its handling agency under the default process
of its procedure, and one task per step along the process's main path (the workflow app's
default process, or the common one here if it has none):

- returned dossiers: every step done, spread over received → returned;
- resolved ones: all done but the desk's last step (return the result),
  which is open;
- received ones: the desk's first step is open;
- in progress ones: the steps before the current one are done, the current
  one (chosen by how much of the legal time has passed) is open, with its
  own due time from the step's budget on the real calendar.

Open tasks in the busy agencies go half to named officers (synthetic staff
beside the demo accounts), half to the role. Written with COPY in batches;
idempotent (skipped once any task exists).
"""

import random
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from motcua.accounts.models import Agency, Role, RoleAssignment
from motcua.deadlines.domain import add_working_minutes
from motcua.deadlines.services import calendar_for, local_aware, local_naive
from motcua.dossiers.domain import Status
from motcua.workflow.domain import budget_to_minutes
from motcua.workflow.models import DossierLeg, DossierTask, Process, ProcessStep

BATCH = 50000
DEMO_DISTRICT = "799"
# Synthetic officers per role in each busy agency (beside the demo accounts).
STAFF = {
    Role.DESK_OFFICER: 4,
    Role.SPECIALIST: 8,
    Role.LEADER: 3,
    Role.CLERK: 2,
}
DEFAULT_STEPS = [
    # key, name, role, agency rule, budget share of the legal time, actions
    ("receive", "Tiếp nhận", "desk_officer", "receiving", 0.05, ["forward"]),
    ("appraise", "Thẩm định", "specialist", "handling", 0.55, ["forward"]),
    ("review", "Trưởng phòng xem xét", "specialist", "handling", 0.15, ["forward"]),
    ("approve", "Lãnh đạo phê duyệt, ký", "leader", "handling", 0.15, ["sign"]),
    ("issue", "Văn thư phát hành", "clerk", "handling", 0.05, ["issue"]),
    ("return", "Trả kết quả", "desk_officer", "receiving", 0.05, ["return_result"]),
]


def fill(*, busiest: int = 3) -> None:
    """Write legs and tasks for every dossier that has none."""
    if DossierTask.objects.exists():
        print("bench database already has its legs and tasks")
        return
    started = time.perf_counter()
    skip_reference_checks()
    paths = _paths()
    staff = _staff(busiest)
    calendar = calendar_for()
    now = timezone.now()
    rng = random.Random(4)
    leg_columns = [f.column for f in DossierLeg._meta.concrete_fields]
    task_columns = [f.column for f in DossierTask._meta.concrete_fields]
    leg_defaults = _defaults(DossierLeg)
    task_defaults = _defaults(DossierTask)
    last_id, legs_written, tasks_written, open_written = 0, 0, 0, 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, status, received_at, due_at, resolved_at, returned_at,"
                " receiving_agency_id, handling_agency_id, procedure_version_id,"
                " search_text FROM dossiers_dossier WHERE id > %s ORDER BY id LIMIT %s",
                [last_id, BATCH],
            )
            rows = cursor.fetchall()
        if not rows:
            break
        last_id = rows[-1][0]
        legs, tasks = _batch(rows, paths, staff, calendar, now, rng)
        with transaction.atomic(), connection.cursor() as cursor:
            leg_ids = _ids(cursor, "workflow_dossierleg", len(legs))
            task_ids = _ids(cursor, "workflow_dossiertask", len(tasks))
            leg_rows, task_rows = [], []
            for leg, new_id in zip(legs, leg_ids, strict=True):
                leg["id"] = new_id
                leg_rows.append(tuple(leg.get(c, leg_defaults[c]) for c in leg_columns))
            previous = None
            for task, new_id in zip(tasks, task_ids, strict=True):
                task["id"] = new_id
                task["leg_id"] = leg_ids[task.pop("leg")]
                if task.pop("first"):
                    previous = None
                task["previous_id"] = previous
                previous = new_id
                task_rows.append(
                    tuple(task.get(c, task_defaults[c]) for c in task_columns)
                )
                open_written += task["state"] == "open"
            _copy(cursor, "workflow_dossierleg", leg_columns, leg_rows)
            _copy(cursor, "workflow_dossiertask", task_columns, task_rows)
        legs_written += len(legs)
        tasks_written += len(tasks)
        if legs_written % (BATCH * 4) == 0:
            print(f"  {legs_written:,} legs, {tasks_written:,} tasks", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE workflow_dossierleg")
        cursor.execute("VACUUM ANALYZE workflow_dossiertask")
    print(
        f"generated {legs_written:,} legs and {tasks_written:,} tasks "
        f"({open_written:,} open) in {time.perf_counter() - started:.0f} s"
    )


def _batch(rows, paths, staff, calendar, now, rng):
    legs, tasks = [], []
    for (
        dossier_id,
        status,
        received,
        due,
        resolved,
        returned,
        receiving,
        handling,
        version,
        search_text,
    ) in rows:
        process_id, steps, total = paths[version]
        finished = status in (Status.RETURNED.value, Status.RESOLVED.value)
        end = returned or resolved or due or received + timedelta(days=5)
        legs.append(
            {
                "dossier_id": dossier_id,
                "sequence": 1,
                "agency_id": handling,
                "process_id": process_id,
                "parent_id": None,
                "started_at": received,
                "due_at": due,
                "budget_minutes": total,
                "finished_at": resolved if finished else None,
                "used_minutes": None,
                "outcome": "done" if finished else "",
            }
        )
        leg_index = len(legs) - 1
        # what every task copies from its dossier (runtime.open_task does too)
        copied = {
            "procedure_version_id": version,
            "received_at": received,
            "search_text": search_text,
        }
        if status == Status.RETURNED.value:
            current = len(steps)  # all done
        elif status == Status.RESOLVED.value:
            current = len(steps) - 1
        elif status == Status.RECEIVED.value:
            current = 0
        else:
            share = (now - received) / max(
                (due or end) - received, timedelta(minutes=1)
            )
            current = 1
            if share >= 1:  # late: mostly stuck in appraisal, some further on
                current += int(rng.random() ** 2 * max(1, len(steps) - 2))
            else:
                while current < len(steps) - 2 and share > steps[current][5]:
                    current += 1
            current = min(current, max(1, len(steps) - 2))
        # when the open step arrived (or, all done, when the last one ended)
        if current == len(steps):
            arrival = end
        elif status == Status.RESOLVED.value:
            arrival = resolved
        elif current == 0:
            arrival = received
        else:
            arrival = min(
                now - timedelta(minutes=rng.randrange(5, 600)),
                received + ((due or end) - received) * steps[current - 1][5],
            )
            arrival = max(arrival, received + timedelta(minutes=current))
        done_share = steps[current - 1][5] if current else 1
        arrived = received
        for position, (step_id, role, rule, minutes, _share, cum_share) in enumerate(
            steps[: current + 1]
        ):
            agency = receiving if rule == "receiving" else handling
            if position < current:
                done_at = (
                    arrival
                    if position == current - 1
                    else received + (arrival - received) * (cum_share / done_share)
                )
                tasks.append(
                    {
                        "dossier_id": dossier_id,
                        "leg": leg_index,
                        "first": position == 0,
                        "step_id": step_id,
                        "agency_id": agency,
                        "role": role,
                        "assignee_id": None,
                        "state": "done",
                        "arrived_at": arrived,
                        "claimed_at": arrived,
                        "due_at": arrived + (done_at - arrived) * 1.3,
                        "budget_minutes": minutes,
                        "finished_at": done_at,
                        "outcome": "forward",
                        **copied,
                    }
                )
                arrived = done_at
            elif position < len(steps):
                step_due = local_aware(
                    add_working_minutes(local_naive(arrived), minutes, calendar)
                )
                officers = staff.get((agency, role))
                assignee = (
                    rng.choice(officers) if officers and rng.random() < 0.5 else None
                )
                tasks.append(
                    {
                        "dossier_id": dossier_id,
                        "leg": leg_index,
                        "first": position == 0,
                        "step_id": step_id,
                        "agency_id": agency,
                        "role": role,
                        "assignee_id": assignee,
                        "state": "open",
                        "arrived_at": arrived,
                        "claimed_at": arrived if assignee else None,
                        "due_at": step_due,
                        "budget_minutes": minutes,
                        "finished_at": None,
                        "outcome": "",
                        **copied,
                    }
                )
    return legs, tasks


def _paths():
    """Map procedure version id -> (process id, steps along the main path, minutes).

    Each step is (step id, role, agency rule, budget minutes, share, cumulative
    share). Versions without a default process get the common one.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT procedure_version_id, time_amount, time_unit"
            " FROM dossiers_dossier"
        )
        used = {}
        for version, amount, unit in cursor.fetchall():
            used.setdefault(version, (amount, unit))
    try:  # the workflow app's own default processes, when it has them
        from motcua.catalog.models import ProcedureVersion
        from motcua.workflow.services import seed_processes

        seed_processes(ProcedureVersion.objects.filter(pk__in=used))
    except ImportError:
        pass
    processes = {
        p.procedure_version_id: p
        for p in Process.objects.filter(
            procedure_version_id__in=used,
            agency__isnull=True,
            kind="main",
            is_active=True,
        ).prefetch_related("steps")
    }
    paths = {}
    for version, (amount, unit) in used.items():
        process = processes.get(version) or _default_process(version, amount, unit)
        steps = _main_path(list(process.steps.all()))
        minutes = [budget_to_minutes(s.budget_amount, s.budget_unit) for s in steps]
        total = sum(minutes) or 1
        cumulative, path = 0, []
        for step, budget in zip(steps, minutes, strict=True):
            cumulative += budget
            path.append(
                (
                    step.pk,
                    step.role,
                    step.agency_rule,
                    budget,
                    budget / total,
                    cumulative / total,
                )
            )
        paths[version] = (process.pk, path, total)
    return paths


def _main_path(steps):
    """Follow the first route of each step from the first step (no loops)."""
    by_key = {s.key: s for s in steps}
    ordered = sorted(steps, key=lambda s: (s.position, s.pk))
    path, seen = [], set()
    step = ordered[0] if ordered else None
    while step is not None and step.key not in seen:
        seen.add(step.key)
        path.append(step)
        routes = step.routes or []
        if routes:
            step = by_key.get(routes[0].get("to"))
        else:
            later = [s for s in ordered if s.position > step.position]
            step = later[0] if later and not _ends(step) else None
    return path


def _ends(step) -> bool:
    return "return_result" in (step.actions or [])


@transaction.atomic
def _default_process(version_id, amount, unit):
    """Create the common process (desk → specialist → head → leader → clerk → desk)."""
    from decimal import Decimal

    from motcua.workflow.domain import legal_minutes

    legal = legal_minutes(amount, unit)
    process = Process.objects.create(
        procedure_version_id=version_id,
        agency=None,
        kind="main",
        name="Quy trình chung (bench)",
    )
    for position, (key, name, role, rule, share, actions) in enumerate(DEFAULT_STEPS):
        hours = Decimal(max(1, round(legal * share / 60)))
        ProcessStep.objects.create(
            process=process,
            key=key,
            position=position,
            name=name,
            role=role,
            agency_rule=rule,
            budget_amount=hours,
            budget_unit="working_hours",
            actions=actions,
            routes=[{"to": DEFAULT_STEPS[position + 1][0], "label": ""}]
            if position + 1 < len(DEFAULT_STEPS)
            else [],
        )
    return process


def _staff(busiest: int) -> dict:
    """Create officers in the busiest agencies; map (agency id, role) -> user ids."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT handling_agency_id FROM dossiers_dossier GROUP BY 1"
            " ORDER BY count(*) DESC LIMIT %s",
            [busiest],
        )
        agencies = Agency.objects.filter(pk__in=[r[0] for r in cursor.fetchall()])
    users = get_user_model()
    for agency in agencies:
        for role, count in STAFF.items():
            for number in range(1, count + 1):
                username = f"bench.{agency.pk}.{role}.{number}"
                user, created = users.objects.get_or_create(
                    username=username,
                    defaults={"full_name": f"Cán bộ {number}", "is_staff": True},
                )
                if created:
                    user.set_unusable_password()
                    user.save()
                RoleAssignment.objects.get_or_create(
                    user=user, agency=agency, role=role
                )
    staff: dict = {}
    for agency_id, role, user_id in RoleAssignment.objects.filter(
        agency__in=agencies
    ).values_list("agency_id", "role", "user_id"):
        staff.setdefault((agency_id, role), []).append(user_id)
    return staff


def skip_reference_checks() -> None:
    """Let COPY skip the per-row foreign key triggers (superuser only).

    The rows are built with ids just taken from the sequences, so they
    are consistent; checking a few million deferred references at commit
    was most of the time. Without the right, the checks simply run.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET session_replication_role = replica")


def _defaults(model) -> dict:
    return {f.column: f.get_default() for f in model._meta.concrete_fields}


def _ids(cursor, table: str, count: int) -> list[int]:
    cursor.execute(
        f"SELECT nextval('{table}_id_seq') FROM generate_series(1, %s)", [count]
    )
    return [row[0] for row in cursor.fetchall()]


def _copy(cursor, table, columns, rows) -> None:
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
