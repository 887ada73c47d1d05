"""“4 on the spot” (4 tại chỗ): receive, appraise, approve and return at the desk.

For procedures flagged ``on_the_spot`` the desk officer fills the reception
form, adds the appraisal and, if any, the result document, and one call to
``workflow.services.on_the_spot`` runs the whole process at once. The page
then shows the receipt and the result handed over.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.domain import Role
from motcua.dossiers.domain import IllegalTransition
from motcua.dossiers.services.reception import ReceptionRefused

from ..forms import ProcedureSearchForm
from . import reception as desk
from .access import officer_required
from .dossiers import _dossier

RESULTS = 20


def spot_versions(agency, search=""):
    return desk.receivable_versions(agency, search).filter(on_the_spot=True)


def _version(agency, raw):
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return spot_versions(agency).filter(pk=pk).prefetch_related("documents").first()


def spot_form(version, data=None):
    form = desk._form(version, data)
    form.fields["appraisal"] = forms.CharField(
        label=gettext_lazy("Appraisal and decision"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Write the appraisal.")},
    )
    form.fields["result_file"] = forms.FileField(
        label=gettext_lazy("Result document (PDF; optional, else generated)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    form.fields["receiver_name"] = forms.CharField(
        label=gettext_lazy("Result received by (full name)"),
        max_length=250,
        error_messages={"required": gettext_lazy("Write who received the result.")},
    )
    form.fields["id_checked"] = forms.BooleanField(
        label=gettext_lazy("I checked their identity paper"),
        error_messages={
            "required": gettext_lazy(
                "Check the receiver's identity paper before handing over."
            )
        },
    )
    return form


def _page(request, *, status=200, **context):
    context.setdefault("search_form", ProcedureSearchForm(request.GET or None))
    return render(
        request,
        "backoffice/reception.html",
        {"workplace": request.workplace, "spot": True, **context},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@officer_required(Role.DESK_OFFICER)
def on_the_spot(request):
    agency = request.workplace.agency
    raw = request.POST.get("thu_tuc") or request.GET.get("thu_tuc")
    if raw:
        version = _version(agency, raw)
        if version is None:
            return _page(request, missing_procedure=True, status=404)
        if request.method == "POST":
            return _decide(request, version)
        return _page(request, version=version, form=spot_form(version))
    search = ProcedureSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    results = list(spot_versions(agency, query)[:RESULTS])
    return _page(request, search_form=search, results=results)


def _delivery(data, applicant):
    from motcua.results.services import DeliveryData

    return DeliveryData(
        method="desk",
        receiver_name=data["receiver_name"].strip(),
        receiver_personal_id=applicant.personal_id,
        id_checked=data["id_checked"],
    )


def _decide(request, version):
    if request.POST.get("outcome") == "lookup":
        found, lookup = desk._lookup(request.POST, version, request.workplace.agency)
        form = spot_form(version, found.data)
        form.is_valid()
        form.errors.clear()
        return _page(request, version=version, form=form, lookup=lookup)
    form = spot_form(version, request.POST)
    had_files = bool(request.FILES)
    if form.is_valid():
        try:
            dossier = _run(request, form, version)
        except ReceptionRefused as refused:
            form.add_service_errors(refused.errors)
        except IllegalTransition as error:
            from motcua.dossiers.services.lifecycle import describe

            form.add_error(None, describe(error))
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect("backoffice:on_the_spot_done", code=dossier.code)
    return _page(request, version=version, form=form, had_files=had_files, status=400)


def _run(request, form, version):
    from motcua.workflow import services

    kwargs = desk.receive_kwargs(request, form, version)
    data = form.cleaned_data
    kwargs["note"] = "\n".join(p for p in (data["appraisal"], kwargs["note"]) if p)
    kwargs.pop("delivery")  # handed over at the desk, right now
    return services.on_the_spot(
        **kwargs,
        result_file=data.get("result_file"),
        delivery=_delivery(data, kwargs["applicant"]),
    )


@require_GET
@officer_required(Role.DESK_OFFICER)
def on_the_spot_done(request, code):
    dossier = _dossier(request, code)
    result = None
    try:
        from motcua.results.services import latest_result

        result = latest_result(dossier)
    except ImportError:
        pass
    return render(
        request,
        "backoffice/on_the_spot_done.html",
        {"workplace": request.workplace, "dossier": dossier, "result": result},
    )


__all__ = ["on_the_spot", "on_the_spot_done", "_"]
