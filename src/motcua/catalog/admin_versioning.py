"""Versioning actions of the catalog in the Django admin.

Publishing, amending, replacing and abolishing a procedure are acts of law:
each asks for the decision behind it on a confirmation page, goes through
``catalog.services`` inside one transaction and leaves a ``LogEntry`` that
names the decision, which is the audit trail of the catalog.
"""

import re

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .domain import CatalogRuleBroken, VersionAction, VersionStatus
from .models import Procedure, ProcedureVersion
from .services import (
    Decision,
    abolish_procedure,
    draft_amendment,
    publish_version,
    replace_procedure,
)

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

# The services state their rules in English for logs and tests; the admin
# shows them in the reader's language.
_RULES = [
    (
        re.compile(r"version (?P<number>\d+) is already published"),
        _("Version %(number)s is already published; draft an amendment to change it."),
    ),
    (
        re.compile(r"the procedure already has a draft; edit that one"),
        _("The procedure already has a draft version; edit that one."),
    ),
    (
        re.compile(r"the procedure has no version to amend"),
        _("The procedure has no version to amend."),
    ),
    (
        re.compile(r"a procedure cannot replace itself; amend it instead"),
        _("A procedure cannot replace itself; draft an amendment instead."),
    ),
    (
        re.compile(
            r"version (?P<number>\d+) already takes effect on (?P<date>\S+); "
            r"a new version must start later"
        ),
        _(
            "Version %(number)s already takes effect on %(date)s; the new "
            "version must take effect later."
        ),
    ),
    (
        re.compile(r"a procedure with no published version cannot be abolished"),
        _("A procedure with no published version cannot be abolished."),
    ),
    (
        re.compile(r"the procedure is no longer in force on that date"),
        _("The procedure is no longer in force on that date."),
    ),
    (
        re.compile(
            r"a version takes effect on or after that date; "
            r"abolish it from a later date"
        ),
        _(
            "A version takes effect on or after that date; choose a later "
            "effective date."
        ),
    ),
]


def explain(error: CatalogRuleBroken) -> str:
    """Return the broken rule in the reader's language."""
    text = str(error)
    for pattern, message in _RULES:
        match = pattern.fullmatch(text)
        if match:
            return message % match.groupdict()
    return gettext("The catalog refused the change: %(reason)s") % {"reason": text}


def day(value) -> str:
    """Format a date as dd/mm/yyyy, the way Vietnamese documents write it."""
    return value.strftime("%d/%m/%Y") if value else ""


def _date_field(label, *, required=True):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=AdminDateWidget(format="%d/%m/%Y"),
        help_text=_("dd/mm/yyyy"),
    )


class DecisionForm(forms.Form):
    """The decision (quyết định công bố) that makes a catalog change law."""

    number = forms.CharField(label=capfirst(_("decision number")), max_length=100)
    signed_on = _date_field(capfirst(_("signed on")))
    issuer = forms.CharField(label=capfirst(_("issued by")), max_length=250)
    effective_from = _date_field(capfirst(_("in force from")))

    def clean(self):
        cleaned = super().clean()
        signed_on, effective_from = (
            cleaned.get("signed_on"),
            cleaned.get("effective_from"),
        )
        if signed_on and effective_from and effective_from < signed_on:
            self.add_error(
                "effective_from",
                _("A decision cannot take effect before it is signed."),
            )
        return cleaned

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            effective_from=data["effective_from"],
            number=data["number"].strip(),
            signed_on=data["signed_on"],
            issuer=data["issuer"].strip(),
        )


class ReplacementForm(DecisionForm):
    replacement = forms.ModelChoiceField(
        label=capfirst(_("replacing version")),
        queryset=ProcedureVersion.objects.none(),
        help_text=_(
            "A draft version of another procedure, published by this decision."
        ),
    )
    field_order = ["replacement", "number", "signed_on", "issuer", "effective_from"]

    def __init__(self, *args, procedure: Procedure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement"].queryset = (
            ProcedureVersion.objects.filter(status=VersionStatus.DRAFT.value)
            .exclude(procedure=procedure)
            .select_related("procedure")
            .order_by("procedure__code")
        )


class ConfirmationForm(forms.Form):
    """Nothing to fill in: the page only asks to confirm."""


def _posted(request):
    """Return the POST data to bind a form to, or None to show it empty."""
    return request.POST if request.method == "POST" else None


def _describe(decision: Decision) -> str:
    return gettext(
        "decision %(number)s of %(signed_on)s by %(issuer)s, in force from "
        "%(effective_from)s"
    ) % {
        "number": decision.number,
        "signed_on": day(decision.signed_on),
        "issuer": decision.issuer,
        "effective_from": day(decision.effective_from),
    }


def publication_action(version: ProcedureVersion) -> VersionAction:
    """Return how publishing ``version`` changes the catalog.

    Publishing after an earlier published version amends the procedure.
    """
    earlier = version.procedure.versions.filter(
        status=VersionStatus.PUBLISHED.value, number__lt=version.number
    )
    return VersionAction.AMEND if earlier.exists() else VersionAction.PUBLISH


class VersioningViewsMixin:
    """Confirmation pages shared by the procedure and version admins."""

    versioning_template = "admin/catalog/versioning_form.html"

    def _versioning_url(self, name, obj):
        opts = self.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_{name}",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )

    def _change_url(self, obj):
        opts = obj._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )

    def _get_for_action(self, request, object_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return self.get_object(request, unquote(object_id))

    def _run_action(self, request, obj, *, form, title, explanation, submit, perform):
        """Show ``form``; on a valid POST run ``perform`` atomically.

        ``perform(form)`` returns the URL to go to and the message for the
        log; a broken catalog rule rolls everything back and is shown as an
        error on the same page.
        """
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    target, log_message = perform(form)
                    self.log_change(request, obj, log_message)
            except CatalogRuleBroken as error:
                self.message_user(request, explain(error), messages.ERROR)
            else:
                self.message_user(request, log_message, messages.SUCCESS)
                return redirect(target)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": title,
            "subtitle": str(obj),
            "explanation": explanation,
            "submit_label": submit,
            "form": form,
            "media": self.media + form.media,
            "cancel_url": self._change_url(obj),
        }
        return TemplateResponse(request, self.versioning_template, context)


class ProcedureVersioningMixin(VersioningViewsMixin):
    """Amend, abolish and replace a procedure from its change page."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/amend/",
                wrap(self.amend_view),
                name=f"{name}_amend",
            ),
            path(
                "<path:object_id>/abolish/",
                wrap(self.abolish_view),
                name=f"{name}_abolish",
            ),
            path(
                "<path:object_id>/replace/",
                wrap(self.replace_view),
                name=f"{name}_replace",
            ),
            *super().get_urls(),
        ]

    def versioning_tools(self, procedure):
        """Return the buttons the procedure's change page offers."""
        versions = list(procedure.versions.order_by("-number"))
        draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
        open_published = any(
            v.status == VersionStatus.PUBLISHED and v.effective_to is None
            for v in versions
        )
        tools = []
        if draft is not None:
            tools.append((self._change_url(draft), gettext("Edit the draft")))
        elif versions:
            tools.append(
                (
                    self._versioning_url("amend", procedure),
                    gettext("Draft an amendment"),
                )
            )
        if open_published:
            tools.append(
                (self._versioning_url("replace", procedure), gettext("Replace by…"))
            )
            tools.append(
                (self._versioning_url("abolish", procedure), gettext("Abolish"))
            )
        return tools

    def amend_view(self, request, object_id):
        procedure = self._get_for_action(request, object_id)
        if procedure is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)

        def perform(form):
            draft = draft_amendment(procedure)
            message = gettext("Drafted version %(number)s to amend %(code)s.") % {
                "number": draft.number,
                "code": procedure.code,
            }
            self.log_addition(request, draft, message)
            return self._change_url(draft), message

        return self._run_action(
            request,
            procedure,
            form=ConfirmationForm(_posted(request)),
            title=gettext("Draft an amendment"),
            explanation=gettext(
                "A new draft version is copied from the latest version. Edit "
                "it, then publish it with the amending decision."
            ),
            submit=gettext("Create the draft"),
            perform=perform,
        )

    def abolish_view(self, request, object_id):
        procedure = self._get_for_action(request, object_id)
        if procedure is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)

        def perform(form):
            decision = form.decision()
            abolish_procedure(procedure, decision=decision)
            message = gettext("Abolished %(code)s by %(decision)s.") % {
                "code": procedure.code,
                "decision": _describe(decision),
            }
            return self._change_url(procedure), message

        return self._run_action(
            request,
            procedure,
            form=DecisionForm(_posted(request)),
            title=gettext("Abolish the procedure"),
            explanation=gettext(
                "Every version stops being in force on the effective date of "
                "the abolishing decision. The versions stay in the catalog."
            ),
            submit=gettext("Abolish"),
            perform=perform,
        )

    def replace_view(self, request, object_id):
        procedure = self._get_for_action(request, object_id)
        if procedure is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)

        def perform(form):
            decision, replacement = form.decision(), form.cleaned_data["replacement"]
            published = replace_procedure(procedure, by=replacement, decision=decision)
            message = gettext("Replaced %(code)s by %(new)s by %(decision)s.") % {
                "code": procedure.code,
                "new": published.procedure.code,
                "decision": _describe(decision),
            }
            self.log_change(request, published, message)
            return self._change_url(procedure), message

        return self._run_action(
            request,
            procedure,
            form=ReplacementForm(_posted(request), procedure=procedure),
            title=gettext("Replace the procedure"),
            explanation=gettext(
                "The chosen draft is published by the decision and this "
                "procedure stops being in force on the same day."
            ),
            submit=gettext("Replace"),
            perform=perform,
        )


class VersionVersioningMixin(VersioningViewsMixin):
    """Publish a draft version from its change page."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name=f"{name}_publish",
            ),
            *super().get_urls(),
        ]

    def versioning_tools(self, version):
        if version.status == VersionStatus.DRAFT:
            return [(self._versioning_url("publish", version), gettext("Publish"))]
        amend = reverse(
            "admin:catalog_procedure_amend",
            args=[version.procedure_id],
            current_app=self.admin_site.name,
        )
        has_draft = version.procedure.versions.filter(
            status=VersionStatus.DRAFT.value
        ).exists()
        return [] if has_draft else [(amend, gettext("Draft an amendment"))]

    def publish_view(self, request, object_id):
        version = self._get_for_action(request, object_id)
        if version is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if version.status != VersionStatus.DRAFT:
            self.message_user(
                request,
                gettext(
                    "This version is already published; draft an amendment to "
                    "change it."
                ),
                messages.ERROR,
            )
            return redirect(self._change_url(version))
        action = publication_action(version)

        def perform(form):
            decision = form.decision()
            publish_version(version, decision=decision, action=action)
            message = gettext("Published version %(number)s by %(decision)s.") % {
                "number": version.number,
                "decision": _describe(decision),
            }
            return self._change_url(version), message

        initial = {
            "number": version.decision_number,
            "signed_on": version.decision_date,
            "issuer": version.decision_issuer,
        }
        return self._run_action(
            request,
            version,
            form=DecisionForm(_posted(request), initial=initial),
            title=(
                gettext("Publish the amendment")
                if action == VersionAction.AMEND
                else gettext("Publish the procedure")
            ),
            explanation=gettext(
                "Once published, the version is law and can no longer be "
                "edited; the version in force before it stops on the "
                "effective date."
            ),
            submit=gettext("Publish"),
            perform=perform,
        )
