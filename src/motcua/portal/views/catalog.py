"""The catalog home: search and filter the procedures in force."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from django_htmx.http import push_url

from motcua.accounts.queries import agencies, levels
from motcua.catalog.queries import (
    CatalogFilter,
    catalog_search,
    field_counts,
    fields_in_use,
)

from ..forms import CatalogSearchForm
from ..labels import level_label

PAGE_SIZE = 20
AGENCY_SUGGESTIONS = 10


def _resolve_agency(text: str):
    """Turn what the citizen typed into one agency: (agency, notice, choices).

    A datalist fills in the identifier code when JavaScript runs; without it
    a citizen types a name, so a name that matches one agency is enough.
    """
    if not text:
        return None, "", []
    exact = agencies().filter(code=text).first()
    if exact is not None:
        return exact, "", []
    matches = list(agencies(search=text)[: AGENCY_SUGGESTIONS + 1])
    if len(matches) == 1:
        return matches[0], "", []
    if not matches:
        return (
            None,
            _("No agency matches “%(text)s”; procedures of every agency are shown.")
            % {"text": text},
            [],
        )
    return (
        None,
        _("Several agencies match “%(text)s”; choose one:") % {"text": text},
        matches[:AGENCY_SUGGESTIONS],
    )


def _page_number(raw: str, num_pages: int) -> tuple[int, str]:
    """Return the page to show and a notice when ``raw`` was not usable."""
    try:
        number = int(raw)
    except ValueError:
        return 1, _("“%(page)s” is not a page number; the first page is shown.") % {
            "page": raw[:20]
        }
    if number < 1:
        return 1, _("There is no page %(page)s; the first page is shown.") % {
            "page": number
        }
    if number > num_pages:
        return num_pages, _(
            "There is no page %(page)s; the last page (%(last)s) is shown."
        ) % {"page": number, "last": num_pages}
    return number, ""


def _query(values: dict, **changes) -> str:
    """Return the query string of the valid filters, with ``changes`` applied."""
    merged = {**values, **changes}
    return urlencode({key: value for key, value in merged.items() if value})


@require_GET
def catalog_home(request):
    today = timezone.localdate()
    level_choices = [(level.code, level_label(level)) for level in levels()]
    fields = [(field.code, field.name) for field in fields_in_use(today)]
    form = CatalogSearchForm(request.GET, levels=level_choices, fields=fields)
    values = form.valid_values()
    notices = form.notices()

    agency, agency_notice, agency_choices = _resolve_agency(values["agency"])
    if agency_notice:
        notices.append(agency_notice)
    values["agency"] = agency.code if agency else ""

    criteria = CatalogFilter(
        search=values["q"],
        level=values["level"],
        field=values["field"],
        agency=values["agency"],
        online_level=values["online_level"],
    )
    versions = catalog_search(criteria, on=today)
    paginator = Paginator(versions, PAGE_SIZE)
    number, page_notice = _page_number(
        request.GET.get("page", "1") or "1", paginator.num_pages
    )
    if page_notice:
        notices.append(page_notice)
    page = paginator.page(number)

    counts_criteria = CatalogFilter(**{**criteria.__dict__, "field": ""})
    counts = field_counts(catalog_search(counts_criteria, on=today))
    for row in counts:
        row["query"] = _query(values, field=row["field__code"])
        row["current"] = row["field__code"] == values["field"]

    for version in page.object_list:
        version.level_label = level_label(version.level)

    context = {
        "form": form,
        "page": page,
        "paginator": paginator,
        "notices": notices,
        "agency": agency,
        "agency_choices": [
            {"agency": choice, "query": _query(values, agency=choice.code)}
            for choice in agency_choices
        ],
        "field_counts": counts,
        "field_name": dict(fields).get(values["field"], ""),
        "values": values,
        "query": _query(values),
        "all_fields_query": _query(values, field=""),
        "filtered": any(values.values()),
        "filters_active": any(
            values[name] for name in ("level", "field", "agency", "online_level")
        ),
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "portal/_results_htmx.html", context)
        clean = _query(values, page=number if number > 1 else "")
        push_url(response, request.path + ("?" + clean if clean else ""))
    else:
        response = render(request, "portal/catalog.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def agency_options(request):
    """Suggestions for the agency box: <option> elements for its datalist."""
    text = request.GET.get("agency", "").strip()[:100]
    found = agencies(search=text)[:20] if len(text) >= 2 else []
    response = render(request, "portal/_agency_options.html", {"agencies": found})
    patch_vary_headers(response, ["HX-Request"])
    return response
