"""Checks shared by the desk's outcomes: the officer, the applicant, the submitter."""

from dataclasses import asdict, dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency, RoleAssignment
from motcua.core.text import search_document

from ..domain import (
    InvalidIdentifier,
    check_personal_id,
    check_phone,
    check_tax_code,
)
from ..labels import IDENTIFIER_MESSAGES
from ..models import Applicant


class ReceptionRefused(ValueError):
    """The desk input cannot be accepted; ``errors`` maps fields to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(errors)


@dataclass
class Errors:
    messages: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key: str, message) -> None:
        self.messages.setdefault(key, []).append(str(message))

    def raise_if_any(self) -> None:
        if self.messages:
            raise ReceptionRefused(self.messages)


@dataclass(frozen=True)
class ApplicantData:
    """The applicant as entered at the desk (a person or an organisation)."""

    full_name: str
    kind: str = "person"  # "person" | "organisation"
    personal_id: str = ""
    date_of_birth: date | None = None
    tax_code: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""

    def snapshot(self) -> dict:
        data = asdict(self)
        data["date_of_birth"] = (
            self.date_of_birth.isoformat() if self.date_of_birth else None
        )
        return data


@dataclass(frozen=True)
class SubmitterData:
    """Who brought the dossier when it is not the applicant (authorised person)."""

    full_name: str
    personal_id: str = ""
    phone: str = ""


def _identifier(check, value, *args) -> str | None:
    try:
        check(value, *args)
    except InvalidIdentifier as invalid:
        return str(IDENTIFIER_MESSAGES[invalid.code])
    return None


def check_applicant(data: ApplicantData, *, strict: bool = True):
    """Yield (field, message) for each problem of the applicant's data.

    ``strict`` (reception) requires the ID number of a person and the tax
    code of an organisation; a guidance form only needs a name.
    """
    if not data.full_name.strip():
        yield "full_name", _("Enter the applicant's name.")
    if data.kind not in Applicant.Kind.values:
        yield "kind", _("Choose a person or an organisation.")
    elif data.kind == Applicant.Kind.PERSON:
        if data.personal_id.strip() or strict:
            problem = _identifier(
                check_personal_id, data.personal_id, data.date_of_birth
            )
            if problem:
                yield "personal_id", problem
    elif data.tax_code.strip() or strict:
        problem = _identifier(check_tax_code, data.tax_code)
        if problem:
            yield "tax_code", problem
    if data.phone.strip():
        problem = _identifier(check_phone, data.phone)
        if problem:
            yield "phone", problem
    if data.email.strip():
        try:
            validate_email(data.email.strip())
        except ValidationError:
            yield "email", _("Enter a valid e-mail address.")


def check_submitter(data: SubmitterData | None):
    """Yield (field, message) for each problem of the authorised person."""
    if data is None:
        return
    if not data.full_name.strip():
        yield "full_name", _("Enter the name of the person submitting.")
    if data.personal_id.strip():
        problem = _identifier(check_personal_id, data.personal_id)
        if problem:
            yield "personal_id", problem
    if data.phone.strip():
        problem = _identifier(check_phone, data.phone)
        if problem:
            yield "phone", problem


def check_officer(errors: Errors, officer, agency: Agency, role: str) -> None:
    holds = RoleAssignment.objects.filter(
        user=officer, agency=agency, role=role
    ).exists()
    if not holds or not agency.is_active:
        errors.add("agency", _("You are not a desk officer of this agency."))


def save_applicant(data: ApplicantData) -> Applicant:
    """Create the applicant or bring an earlier one up to date.

    An applicant is found again by personal ID number or tax code; the
    latest declared name, address and contacts replace the old ones (each
    dossier keeps its own snapshot of what was declared with it).
    """
    personal_id = data.personal_id.strip() if data.kind == "person" else ""
    tax_code = check_tax_code(data.tax_code) if data.kind != "person" else ""
    lookup = {"personal_id": personal_id} if personal_id else {"tax_code": tax_code}
    values = {
        "kind": data.kind,
        "full_name": " ".join(data.full_name.split()),
        "date_of_birth": data.date_of_birth,
        "address": data.address.strip(),
        "phone": check_phone(data.phone) if data.phone.strip() else "",
        "email": data.email.strip(),
        "search_text": search_document(data.full_name, personal_id, tax_code),
    }
    for _attempt in range(2):
        try:
            with transaction.atomic():
                applicant, _created = (
                    Applicant.objects.select_for_update().update_or_create(
                        **lookup, defaults=values
                    )
                )
            return applicant
        except IntegrityError:
            continue  # another desk created this applicant at the same moment
    raise IntegrityError("could not save the applicant")
