"""Returning results: at the desk, by post, or as a download link.

At the desk the officer checks the identity paper of the person collecting
(the applicant, or the representative who submitted the dossier) and may
attach the scan of the hand-over slip both signed. By post the consignment
is followed through the operator's status updates until it is delivered
(Decision 45/2016/QĐ-TTg). Electronically the citizen gets a signed link
valid for ``MOTCUA_RESULT_LINK_DAYS`` days; every download is logged.

These services do not change the dossier's status: the workflow's return
step calls ``record_delivery`` and then ``transition(RETURN_RESULT)``.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.domain import Activity, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.files import FileRefused, validate_upload
from motcua.dossiers.services.lifecycle import record_activity

from ..domain import (
    POSTAL_FINAL,
    Method,
    PostalStatus,
    ReceiverMismatch,
    can_update_postal,
    check_receiver,
)
from ..labels import POSTAL_LABELS
from ..models import PostalUpdate, Result, ResultDelivery, ResultDownload
from .access import DELIVER_ROLES, ResultRefused, dossier_agencies, holds_role
from .documents import latest_issued_result

DEFAULT_POSTAL_OPERATOR = "Bưu điện Việt Nam (VNPost)"
TOKEN_SALT = "motcua.results.download"
RETURNABLE = frozenset({Status.RESOLVED, Status.RETURNED})


@dataclass(frozen=True)
class DeliveryData:
    """How a result is handed over (the workflow's return step passes it)."""

    method: str  # "desk" | "post" | "electronic"
    receiver_name: str = ""
    receiver_personal_id: str = ""
    id_checked: bool = False
    postal_operator: str = ""
    waybill: str = ""
    address: str = ""


def _check_actor(user, dossier: Dossier) -> None:
    if not holds_role(user, DELIVER_ROLES, dossier_agencies(dossier)):
        raise ResultRefused(
            _(
                "Only the desk, the clerk or a leader of the dossier's agencies may hand over its result."
            )
        )


def record_delivery(
    dossier: Dossier,
    *,
    user,
    delivery: DeliveryData,
    receipt_scan=None,
    at=None,
) -> ResultDelivery:
    """Record the hand-over of the dossier's latest issued result.

    Raises ``ResultRefused`` with a translated message when the user may
    not, there is no issued result, or the details are incomplete (a desk
    receiver who is neither the applicant nor the representative, a
    parcel without waybill or address).
    """
    at = at or timezone.now()
    _check_actor(user, dossier)
    try:
        method = Method(delivery.method)
    except ValueError:
        raise ResultRefused(_("Choose how the result is returned.")) from None
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.status not in RETURNABLE:
            raise ResultRefused(
                _("The result of a dossier that is “%(status)s” cannot be handed over.")
                % {"status": locked.status_label}
            )
        result = latest_issued_result(locked)
        if result is None:
            raise ResultRefused(_("The dossier has no issued result to hand over."))
        row = ResultDelivery(
            dossier=locked, result=result, method=method, handed_at=at, handed_by=user
        )
        if method == Method.DESK:
            _desk(row, locked, delivery, receipt_scan)
        elif method == Method.POST:
            _post(row, locked, delivery)
        else:
            row.link_expires_at = at + timedelta(days=settings.MOTCUA_RESULT_LINK_DAYS)
        row.save()
        if method == Method.POST:
            PostalUpdate.objects.create(
                delivery=row, status=PostalStatus.HANDED_TO_POST, at=at, by=user
            )
    return row


def _desk(row: ResultDelivery, dossier: Dossier, data: DeliveryData, scan) -> None:
    name = " ".join(data.receiver_name.split())
    personal_id = "".join(data.receiver_personal_id.split())
    if not name or not personal_id:
        raise ResultRefused(
            _("Write the name and identity number of the person collecting the result.")
        )
    if not data.id_checked:
        raise ResultRefused(
            _("Check the identity paper of the person collecting the result.")
        )
    applicant_id = dossier.applicant.personal_id
    representative_id = dossier.submitter_personal_id
    if applicant_id or representative_id:
        try:
            row.receiver_role = check_receiver(
                personal_id,
                applicant_id=applicant_id,
                representative_id=representative_id,
            )
        except ReceiverMismatch:
            raise ResultRefused(
                _(
                    "The identity number is neither the applicant's nor the representative's recorded on the dossier."
                )
            ) from None
    else:
        # An organisation with no representative recorded: whoever shows an
        # identity paper (checked) collects for it.
        row.receiver_role = "representative"
    row.receiver_name = name[:250]
    row.receiver_personal_id = personal_id[:12]
    row.id_checked = True
    if scan is not None:
        _save_scan(row, dossier, scan)


def attach_receipt_scan(delivery: ResultDelivery, *, user, file) -> ResultDelivery:
    """Keep the scan of the hand-over slip both sides signed at the desk."""
    _check_actor(user, delivery.dossier)
    if delivery.method != Method.DESK:
        raise ResultRefused(_("Only a hand-over at the desk has a signed slip."))
    _save_scan(delivery, delivery.dossier, file)
    delivery.save(update_fields=["signed_receipt"])
    return delivery


def _save_scan(row: ResultDelivery, dossier: Dossier, scan) -> None:
    try:
        clean = validate_upload(scan)
    except FileRefused as error:
        raise ResultRefused(str(error)) from error
    extension = clean.storage_name.rsplit(".", 1)[-1]
    row.signed_receipt.save(
        f"{dossier.code}-ban-giao.{extension}", ContentFile(clean.content), save=False
    )


def _post(row: ResultDelivery, dossier: Dossier, data: DeliveryData) -> None:
    waybill = "".join(data.waybill.split()).upper()
    address = " ".join((data.address or dossier.delivery_address).split())
    if not waybill:
        raise ResultRefused(_("Write the waybill number of the consignment."))
    if not address:
        raise ResultRefused(_("Write the address the result is sent to."))
    row.postal_operator = (data.postal_operator.strip() or DEFAULT_POSTAL_OPERATOR)[
        :150
    ]
    row.waybill = waybill[:60]
    row.address = address[:300]
    row.postal_status = PostalStatus.HANDED_TO_POST


def record_postal_update(
    delivery: ResultDelivery, *, user, status: str, note: str = "", at=None
) -> PostalUpdate:
    """Record a status the post reported for the consignment.

    A delivered or returned consignment is closed. The update goes into
    the dossier's trail (public, so the applicant sees where the parcel is).
    """
    at = at or timezone.now()
    _check_actor(user, delivery.dossier)
    try:
        status = PostalStatus(status)
    except ValueError:
        raise ResultRefused(_("Choose a postal status.")) from None
    with transaction.atomic():
        locked_dossier = Dossier.objects.select_for_update().get(pk=delivery.dossier_id)
        current = ResultDelivery.objects.select_for_update().get(pk=delivery.pk)
        if current.method != Method.POST:
            raise ResultRefused(_("This result was not sent by post."))
        if not can_update_postal(current.postal_status, status):
            raise ResultRefused(
                _(
                    "The consignment is already “%(status)s”; it cannot become “%(new)s”."
                )
                % {
                    "status": POSTAL_LABELS[PostalStatus(current.postal_status)],
                    "new": POSTAL_LABELS[status],
                }
            )
        update = PostalUpdate.objects.create(
            delivery=current, status=status, at=at, note=note.strip()[:500], by=user
        )
        current.postal_status = status
        if status == PostalStatus.DELIVERED:
            current.delivered_at = at
        current.save(update_fields=["postal_status", "delivered_at"])
        record_activity(
            locked_dossier,
            Activity.POSTAL_UPDATE,
            actor=user,
            reason=str(POSTAL_LABELS[status])
            + (f": {note.strip()}" if note.strip() else ""),
            payload={"waybill": current.waybill, "status": status.value},
            public=True,
            at=at,
        )
    delivery.postal_status = current.postal_status
    delivery.delivered_at = current.delivered_at
    return update


def confirm_postal_delivery(
    delivery: ResultDelivery, *, user, at=None, note: str = ""
) -> PostalUpdate:
    """Record that the post delivered the result to the addressee."""
    return record_postal_update(
        delivery, user=user, status=PostalStatus.DELIVERED, note=note, at=at
    )


def is_closed(delivery: ResultDelivery) -> bool:
    return delivery.postal_status in POSTAL_FINAL


# The citizen's download link.


def download_token(result: Result) -> str:
    """Return the signed token of ``result``'s download link."""
    return signing.dumps({"r": result.code}, salt=TOKEN_SALT, compress=True)


def download_path(result: Result) -> str:
    """Return the path (on the public site) of the citizen's download link."""
    return f"/ket-qua/{result.code}/tai-ve/?t={download_token(result)}"


def download_url(result: Result) -> str:
    return settings.MOTCUA_PUBLIC_URL.rstrip("/") + download_path(result)


def check_download_token(code: str, token: str) -> bool:
    """Tell whether ``token`` opens result ``code`` (and has not expired)."""
    try:
        data = signing.loads(
            token or "",
            salt=TOKEN_SALT,
            max_age=timedelta(days=settings.MOTCUA_RESULT_LINK_DAYS),
        )
    except signing.BadSignature:
        return False
    return isinstance(data, dict) and data.get("r") == code


def link_open(result: Result, *, at=None) -> bool:
    """Tell whether the result was returned electronically and its link still runs.

    The token's own age is checked too, but a link shown again later is a
    new token: the hand-over's ``link_expires_at`` is what bounds it.
    """
    at = at or timezone.now()
    return ResultDelivery.objects.filter(
        result=result, method=Method.ELECTRONIC, link_expires_at__gt=at
    ).exists()


def record_download(result: Result, *, at=None) -> ResultDownload:
    """Log a download of ``result`` through the citizen's link."""
    at = at or timezone.now()
    with transaction.atomic():
        delivery = (
            ResultDelivery.objects.select_for_update()
            .filter(result=result, method=Method.ELECTRONIC)
            .order_by("-handed_at")
            .first()
        )
        if delivery is not None and delivery.first_downloaded_at is None:
            delivery.first_downloaded_at = at
            delivery.save(update_fields=["first_downloaded_at"])
        return ResultDownload.objects.create(result=result, delivery=delivery, at=at)
