"""Editing processes in the admin (Vietnamese), with checks and JSON exchange.

A process is edited with its steps inline: allowed actions as checkboxes,
routes as JSON. On save every step is checked together (routes, loops,
paths to a result, budgets against the legal time) and the problems are
shown above the steps; nothing is saved until they are fixed. "Import
processes" and "Export processes" exchange the JSON shape of
``workflow.exchange``. Legs and tasks are read-only records.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.admin import AdministratorsMayEnterMixin
from motcua.accounts.queries import is_agency_administrator

from .domain import StepAction
from .exchange import (
    ProcessImportFailed,
    dumps,
    export_processes,
    import_processes,
)
from .labels import STEP_ACTION_LABELS
from .models import DossierLeg, DossierTask, Process, ProcessStep
from .services.processes import check_steps

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ProcessStepForm(forms.ModelForm):
    actions = forms.MultipleChoiceField(
        label=_("allowed actions"),
        choices=[(a.value, STEP_ACTION_LABELS[a]) for a in StepAction],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ProcessStep
        fields = [
            "position",
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
        ]
        widgets = {"routes": forms.Textarea(attrs={"rows": 2, "cols": 30})}


class ProcessStepFormSet(BaseInlineFormSet):
    """Check the steps together, as the process they make."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        process = self.instance
        if getattr(process, "procedure_version_id", None) is None:
            return
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        rows.sort(key=lambda row: row.get("position") or 0)
        problems = check_steps(
            rows, version=process.procedure_version, kind=process.kind
        )
        if problems:
            raise ValidationError(problems)


class ProcessStepInline(admin.StackedInline):
    model = ProcessStep
    form = ProcessStepForm
    formset = ProcessStepFormSet
    extra = 0
    ordering = ["position", "pk"]


class ProcessAccessMixin(AdministratorsMayEnterMixin):
    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) or is_agency_administrator(
            request
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or is_agency_administrator(
            request
        )


@admin.register(Process)
class ProcessAdmin(ProcessAccessMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "procedure_code",
        "kind",
        "agency",
        "is_active",
        "updated_at",
    ]
    list_filter = ["kind", "is_active", "procedure_version__level"]
    search_fields = ["name", "procedure_version__procedure__code", "agency__code"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["procedure_version"]
    inlines = [ProcessStepInline]
    change_list_template = "admin/workflow/process/change_list.html"

    @admin.display(
        description=_("procedure"), ordering="procedure_version__procedure__code"
    )
    def procedure_code(self, obj):
        return obj.procedure_version.procedure.code

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("procedure_version__procedure", "agency")
        )

    def has_delete_permission(self, request, obj=None):
        # Dossiers keep the process they ran on: deactivate instead.
        if obj is not None and obj.legs.exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="workflow_process_import"),
            path("export/", wrap(self.export_view), name="workflow_process_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.has_add_permission(request):
            extra_context["import_url"] = reverse("admin:workflow_process_import")
        extra_context["export_url"] = reverse("admin:workflow_process_export")
        return super().changelist_view(request, extra_context)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            dumps(export_processes()), content_type="application/json; charset=utf-8"
        )
        day = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="quy-trinh-{day}.json"'
        return response

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        errors: list[str] = []
        form = ProcessImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            content = form.cleaned_data["file"].read(MAX_IMPORT_BYTES + 1)
            try:
                report = import_processes(content)
            except ProcessImportFailed as failure:
                errors = failure.errors
            else:
                messages.success(
                    request,
                    gettext(
                        "Import finished: %(created)s new processes "
                        "(%(replaced)s replaced), %(unchanged)s unchanged."
                    )
                    % vars(report),
                )
                return redirect("admin:workflow_process_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import processes"),
            "form": form,
            "media": self.media + form.media,
            "submit_label": gettext("Import"),
            "cancel_url": reverse("admin:workflow_process_changelist"),
            "import_errors": errors,
        }
        return TemplateResponse(
            request,
            "admin/workflow/process/import.html",
            context,
            status=400 if errors else 200,
        )


class ProcessImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A JSON file as “Export processes” writes it; at most 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ReadOnlyAdmin(AdministratorsMayEnterMixin, admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DossierLeg)
class DossierLegAdmin(ReadOnlyAdmin):
    list_display = [
        "dossier",
        "sequence",
        "agency",
        "started_at",
        "due_at",
        "finished_at",
        "budget_minutes",
        "used_minutes",
        "outcome",
    ]
    list_filter = ["outcome"]
    search_fields = ["dossier__code", "agency__code"]
    list_select_related = ["dossier", "agency"]


@admin.register(DossierTask)
class DossierTaskAdmin(ReadOnlyAdmin):
    list_display = [
        "dossier",
        "step",
        "agency",
        "role",
        "assignee",
        "state",
        "arrived_at",
        "due_at",
        "finished_at",
        "outcome",
    ]
    list_filter = ["state", "role", "outcome"]
    search_fields = ["dossier__code"]
    list_select_related = ["dossier", "step", "agency", "assignee"]
