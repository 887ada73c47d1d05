"""The officer's inbox (Việc cần làm): the steps waiting for them or their role.

Rows come from ``workflow.queries.inbox`` (one query for the page, one for
the count, one for the counts per urgency), ordered late → due today → due
within 2 working days → the rest. The filter form works without JavaScript;
with htmx the table alone is refreshed as the officer types.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..forms_processing import InboxFilterForm
from .access import officer_required

PAGE_SIZE = 25
URGENCY_ORDER = ("late", "due_today", "due_soon", "later", "none")


def _queries():
    from motcua.workflow import queries

    return queries


def procedure_choices(agency):
    """Return the procedures the agency handles, for the filter (from the catalog).

    Read from the small catalog rather than from the tasks, so that the
    list costs the same at a million dossiers.
    """
    from motcua.workflow.services.routing import receivable_versions

    versions = receivable_versions(agency).order_by("name")
    return list(versions.values_list("pk", "name")[:300])


def filters(values: dict) -> dict:
    version = values.get("thu_tuc")
    return {
        "q": values.get("q", "") or "",
        "procedure": int(version) if version else None,
        "status": values.get("status") or None,
        "received_from": values.get("tu"),
        "received_to": values.get("den"),
        "urgency": values.get("muc_do") or None,
    }


def urgency_counts(user, agency, at, chosen: dict, calendar=None) -> list[dict]:
    """Count the waiting tasks per urgency, under the other filters (one query)."""
    from motcua.workflow.labels import URGENCY_LABELS

    counted = _queries().inbox_counts(user, agency, at=at, calendar=calendar, **chosen)
    return [
        {"key": str(key), "label": label, "count": counted.get(str(key), 0)}
        for key, label in URGENCY_LABELS.items()
        if counted.get(str(key)) or str(key) != "none"
    ]


@require_GET
@officer_required()
def inbox(request):
    from motcua.deadlines.services import calendar_for
    from motcua.workflow.labels import URGENCY_LABELS

    agency = request.workplace.agency
    now = timezone.now()
    form = InboxFilterForm(request.GET, procedures=procedure_choices(agency))
    values = form.cleaned_data if form.is_valid() else {}
    chosen = filters(values)
    calendar = calendar_for(agency)  # once for the rows and the counts
    tasks = _queries().inbox(request.user, agency, at=now, calendar=calendar, **chosen)
    paginator = Paginator(tasks, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("trang"))
    # Ids first (the tasks alone, read from the inbox index), then those 25
    # rows with their dossier, applicant and step, put back in order: the
    # planner then never joins thousands of rows before sorting them.
    ids = list(page.object_list.values_list("pk", flat=True))
    found = {task.pk: task for task in tasks.filter(pk__in=ids)}
    page.object_list = [found[pk] for pk in ids if pk in found]
    query = request.GET.copy()
    query.pop("trang", None)
    rows = [
        {
            "task": task,
            "urgency": str(getattr(task, "urgency", "") or "none"),
            "urgency_label": URGENCY_LABELS.get(getattr(task, "urgency", "none"), ""),
        }
        for task in page.object_list
    ]
    context = {
        "workplace": request.workplace,
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "counts": urgency_counts(request.user, agency, now, chosen, calendar),
        "chosen_urgency": chosen["urgency"] or "",
        "base_query": _without(query, "muc_do"),
        "now": now,
    }
    template = (
        "backoffice/inbox_results.html"
        if request.headers.get("HX-Request")
        and request.headers.get("HX-Target") == "inbox-results"
        else "backoffice/inbox.html"
    )
    return render(request, template, context)


def _without(query, key):
    copy = query.copy()
    copy.pop(key, None)
    return copy.urlencode()


def waiting_count(user, agency) -> int:
    """Count the tasks waiting for ``user`` (or their role) in ``agency`` (nav badge)."""
    if agency is None:
        return 0
    return _queries().waiting_for(user, agency).count()
