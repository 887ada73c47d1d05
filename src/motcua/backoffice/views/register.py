"""The register of dossiers (Sổ theo dõi hồ sơ) of the current agency, in Excel."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from motcua.results.services.registers import dossier_register_workbook

from ..forms import RegisterForm
from .access import officer_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@officer_required()
def register(request):
    form = RegisterForm(request.GET if request.GET else None)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["tu"], form.cleaned_data["den"]
        agency = request.workplace.agency
        content = dossier_register_workbook(agency, start, end)
        response = HttpResponse(content, content_type=XLSX)
        filename = f"so-theo-doi-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
    return render(
        request,
        "backoffice/register.html",
        {"workplace": request.workplace, "form": form},
        status=400 if form.is_bound else 200,
    )
