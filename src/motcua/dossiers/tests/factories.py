"""Build dossiers in any status, with a valid audit chain.

Traits are the only place outside the services that set ``status``; each
trait also writes the events that lead there, so ``verify_audit`` passes on
factory data.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import factory

from motcua.accounts.domain import Role
from motcua.accounts.models import RoleAssignment
from motcua.accounts.tests.factories import AgencyFactory, UserFactory
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import published_procedure
from motcua.dossiers.domain import Action, Status, format_dossier_code, next_status
from motcua.dossiers.models import Applicant, Dossier, DossierPause, RuleSet
from motcua.dossiers.services.audit import append_event
from motcua.dossiers.services.rule_sets import bound_rule_set

RECEIVED_AT = datetime(2025, 10, 27, 9, 32, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def desk_officer(agency=None, **kwargs):
    """Return a user with the desk officer role in ``agency``."""
    agency = agency or AgencyFactory()
    user = UserFactory(**kwargs)
    RoleAssignment.objects.get_or_create(
        user=user, agency=agency, role=Role.DESK_OFFICER
    )
    return user


def staff_member(agency, role=Role.SPECIALIST, **kwargs):
    user = UserFactory(**kwargs)
    RoleAssignment.objects.get_or_create(user=user, agency=agency, role=role)
    return user


def receivable_procedure(agency=None, code="1.001193") -> ProcedureVersion:
    """Return the published birth registration version, implemented by ``agency``."""
    version = (
        ProcedureVersion.objects.published()
        .filter(procedure__code=code)
        .order_by("-number")
        .first()
    )
    if version is None:
        version = published_procedure()
    if agency is not None:
        version.agencies.add(agency)
    return version


def rule_set_for(moment) -> RuleSet:
    return bound_rule_set(moment.date())


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    kind = Applicant.Kind.PERSON
    full_name = "Nguyễn Văn An"
    # Long An (080), born 1990 (century code 0), a serial per applicant.
    personal_id = factory.Sequence(lambda n: f"080090{n:06d}")
    date_of_birth = date(1990, 5, 17)
    address = "Ấp 3, xã Tân Thạnh, tỉnh Long An"
    phone = "0912345678"
    email = "nguyenvanan@example.vn"
    search_text = factory.LazyAttribute(lambda o: f" {o.personal_id} ")

    class Params:
        organisation = factory.Trait(
            kind=Applicant.Kind.ORGANISATION,
            full_name="Công ty TNHH An Phát",
            personal_id="",
            date_of_birth=None,
            tax_code="0100109106",
        )


# Every trait's path through the lifecycle, after the first event.
PATHS = {
    Status.NEW: [],
    Status.RECEIVED: [],
    Status.NOT_ACCEPTED: [Action.REFUSE],
    Status.IN_PROGRESS: [Action.START_PROCESSING],
    Status.AWAITING_SUPPLEMENT: [Action.START_PROCESSING, Action.REQUEST_SUPPLEMENT],
    Status.AWAITING_FEES: [Action.START_PROCESSING, Action.REQUEST_FEES],
    Status.WITHDRAWAL_REQUESTED: [
        Action.START_PROCESSING,
        Action.REQUEST_WITHDRAWAL,
    ],
    Status.STOPPED: [Action.START_PROCESSING, Action.STOP],
    Status.RESOLVED: [Action.START_PROCESSING, Action.RESOLVE],
    Status.RETURNED: [Action.START_PROCESSING, Action.RESOLVE, Action.RETURN_RESULT],
}
ONLINE_ONLY = {Status.NEW, Status.NOT_ACCEPTED}


class DossierFactory(factory.django.DjangoModelFactory):
    """A dossier received at the desk, or in the status its trait names."""

    class Meta:
        model = Dossier
        skip_postgeneration_save = True

    receiving_agency = factory.SubFactory(AgencyFactory)
    handling_agency = factory.SelfAttribute("receiving_agency")
    procedure_version = factory.LazyAttribute(
        lambda o: receivable_procedure(o.handling_agency)
    )
    applicant = factory.SubFactory(ApplicantFactory)
    applicant_snapshot = factory.LazyAttribute(
        lambda o: {
            "full_name": o.applicant.full_name,
            "personal_id": o.applicant.personal_id,
            "address": o.applicant.address,
        }
    )
    submitted_at = RECEIVED_AT
    received_at = RECEIVED_AT
    rule_set = factory.LazyAttribute(lambda o: rule_set_for(o.submitted_at))
    code = factory.LazyAttributeSequence(
        lambda o, n: format_dossier_code(
            o.receiving_agency.code, o.submitted_at.date(), n + 1
        )
    )
    channel = Dossier.Channel.DESK
    status = Status.RECEIVED
    time_amount = 5
    time_unit = "working_days"
    due_at = factory.LazyAttribute(
        lambda o: o.received_at + timedelta(days=7) if o.received_at else None
    )
    fee_due = 8000
    fee_paid = 8000
    received_by = factory.LazyAttribute(
        lambda o: desk_officer(o.receiving_agency) if o.received_at else None
    )
    search_text = factory.LazyAttribute(
        lambda o: f" {o.code.lower()} {o.applicant.personal_id} "
    )

    class Params:
        new = factory.Trait(
            status=Status.NEW,
            channel=Dossier.Channel.ONLINE,
            received_at=None,
            fee_paid=0,
        )
        received = factory.Trait(status=Status.RECEIVED)
        not_accepted = factory.Trait(
            status=Status.NOT_ACCEPTED,
            channel=Dossier.Channel.ONLINE,
            received_at=None,
            fee_paid=0,
        )
        in_progress = factory.Trait(status=Status.IN_PROGRESS)
        awaiting_supplement = factory.Trait(
            status=Status.AWAITING_SUPPLEMENT, due_at=None, supplement_requests=1
        )
        awaiting_fees = factory.Trait(status=Status.AWAITING_FEES, due_at=None)
        withdrawal_requested = factory.Trait(status=Status.WITHDRAWAL_REQUESTED)
        stopped = factory.Trait(status=Status.STOPPED)
        resolved = factory.Trait(
            status=Status.RESOLVED,
            resolved_at=factory.LazyAttribute(
                lambda o: o.received_at + timedelta(days=2)
            ),
        )
        returned = factory.Trait(
            status=Status.RETURNED,
            resolved_at=factory.LazyAttribute(
                lambda o: o.received_at + timedelta(days=2)
            ),
            returned_at=factory.LazyAttribute(
                lambda o: o.received_at + timedelta(days=3)
            ),
        )

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        """Write the events (and open pause) that lead to the status (self: the dossier)."""
        obj = self
        if not create:
            return
        status = Status(obj.status)
        first = Status.NEW if status in ONLINE_ONLY else Status.RECEIVED
        at = obj.submitted_at
        actor = obj.received_by
        append_event(
            obj,
            action=Action.SUBMIT if first == Status.NEW else Action.RECEIVE,
            from_status="",
            to_status=first,
            actor=actor,
            at=at,
        )
        current = first
        for step, action in enumerate(PATHS[status], start=1):
            target = next_status(current, action)
            append_event(
                obj,
                action=action,
                from_status=current,
                to_status=target,
                actor=actor,
                at=at + timedelta(hours=step),
            )
            current = target
        if status in (Status.AWAITING_SUPPLEMENT, Status.AWAITING_FEES):
            DossierPause.objects.create(
                dossier=obj,
                reason="supplement" if status == Status.AWAITING_SUPPLEMENT else "fees",
                started_at=at + timedelta(hours=len(PATHS[status])),
            )
        obj.save(update_fields=["audit_head"])
