"""Writes of results: prepare, sign, issue, hand over, verify.

The names below are the contract the workflow codes against; the modules
hold the details (``pki`` the certificates, ``signing`` pyHanko,
``registers`` the certification register and the register's returns).
"""

from .access import ResultRefused
from .delivery import (
    DeliveryData,
    confirm_postal_delivery,
    record_delivery,
    record_postal_update,
)
from .documents import (
    generate_result,
    issue_result,
    latest_result,
    sign_result,
    upload_result,
    verify,
)
from .signing import VerificationReport

__all__ = [
    "DeliveryData",
    "ResultRefused",
    "VerificationReport",
    "confirm_postal_delivery",
    "generate_result",
    "issue_result",
    "latest_result",
    "record_delivery",
    "record_postal_update",
    "sign_result",
    "upload_result",
    "verify",
]
