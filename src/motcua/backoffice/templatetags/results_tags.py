"""The results panel of the dossier page."""

from django import template

register = template.Library()


@register.inclusion_tag("backoffice/results_panel.html", takes_context=True)
def results_panel(context, dossier):
    """Render the results of ``dossier`` and their hand-over for the officer."""
    from motcua.dossiers.domain import Status
    from motcua.results.domain import Method, PostalStatus
    from motcua.results.queries import dossier_deliveries, dossier_results
    from motcua.results.services.access import may_deliver, may_prepare
    from motcua.results.services.documents import PREPARABLE

    from ..forms_results import PostalUpdateForm, ReceiptScanForm

    request = context["request"]
    user = request.user
    deliveries = list(dossier_deliveries(dossier))
    return {
        "dossier": dossier,
        "results": list(dossier_results(dossier)),
        "deliveries": deliveries,
        "can_prepare": dossier.status in PREPARABLE and may_prepare(user, dossier),
        "can_deliver": may_deliver(user, dossier),
        "returnable": dossier.status in (Status.RESOLVED, Status.RETURNED),
        "desk": Method.DESK,
        "post": Method.POST,
        "electronic": Method.ELECTRONIC,
        "closed": {PostalStatus.DELIVERED, PostalStatus.RETURNED_TO_SENDER},
        "postal_form": PostalUpdateForm(),
        "scan_form": ReceiptScanForm(),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
