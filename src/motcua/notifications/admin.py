"""Administrators edit the message templates; the outbox is read-only here.

A template is checked when saved (syntax, forbidden tags, names outside
the kind's context) and previewed with sample values.
"""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from motcua.accounts.admin import AdministratorsMayEnterMixin
from motcua.accounts.queries import is_agency_administrator

from .domain import ascii_fold, one_line, sms_parts
from .kinds import KINDS, SAMPLE_CONTEXT, kind_choices
from .models import MessageTemplate, OutboxMessage
from .rendering import render_text, template_errors


class MessageTemplateForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("kind"), choices=kind_choices)

    class Meta:
        model = MessageTemplate
        fields = ["kind", "channel", "language", "subject", "body"]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        for name in ("subject", "body"):
            for error in template_errors(kind, data.get(name) or ""):
                self.add_error(name, error)
        return data


@admin.register(MessageTemplate)
class MessageTemplateAdmin(AdministratorsMayEnterMixin, admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ["kind", "channel", "language", "subject", "updated_at"]
    list_filter = ["kind", "channel", "language"]
    readonly_fields = ["available_names", "preview"]
    fields = ["kind", "channel", "language", "subject", "body"] + readonly_fields

    def has_add_permission(self, request):
        return super().has_add_permission(request) or is_agency_administrator(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or is_agency_administrator(
            request
        )

    @admin.display(description=_("names you can use"))
    def available_names(self, obj):
        kind = obj.kind if obj and obj.pk else None
        specs = [KINDS[kind]] if kind in KINDS else KINDS.values()
        names = {}
        for spec in specs:
            names.update(spec["context"])
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", "<li><code>{{{{ {} }}}}</code>: {}</li>", names.items()
            ),
        )

    @admin.display(description=_("preview with sample values"))
    def preview(self, obj):
        if not obj or not obj.pk:
            return _("Save the template to see a preview.")
        subject = one_line(render_text(obj.subject, SAMPLE_CONTEXT))
        body = render_text(obj.body, SAMPLE_CONTEXT)
        if obj.channel == "sms":
            folded = ascii_fold(one_line(body))
            return format_html(
                "<pre>{}</pre><p>{}</p><pre>{}</pre>",
                one_line(body),
                _("Unaccented (%(parts)s SMS part(s)):") % {"parts": sms_parts(folded)},
                folded,
            )
        return format_html("<p><strong>{}</strong></p><pre>{}</pre>", subject, body)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(AdministratorsMayEnterMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "channel",
        "kind",
        "recipient",
        "subject_ref",
        "state",
        "attempts",
        "sent_at",
    ]
    list_filter = ["state", "channel", "kind"]
    search_fields = ["recipient", "subject_ref", "dedupe_key"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
