"""What an official one-stop form prints, as plain values.

The forms know nothing of the dossier models: the caller (the dossier
services, the desk screens) fills a ``FormContext`` and the renderer lays it
out in the version of the form its rule set prescribes. That keeps the
templates testable without a database and lets a form be reprinted from a
guidance record that is not a dossier.
"""

from dataclasses import dataclass, field
from datetime import datetime

RULE_SETS = ("nd61-2018", "nd118-2025")
FORM_KEYS = (
    "receipt",
    "supplement_request",
    "refusal",
    "apology",
    "stop_notice",
    "control_slip",
    "register",
)


@dataclass(frozen=True)
class AgencyHeader:
    """The issuing agency as the top-left block of a document prints it.

    ``unit_name`` is the place written before the date ("Tân Thạnh, ngày …"),
    the administrative unit where the agency sits.
    """

    parent_name: str
    name: str
    unit_name: str
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class DocumentLine:
    """One paper of the dossier with how many originals and copies came in."""

    name: str
    originals: int = 0
    copies: int = 0


@dataclass(frozen=True)
class ControlRow:
    """One hand-over on the process-control slip (form 05, or 06 since 2025).

    ``giver``/``receiver`` name the agency and unit, ``*_person`` the
    officer; ``outcome`` is "early", "on_time", "late" or "" (not judged).
    """

    giver: str
    receiver: str
    handed_at: datetime
    giver_person: str = ""
    receiver_person: str = ""
    outcome: str = ""
    note: str = ""


@dataclass(frozen=True)
class FormContext:
    """Everything one issued form shows.

    ``number`` and ``title`` may be left empty: the renderer takes them from
    the rule set's catalogue (``documents.forms.catalogue``). Datetimes must be
    timezone-aware; they are printed in the installation's local time.
    ``due_at`` is the appointment of the receipt, and on the apology the
    appointment that is being missed; ``new_due_at`` is the apology's new date.
    """

    rule_set_code: str
    form_key: str
    issued_at: datetime
    agency: AgencyHeader
    number: str = ""
    title: str = ""
    dossier_code: str = ""
    reference_number: str = ""
    procedure_code: str = ""
    procedure_name: str = ""
    applicant_name: str = ""
    applicant_id: str = ""
    applicant_address: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    documents: list[DocumentLine] = field(default_factory=list)
    dossier_sets: int = 1
    missing_documents: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    processing_time: str = ""
    received_at: datetime | None = None
    due_at: datetime | None = None
    new_due_at: datetime | None = None
    delivery_method: str = ""
    delivery_address: str = ""
    fee: str = ""
    officer_name: str = ""
    signer_title: str = ""
    tracking_url: str = ""
    note: str = ""
    # The process-control slip: its hand-overs and the agencies involved.
    control_rows: list[ControlRow] = field(default_factory=list)
    handling_agency: str = ""
    cooperating_agencies: list[str] = field(default_factory=list)
    returned_at: datetime | None = None
