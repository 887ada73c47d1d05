"""Import and export of the catalog in the Django admin.

``ProcedureExchangeAdminMixin`` adds two pages to the procedure admin:
"Import procedures" (upload a national JSON or Excel file under one
decision; every row error is listed and nothing is saved) and "Export
procedures" (download the versions in force as JSON or Excel). The work is
done by ``catalog.exchange``; these views only read the form and show the
outcome.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .exchange.exporting import FORMATS, export_catalog
from .exchange.importing import MAX_UPLOAD_BYTES, import_file
from .exchange.validation import ImportFailed, RowError
from .services import Decision

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
SHOWN_ERRORS = 500


class ProcedureImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A JSON file in the national database's shape (LayThuTuc) or an "
            "Excel workbook (.xlsx) as the export writes it; at most 20 MB."
        ),
    )
    effective_from = forms.DateField(
        label=_("In force from"),
        input_formats=DATE_FORMATS,
        widget=AdminDateWidget(format="%d/%m/%Y"),
        help_text=_("Every imported version takes effect on this day (dd/mm/yyyy)."),
    )
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=100,
        help_text=_("The decision that publishes the procedures, e.g. 1872/QĐ-UBND."),
    )
    decision_date = forms.DateField(
        label=_("Decision date"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=AdminDateWidget(format="%d/%m/%Y"),
    )
    decision_issuer = forms.CharField(
        label=_("Issued by"), max_length=250, required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s MB."),
                params={"max": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return upload

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            effective_from=data["effective_from"],
            number=data["decision_number"].strip(),
            signed_on=data.get("decision_date"),
            issuer=data.get("decision_issuer", "").strip(),
        )


class ProcedureExchangeAdminMixin:
    """Add "Import procedures" and "Export procedures" to a procedure admin."""

    change_list_template = "admin/catalog/procedure/exchange_change_list.html"

    def _exchange_url_name(self, action: str) -> str:
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_{action}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "import/",
                wrap(self.import_procedures_view),
                name=self._exchange_url_name("import"),
            ),
            path(
                "export/",
                wrap(self.export_procedures_view),
                name=self._exchange_url_name("export"),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self._may_import(request):
            extra_context["import_url"] = self._exchange_url(request, "import")
        if self.has_view_permission(request):
            extra_context["export_url"] = self._exchange_url(request, "export")
        return super().changelist_view(request, extra_context)

    def _exchange_url(self, request, action: str) -> str:
        return reverse(
            f"{self.admin_site.name}:{self._exchange_url_name(action)}",
            current_app=self.admin_site.name,
        )

    def _may_import(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def _context(self, request, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "changelist_url": reverse(
                f"{self.admin_site.name}:{self._exchange_url_name('changelist')}",
                current_app=self.admin_site.name,
            ),
            **extra,
        }

    def import_procedures_view(self, request):
        if not self._may_import(request):
            raise PermissionDenied
        request.current_app = self.admin_site.name
        errors: list[RowError] = []
        if request.method == "POST":
            form = ProcedureImportForm(request.POST, request.FILES)
            if form.is_valid():
                content = form.cleaned_data["file"].read(MAX_UPLOAD_BYTES + 1)
                try:
                    result = import_file(content, decision=form.decision())
                except ImportFailed as failure:
                    errors = failure.errors
                else:
                    messages.success(request, import_summary(result.as_dict()))
                    return redirect(self._context(request, "")["changelist_url"])
        else:
            form = ProcedureImportForm(initial={"effective_from": timezone.localdate()})
        context = self._context(
            request,
            gettext("Import procedures"),
            form=form,
            media=self.media + form.media,
            submit_label=gettext("Import"),
            cancel_url=self._exchange_url(request, "changelist"),
            row_errors=errors[:SHOWN_ERRORS],
            error_count=len(errors),
            more_errors=max(0, len(errors) - SHOWN_ERRORS),
        )
        return TemplateResponse(
            request,
            "admin/catalog/procedure/import_procedures.html",
            context,
            status=400 if errors else 200,
        )

    def export_procedures_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        request.current_app = self.admin_site.name
        kind = request.GET.get("format", "")
        if kind in FORMATS:
            exported = export_catalog(kind, on=timezone.localdate())
            response = HttpResponse(
                exported.content, content_type=exported.content_type
            )
            response["Content-Disposition"] = (
                f'attachment; filename="{exported.filename}"'
            )
            return response
        context = self._context(
            request,
            gettext("Export procedures"),
            today=timezone.localdate(),
            unknown_format=kind,
            formats=[
                ("json", gettext("National database JSON (LayThuTuc)")),
                ("xlsx", gettext("Excel workbook (.xlsx)")),
            ],
        )
        return TemplateResponse(
            request,
            "admin/catalog/procedure/export_procedures.html",
            context,
            status=400 if kind else 200,
        )


def import_summary(counts: dict) -> str:
    return (
        gettext(
            "Import finished: %(created)s new procedures, %(amended)s amended, "
            "%(unchanged)s unchanged, %(skipped)s not published in the file "
            "and skipped; %(fields_created)s new fields."
        )
        % counts
    )
