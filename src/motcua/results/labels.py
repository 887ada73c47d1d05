"""Translated names of the result and return values (presentation only)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .domain import Method, PostalStatus, Register, ResultState, Source

STATE_LABELS = {
    ResultState.DRAFT: pgettext_lazy("result", "Draft"),
    ResultState.SIGNED: pgettext_lazy("result", "Signed"),
    ResultState.ISSUED: pgettext_lazy("result", "Issued"),
}
SOURCE_LABELS = {
    Source.GENERATED: _("Generated from the template"),
    Source.UPLOADED: _("Uploaded"),
}
METHOD_LABELS = {
    Method.DESK: _("At the desk"),
    Method.POST: _("By post"),
    Method.ELECTRONIC: _("Electronically (download)"),
}
POSTAL_LABELS = {
    PostalStatus.HANDED_TO_POST: _("Handed to the post"),
    PostalStatus.IN_TRANSIT: _("In transit"),
    PostalStatus.DELIVERY_FAILED: _("Delivery failed, to be retried"),
    PostalStatus.DELIVERED: _("Delivered"),
    PostalStatus.RETURNED_TO_SENDER: _("Returned to the agency"),
}
REGISTER_LABELS = {
    Register.COPIES: _("Register of certified copies from originals"),
    Register.SIGNATURES: _("Register of certified signatures and fingerprints"),
    Register.TRANSLATORS: _("Register of certified translators' signatures"),
    Register.CONTRACTS: _("Register of certified contracts and transactions"),
}
