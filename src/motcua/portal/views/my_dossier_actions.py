"""What the citizen changes on their dossier: supplement, withdrawal, rating.

Each page parses the form and calls one ``filing.services`` function; a
refusal comes back as the service's Vietnamese messages on the same page.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.eforms.domain import display_date, field_specs
from motcua.eforms.services import build_form, eform_of
from motcua.filing.labels import SATISFACTION_LABELS
from motcua.filing.queries import pending_request, permissions, rating_of
from motcua.filing.services import FilingError, rate, request_withdrawal, resubmit

from .my_dossiers import citizen_dossier, citizen_page

NOTE_FIELD = "ghi_chu_bo_sung"
FORM_PARAM = "to-khai"
FILE_FIELD = "giay_to_{}"
MAX_FILES_PER_PAPER = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you withdraw the dossier?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Say why you withdraw the dossier.")},
    )


SATISFACTION = [(key.value, label) for key, label in SATISFACTION_LABELS.items()]


def _satisfaction(label):
    return forms.ChoiceField(
        label=label,
        choices=SATISFACTION,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose one of the answers.")},
    )


class RatingForm(forms.Form):
    overall = _satisfaction(gettext_lazy("Overall, how satisfied are you?"))
    convenience = _satisfaction(gettext_lazy("How convenient was the service?"))
    staff = _satisfaction(gettext_lazy("How were the officers who served you?"))
    comment = forms.CharField(
        label=gettext_lazy("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _refused(form: forms.Form, error: FilingError) -> None:
    for key, texts in error.errors.items():
        for text in texts:
            form.add_error(key if key in form.fields else None, text)


def _not_allowed(request, dossier, message):
    return render(
        request,
        "portal/my/problem.html",
        {"dossier": dossier, "message": message},
        status=409,
    )


@require_http_methods(["GET", "POST"])
@never_cache
@citizen_page
def my_withdrawal(request, code):
    dossier = citizen_dossier(request, code)
    if not permissions(dossier).withdraw:
        return _not_allowed(
            request,
            dossier,
            _("A dossier can be withdrawn only after reception and before its result."),
        )
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_withdrawal(
                dossier, user=request.user, reason=form.cleaned_data["reason"]
            )
        except FilingError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your request to withdraw the dossier was sent. The agency "
                    "will accept it or tell you why not."
                ),
            )
            return redirect("portal:my_dossier", code=dossier.code)
    return render(
        request,
        "portal/my/withdrawal.html",
        {"dossier": dossier, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@never_cache
@citizen_page
def my_rating(request, code):
    dossier = citizen_dossier(request, code)
    if rating_of(dossier) is not None:
        return _not_allowed(request, dossier, _("This dossier was already rated."))
    if not permissions(dossier, rated=False).rate:
        return _not_allowed(
            request,
            dossier,
            _("You can rate the service once the result is returned."),
        )
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rate(dossier, user=request.user, **form.cleaned_data)
        except FilingError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Thank you: your rating was recorded."))
            return redirect("portal:my_dossier", code=dossier.code)
    return render(
        request,
        "portal/my/rating.html",
        {"dossier": dossier, "form": form},
        status=400 if form.errors else 200,
    )


def _eform_initial(eform, data: dict) -> dict:
    initial = {}
    for spec in field_specs(eform.layout):
        key = spec["key"]
        if key not in data:
            continue
        value = data[key]
        initial[key] = display_date(value) if spec.get("widget") == "date" else value
    return initial


def _corrected(declared: dict, form) -> dict | None:
    """Return the declaration with the fields the citizen changed; None if none.

    Only what differs from what was shown counts: a field left as the page
    showed it (even a schema default never declared) keeps its old value.
    """
    changed = [key for key in form.changed_data if key in form.specs]
    if not changed:
        return None
    data = dict(declared)
    for key in changed:
        if key in form.json_data:
            data[key] = form.json_data[key]
        else:
            data.pop(key, None)
    return data


def _paper_rows(dossier, asked: tuple[str, ...]):
    """Every listed paper with its upload field; those asked for come first."""
    wanted = {name.strip().casefold() for name in asked}
    rows = []
    for document in dossier.procedure_version.documents.all():
        rows.append(
            {
                "document": document,
                "field": FILE_FIELD.format(document.pk),
                "asked": document.name.strip().casefold() in wanted,
            }
        )
    rows.sort(key=lambda row: not row["asked"])
    listed = {row["document"].name.strip().casefold() for row in rows}
    others = [name for name in asked if name.strip().casefold() not in listed]
    return rows, others


@require_http_methods(["GET", "POST"])
@never_cache
@citizen_page
def my_supplement(request, code):
    """Show what the agency asked for; send the corrected form and the papers."""
    dossier = citizen_dossier(request, code)
    if not permissions(dossier).supplement:
        return _not_allowed(
            request, dossier, _("This dossier is not waiting for a supplement.")
        )
    pending = pending_request(dossier)
    rows, others = _paper_rows(dossier, pending.missing if pending else ())
    eform = eform_of(dossier.procedure_version)
    # The declaration opens on request: the page stays light on a slow phone.
    show_form = "1" in (request.GET.get(FORM_PARAM), request.POST.get(FORM_PARAM))
    form = None
    if eform is not None and show_form:
        form = build_form(
            eform, data=request.POST if request.method == "POST" else None
        )
        # What was declared is shown (and what a change is measured from).
        form.initial.update(_eform_initial(eform, dossier.form_data or {}))
    errors: list[str] = []
    note = request.POST.get(NOTE_FIELD, "")[:2000]
    status = 200
    if request.method == "POST":
        files = {}
        for row in rows:
            uploads = request.FILES.getlist(row["field"])
            if len(uploads) > MAX_FILES_PER_PAPER:
                errors.append(
                    _("Attach at most %(count)s files for one paper.")
                    % {"count": MAX_FILES_PER_PAPER}
                )
            elif uploads:
                files[row["document"].pk] = uploads
        form_data = None
        if form is not None:
            if form.is_valid():
                form_data = _corrected(dossier.form_data or {}, form)
            else:
                errors.append(_("Correct the declaration where it is marked."))
        if not errors:
            try:
                resubmit(
                    dossier,
                    user=request.user,
                    form_data=form_data,
                    files=files,
                    note=note,
                )
            except FilingError as error:
                errors.extend(error.messages)
            else:
                messages.success(
                    request,
                    _(
                        "Your supplement was sent. The agency will check it; "
                        "you will be told what happens next."
                    ),
                )
                return redirect("portal:my_dossier", code=dossier.code)
        status = 400
    return render(
        request,
        "portal/my/supplement.html",
        {
            "dossier": dossier,
            "pending": pending,
            "asked_rows": [row for row in rows if row["asked"]],
            "other_rows": [row for row in rows if not row["asked"]],
            "others": others,
            "form": form,
            "errors": errors,
            "note": note,
            "note_field": NOTE_FIELD,
            "form_param": FORM_PARAM,
            "has_eform": eform is not None,
        },
        status=status,
    )
