"""The results panel of the dossier page."""

from django import template

register = template.Library()


@register.inclusion_tag("backoffice/results_panel.html", takes_context=True)
def results_panel(context, dossier):
    """Render the results of ``dossier`` and their hand-over for the officer."""
    from motcua.dossiers.domain import Status
    from motcua.results.domain import Method, PostalStatus
    from motcua.results.queries import dossier_deliveries, panel_results
    from motcua.results.services.access import (
        DELIVER_ROLES,
        PREPARE_ROLES,
        roles_in_dossier,
    )
    from motcua.results.services.delivery import download_url
    from motcua.results.services.documents import PREPARABLE

    from ..forms_results import PostalUpdateForm, ReceiptScanForm

    request = context["request"]
    user = request.user
    results = list(panel_results(dossier))
    # No result, no hand-over: one query fewer on most dossier pages.
    deliveries = list(dossier_deliveries(dossier)) if results else []
    for delivery in deliveries:
        if delivery.method == Method.ELECTRONIC and delivery.result is not None:
            # The link the applicant downloads from, for the desk to pass on.
            delivery.citizen_link = download_url(delivery.result)
    workplace = context.get("workplace")
    if (
        workplace is not None
        and workplace.agency is not None
        and (
            workplace.agency.pk
            in (dossier.receiving_agency_id, dossier.handling_agency_id)
        )
    ):
        roles = set(workplace.roles)  # already read for the page
    else:
        roles = roles_in_dossier(user, dossier)
    return {
        "dossier": dossier,
        "results": results,
        "deliveries": deliveries,
        "can_prepare": dossier.status in PREPARABLE
        and bool(roles & set(PREPARE_ROLES)),
        "can_deliver": bool(roles & set(DELIVER_ROLES)),
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
