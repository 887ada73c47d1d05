"""The officer's inbox at one million dossiers on PostgreSQL (``BENCH_ONLY=inbox``).

Like ``bench.tracking``, it runs against ``BENCH_PG_URL`` (default: the local
server, database motcua_bench_dossiers), generating the synthetic dossiers
with their legs and tasks once. It signs in the officer with the largest
inbox of the busiest agency and measures three views of it:

- the first page,
- a search for an applicant's name typed without diacritics,
- a filter (one procedure);

first in-process (the query — count, ids of the first page, then its rows with
their joins, as the page does — and the page through
Django's test client), then the page served by granian and driven by wrk
with the officer's session cookie, beside the minimal view /healthz/.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = "/can-bo/viec-can-lam/"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
PAGE_SIZE = 25
TARGET_MS = 100


def run() -> None:
    """Prepare the data, measure in a child process, then serve and drive with wrk."""
    from bench import tracking

    env = {
        **os.environ,
        "DATABASE_URL": tracking.PG_URL,
        "DJANGO_SETTINGS_MODULE": "motcua.settings.dev",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    }
    if not tracking._database_reachable():
        print("inbox: PostgreSQL is not reachable at BENCH_PG_URL; skipped")
        return
    subprocess.run(
        [sys.executable, "-m", "bench.dossiers", str(tracking.DOSSIERS)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        found = Path(tmp) / "inbox.json"
        subprocess.run(
            [sys.executable, "-m", "bench.inbox", str(found)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        plan = json.loads(found.read_text())
    if not plan.get("page"):
        return
    server = tracking.serve(env)
    try:
        cookie = ["-H", f"Cookie: {plan['cookie']}"]
        minimal = tracking._wrk("/healthz/")
        served = [
            (label, tracking._wrk(path, headers=cookie))
            for label, path in plan["paths"]
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"inbox under wrk -c{tracking.CONNECTIONS} -d{tracking.DURATION}, granian 2 workers,"
        f" signed in as {plan['user']}; load average {os.getloadavg()[0]:.1f}"
        f" on {os.cpu_count()} cores"
    )
    for label, figures in [("minimal view GET /healthz/", minimal), *served]:
        ratio = figures["rps"] / minimal["rps"] if minimal["rps"] else 0
        print(
            f"{label:<44} {figures['rps']:8,.0f} req/s   p50 {figures['p50']:7.2f} ms"
            f"   p99 {figures['p99']:7.2f} ms   {ratio:5.1%} of minimal"
            f"   errors {figures['errors']}"
        )


def measure(out: Path) -> None:
    """In the child (Django on PostgreSQL): pick the officer, time query and page."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from bench.stats import timed
    from motcua.backoffice.views.access import SESSION_KEY

    officer, agency, size = _biggest_inbox()
    now = timezone.now()
    term, procedure = _search_term_and_procedure(officer, agency, now)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM dossiers_dossier),"
            " (SELECT count(*) FROM workflow_dossierleg),"
            " (SELECT count(*) FROM workflow_dossiertask),"
            " (SELECT count(*) FROM workflow_dossiertask WHERE state = 'open')"
        )
        dossiers, legs, tasks, open_tasks = cursor.fetchone()
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
        f"inbox on PostgreSQL: {dossiers:,} dossiers, {legs:,} legs, {tasks:,} tasks"
        f" ({open_tasks:,} open); officer {officer.username} of {agency.code}"
        f" with {size:,} waiting tasks"
    )
    cases = [
        ("first page", {}),
        (f"search {term!r}", {"q": term}),
        ("filter: one procedure", {"procedure": procedure}),
    ]
    inbox = _inbox_function()

    def first_page(filters):
        # As the page does: the count, the ids of the first page (the tasks
        # alone), then those rows with their joins.
        found = inbox(officer, agency, at=timezone.now(), **filters)
        found.count()
        ids = list(found[:PAGE_SIZE].values_list("pk", flat=True))
        list(found.filter(pk__in=ids))

    counts = {
        label: inbox(officer, agency, at=now, **filters).count()
        for label, filters in cases
    }
    for _label, filters in cases:  # warm up
        first_page(filters)
    for label, filters in cases:
        samples = [timed(lambda f=filters: first_page(f)) for _ in range(ROUNDS)]
        _report(f"inbox query, {label} ({counts[label]:,})", samples)

    client = Client()
    client.force_login(officer)
    session = client.session
    session[SESSION_KEY] = agency.pk
    session.save()
    paths = []
    if client.get(PAGE).status_code != 200:
        print(
            f"inbox page {PAGE}: not there yet (status {client.get(PAGE).status_code})"
        )
    else:
        for label, filters in cases:
            params = _page_params(filters)
            path = PAGE + ("?" + params if params else "")
            for _ in range(3):  # warm up
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
            samples = [timed(lambda p=path: client.get(p)) for _ in range(ROUNDS)]
            _report(f"inbox page, {label} (in-process)", samples)
            paths.append((f"inbox page, {label}", path))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    out.write_text(
        json.dumps(
            {
                "user": officer.username,
                "cookie": cookie,
                "paths": paths,
                "page": bool(paths),
            }
        )
    )


def _report(label, samples):
    from bench.stats import percentile

    p50, p99 = statistics.median(samples), percentile(samples, 99)
    verdict = "ok" if p99 < TARGET_MS else f"over {TARGET_MS} ms"
    print(
        f"{label:<52} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   n={len(samples)}  {verdict}"
    )


def _page_params(filters: dict) -> str:
    from urllib.parse import urlencode

    names = {"q": "q", "procedure": "thu_tuc", "status": "status", "urgency": "muc_do"}
    return urlencode({names[k]: v for k, v in filters.items()})


def _inbox_function():
    """``workflow.queries.inbox`` when it exists, else the contract's query here."""
    try:
        from motcua.workflow.queries import inbox

        return inbox
    except ImportError:
        return _contract_inbox


def _contract_inbox(
    user,
    agency,
    *,
    at,
    q="",
    procedure=None,
    status=None,
    received_from=None,
    received_to=None,
    urgency=None,
):
    """Return the inbox as common.md describes it, until the workflow app has one."""
    from django.db.models import Case, IntegerField, Q, Value, When

    from motcua.accounts.models import RoleAssignment
    from motcua.core.text import search_terms
    from motcua.deadlines.services import calendar_for, local_aware, local_naive
    from motcua.workflow.domain import thresholds
    from motcua.workflow.models import DossierTask

    roles = RoleAssignment.objects.filter(user=user, agency=agency).values_list(
        "role", flat=True
    )
    end_of_today, soon = (
        local_aware(m) for m in thresholds(local_naive(at), calendar_for(agency))
    )
    tasks = (
        DossierTask.objects.filter(state="open", agency=agency)
        .filter(Q(assignee=user) | Q(assignee__isnull=True, role__in=list(roles)))
        .select_related("dossier", "dossier__procedure_version", "step", "assignee")
        .annotate(
            rank=Case(
                When(due_at__isnull=True, then=Value(4)),
                When(due_at__lt=at, then=Value(0)),
                When(due_at__lt=end_of_today, then=Value(1)),
                When(due_at__lte=soon, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
    )
    for term in search_terms(q):
        tasks = tasks.filter(dossier__search_text__contains=" " + term)
    if procedure:
        tasks = tasks.filter(dossier__procedure_version_id=procedure)
    if status:
        tasks = tasks.filter(dossier__status=status)
    if received_from:
        tasks = tasks.filter(dossier__received_at__date__gte=received_from)
    if received_to:
        tasks = tasks.filter(dossier__received_at__date__lte=received_to)
    return tasks.order_by("rank", "due_at", "pk")


def _biggest_inbox():
    """Return (officer, agency, waiting tasks): the fullest inbox of the busiest agency."""
    from django.db.models import Count
    from django.utils import timezone

    from motcua.accounts.models import Agency, RoleAssignment
    from motcua.workflow.models import DossierTask

    busiest = (
        DossierTask.objects.filter(state="open")
        .values("agency_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("agency_id", flat=True)[:1]
    )
    agency = Agency.objects.get(pk=busiest[0])
    inbox = _inbox_function()
    now = timezone.now()
    sizes = [
        (inbox(grant.user, agency, at=now).count(), -grant.user_id, grant.user)
        for grant in RoleAssignment.objects.filter(agency=agency).select_related("user")
    ]
    waiting, _key, officer = max(sizes, key=lambda row: row[:2])
    return officer, agency, waiting


def _search_term_and_procedure(officer, agency, now):
    """Return a name (folded) in the inbox and the inbox's commonest procedure."""
    from django.db.models import Count

    from motcua.core.text import fold

    inbox = _inbox_function()
    waiting = inbox(officer, agency, at=now)
    name = waiting.order_by("pk").values_list(
        "dossier__applicant_snapshot__full_name", flat=True
    )[:1]
    term = fold(name[0]) if name else "nguyen van"
    procedure = (
        waiting.order_by()
        .values("dossier__procedure_version_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("dossier__procedure_version_id", flat=True)[:1]
    )
    return term, procedure[0] if procedure else None


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    measure(Path(sys.argv[1]))
