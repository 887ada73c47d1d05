"""Versioning actions of the catalog in the Django admin.

Publishing, amending, replacing and abolishing a procedure are acts of law:
each asks for the decision behind it on a confirmation page, goes through
``catalog.services`` inside one transaction and leaves a ``LogEntry`` that
names the decision, which is the audit trail of the catalog.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext

from ..domain import CatalogRuleBroken, VersionAction, VersionStatus
from ..models import ProcedureVersion
from ..services import (
    Decision,
    abolish_procedure,
    draft_amendment,
    publish_version,
    replace_procedure,
)
from .decisions import ConfirmationForm, DecisionForm, ReplacementForm, day, explain


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


def _acts_on_object(view):
    """Give ``view`` the object named in the URL, once change is allowed.

    An object that does not exist gets the admin's usual redirect.
    """

    @wraps(view)
    def wrapper(self, request, object_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return view(self, request, obj)

    return wrapper


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

    @_acts_on_object
    def amend_view(self, request, procedure):
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

    @_acts_on_object
    def abolish_view(self, request, procedure):
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

    @_acts_on_object
    def replace_view(self, request, procedure):
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

    @_acts_on_object
    def publish_view(self, request, version):
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
