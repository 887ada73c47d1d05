"""Administration of results: certificates imported, everything else read-only.

Results, deliveries and postal updates change only through the services,
so the admin shows them. A signing certificate is added by importing its
PKCS#12 file (the page behind "Import a PKCS#12 file"); the password stays
in the environment variable named there.
"""

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency

from .models import (
    PostalUpdate,
    Result,
    ResultDelivery,
    ResultDownload,
    SigningCertificate,
)
from .services.pki import CertificateUnavailable, import_pkcs12


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ImportForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency using the certificate"),
        queryset=Agency.objects.filter(is_active=True),
    )
    file = forms.FileField(label=_("PKCS#12 file (.p12, .pfx)"))
    password_env = forms.RegexField(
        label=_("Environment variable holding the password"),
        regex=r"^[A-Z_][A-Z0-9_]{0,99}$",
        required=False,
        help_text=_("Empty means MOTCUA_PKI_PASSPHRASE. The password is not stored."),
    )


@admin.register(SigningCertificate)
class SigningCertificateAdmin(admin.ModelAdmin):
    list_display = ("agency", "subject", "serial", "valid_to", "storage", "active")
    list_filter = ("active", "storage")
    search_fields = ("agency__code", "agency__name", "subject", "serial")
    readonly_fields = (
        "agency",
        "storage",
        "certificate_pem",
        "chain_pem",
        "key_path",
        "password_env",
        "subject",
        "serial",
        "valid_from",
        "valid_to",
        "created_at",
    )
    fields = (*readonly_fields[:-1], "active")
    change_list_template = "results/admin/certificate_list.html"

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="results_signingcertificate_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            agency = form.cleaned_data["agency"]
            folder = Path(settings.MOTCUA_PKI_DIR) / "imported"
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{agency.code}-{timezone.now():%Y%m%d%H%M%S}.p12"
            target.write_bytes(form.cleaned_data["file"].read())
            target.chmod(0o600)
            try:
                record = import_pkcs12(
                    agency, target, password_env=form.cleaned_data["password_env"]
                )
            except CertificateUnavailable as error:
                target.unlink(missing_ok=True)
                form.add_error("file", str(error))
            else:
                messages.success(
                    request,
                    _("Imported %(subject)s for %(agency)s.")
                    % {"subject": record.subject, "agency": agency.name},
                )
                return redirect(reverse("admin:results_signingcertificate_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a PKCS#12 file"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "results/admin/import.html", context)


class PostalUpdateInline(admin.TabularInline):
    model = PostalUpdate
    extra = 0
    can_delete = False
    fields = ("status", "at", "note", "by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "title", "state", "source", "signed_at", "issued_at")
    list_filter = ("state", "source")
    search_fields = ("code", "dossier__code", "title")
    date_hierarchy = "created_at"


@admin.register(ResultDelivery)
class ResultDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "method", "handed_at", "receiver_name", "postal_status")
    list_filter = ("method", "postal_status")
    search_fields = ("dossier__code", "waybill", "receiver_name")
    inlines = [PostalUpdateInline]


@admin.register(ResultDownload)
class ResultDownloadAdmin(ReadOnlyAdmin):
    list_display = ("result", "at")
