"""Writes to the catalog: drafting, publishing, amending and abolishing."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from motcua.accounts.models import AdministrativeLevel, Agency

from .domain import (
    CatalogRuleBroken,
    VersionAction,
    VersionSpan,
    VersionStatus,
    is_national_code,
    plan_abolition,
    plan_publication,
)
from .models import (
    ChannelOption,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
)
from .signals import version_drafted


@dataclass
class Decision:
    """The decision (quyết định công bố) behind a catalog change."""

    effective_from: date
    number: str = ""
    signed_on: date | None = None
    issuer: str = ""


@dataclass
class DraftSpec:
    """Plain attributes of a procedure version, as seeds and imports give them."""

    code: str
    name: str
    level: str
    field: str
    attributes: dict = field(default_factory=dict)
    agency_functions: list[str] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    channels: list[dict] = field(default_factory=list)


def _spans(procedure: Procedure) -> list[VersionSpan]:
    return [
        VersionSpan(v.number, v.effective_from, v.effective_to)
        for v in procedure.versions.filter(status=VersionStatus.PUBLISHED)
    ]


@transaction.atomic
def create_draft(spec: DraftSpec) -> ProcedureVersion:
    """Create a draft version of ``spec.code``, creating the procedure if new."""
    if not is_national_code(spec.code):
        raise CatalogRuleBroken(f"{spec.code} is not a national code such as 1.001193")
    procedure, _ = Procedure.objects.get_or_create(code=spec.code)
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    number = (
        procedure.versions.order_by("-number").values_list("number", flat=True).first()
        or 0
    ) + 1
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=number,
        name=spec.name,
        level=AdministrativeLevel.objects.get(code=spec.level),
        field=Field.objects.get(code=spec.field),
        agency_functions=",".join(spec.agency_functions),
        **spec.attributes,
    )
    for position, document in enumerate(spec.documents, start=1):
        RequiredDocument.objects.create(version=version, position=position, **document)
    for channel in spec.channels:
        fees = channel.get("fees", [])
        option = ChannelOption.objects.create(
            version=version, **{k: v for k, v in channel.items() if k != "fees"}
        )
        Fee.objects.bulk_create(Fee(channel=option, **fee) for fee in fees)
    link_agencies(version)
    return version


def link_agencies(version: ProcedureVersion) -> None:
    """Link the version to this installation's agencies of its functions."""
    functions = [f for f in version.agency_functions.split(",") if f]
    version.agencies.set(Agency.objects.filter(function__in=functions, is_active=True))


@transaction.atomic
def publish_version(
    version: ProcedureVersion,
    *,
    decision: Decision,
    action: VersionAction | None = None,
) -> ProcedureVersion:
    """Publish a draft from the decision's effective date, closing earlier versions.

    Without ``action`` the draft keeps the action it was drafted for (an
    amendment drafted by ``draft_amendment`` stays an amendment).
    """
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise CatalogRuleBroken(f"version {version.number} is already published")
    Procedure.objects.select_for_update().get(pk=version.procedure_id)
    ends = plan_publication(
        _spans(version.procedure), effective_from=decision.effective_from
    )
    for number, end in ends.items():
        version.procedure.versions.filter(number=number).update(effective_to=end)
    version.status = VersionStatus.PUBLISHED.value
    if action is not None:
        version.action = action.value
    version.effective_from = decision.effective_from
    version.decision_number = decision.number or version.decision_number
    version.decision_date = decision.signed_on or version.decision_date
    version.decision_issuer = decision.issuer or version.decision_issuer
    version.save()
    return version


@transaction.atomic
def draft_amendment(procedure: Procedure) -> ProcedureVersion:
    """Copy the latest version of ``procedure`` into a new draft to amend."""
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if procedure.versions.filter(status=VersionStatus.DRAFT).exists():
        raise CatalogRuleBroken("the procedure already has a draft; edit that one")
    source = procedure.versions.order_by("-number").first()
    if source is None:
        raise CatalogRuleBroken("the procedure has no version to amend")
    documents = list(source.documents.all())
    channels = list(source.channels.prefetch_related("fees"))
    agencies = list(source.agencies.all())
    copy = ProcedureVersion.objects.get(pk=source.pk)
    copy.pk = None
    copy.number = source.number + 1
    copy.status = VersionStatus.DRAFT.value
    copy.action = VersionAction.AMEND.value
    copy.effective_from = copy.effective_to = None
    copy.decision_number, copy.decision_date = "", None
    copy.save()
    copy.agencies.set(agencies)
    for document in documents:
        document.pk, document.version = None, copy
        document.save()
    for option in channels:
        fees = list(option.fees.all())
        option.pk, option.version = None, copy
        option.save()
        for fee in fees:
            fee.pk, fee.channel = None, option
            fee.save()
    version_drafted.send(sender=ProcedureVersion, source=source, draft=copy)
    return copy


@transaction.atomic
def abolish_procedure(procedure: Procedure, *, decision: Decision) -> None:
    """End every version of ``procedure`` on the decision's effective date."""
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    ends = plan_abolition(_spans(procedure), effective_from=decision.effective_from)
    for number, end in ends.items():
        procedure.versions.filter(number=number).update(effective_to=end)


@transaction.atomic
def replace_procedure(
    old: Procedure, *, by: ProcedureVersion, decision: Decision
) -> ProcedureVersion:
    """Publish ``by`` (a draft of another code) and end ``old`` on the same day."""
    if by.procedure_id == old.pk:
        raise CatalogRuleBroken("a procedure cannot replace itself; amend it instead")
    abolish_procedure(old, decision=decision)
    Procedure.objects.filter(pk=old.pk).update(replaced_by=by.procedure)
    return publish_version(by, decision=decision, action=VersionAction.REPLACE)
