"""The desk's check of a fee exemption claimed online.

Kept simple on purpose: a verified claim stays on the dossier; a claim not
verified is cleared (``Dossier.fee_exemption`` = ""), so the fees are due.
Either way a NOTE event in the hash-chained trail keeps the claim, the
answer, who gave it and when; it is public, so the applicant reads it on
their dossier's page. The amounts themselves (``fee_due``) are not touched:
the procedure's fees stay due unless an exemption stands.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.dossiers.domain import Activity
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.lifecycle import ConcurrentChange, record_activity

EXEMPTION_VERIFIED = "exemption_verified"
"""Payload key of the NOTE event that records the desk's verification."""


def verify_exemption(dossier: Dossier, *, officer, verified: bool, note: str = ""):
    """Record whether the exemption claimed on ``dossier`` is verified.

    ``dossier`` is the copy the officer saw: the row is locked and a
    dossier another officer answered meanwhile is refused with
    ``ConcurrentChange``. Only while the dossier waits for the desk;
    the caller checks that ``officer`` serves its desk.
    """
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.status != dossier.status or locked.reception_due_at is None:
            raise ConcurrentChange(dossier.status, locked.status, Activity.NOTE)
        claimed = locked.fee_exemption
        if not claimed:
            raise ValidationError(_("The applicant claims no exemption."))
        if verified:
            reason = _("Fee exemption verified: %(claim)s") % {"claim": claimed}
        else:
            reason = _("Fee exemption not verified; the fees are due: %(claim)s") % {
                "claim": claimed
            }
            locked.fee_exemption = ""
            locked.save(update_fields=["fee_exemption"])
        if note.strip():
            reason = f"{reason}\n{note.strip()}"
        record_activity(
            locked,
            Activity.NOTE,
            actor=officer,
            reason=reason,
            payload={EXEMPTION_VERIFIED: verified, "exemption": claimed},
            public=True,
        )
    dossier.fee_exemption = locked.fee_exemption
    dossier.audit_head = locked.audit_head
    return dossier
