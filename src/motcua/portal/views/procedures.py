"""The page of one procedure, at a permanent address by its national code."""

import os

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.catalog.queries import ended_procedure, procedure_in_force, published_form

from ..labels import level_label


@require_GET
def procedure_detail(request, code):
    version = procedure_in_force(code, on=timezone.localdate())
    if version is None:
        return _not_in_force(request, code)
    channels = list(version.channels.all())
    agencies = list(version.agencies.all())
    context = {
        "version": version,
        "procedure": version.procedure,
        "level_label": level_label(version.level),
        "documents": list(version.documents.all()),
        "channels": channels,
        "agencies": agencies,
    }
    return render(request, "portal/procedure.html", context)


def _not_in_force(request, code):
    """Answer for a code with no version in force: unknown, or ended.

    A procedure that was abolished or replaced keeps its address, so old
    links and printed guides lead to the replacement instead of nowhere.
    """
    procedure = ended_procedure(code)
    status = 410 if procedure else 404
    return render(
        request,
        "portal/procedure_missing.html",
        {"code": code, "procedure": procedure},
        status=status,
    )


@require_GET
def form_download(request, code, document_id):
    """Send the form template (mẫu đơn, tờ khai) of a published document."""
    document = published_form(code, document_id)
    if document is None:
        raise Http404("no such form template")
    try:
        handle = document.form_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("the form template file is missing") from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{code}-{os.path.basename(document.form_file.name)}",
    )
