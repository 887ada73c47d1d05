"""What the dossier endpoints read and write: shapes, and errors per field.

Nested input is refused with flat keys ("applicant.personal_id",
"documents.1.originals"), the same keys the reception service uses, so a
client meets one naming whether a value failed its type or a rule.
"""

import json

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ValidationError

from motcua.api.errors import NON_FIELD_ERRORS
from motcua.dossiers.domain import NATIONAL_CODE, Status
from motcua.dossiers.labels import ACTION_LABELS, CHANNEL_LABELS
from motcua.dossiers.services.forms import available_forms, tracking_url
from motcua.filing.domain import Satisfaction
from motcua.filing.models import Rating


def flat_errors(errors, prefix: str = "") -> dict[str, list[str]]:
    """Flatten DRF's nested errors to ``{"a.b.0.c": [messages]}``."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = str(key) if not prefix else f"{prefix}.{key}"
            if key == NON_FIELD_ERRORS:
                name = prefix or NON_FIELD_ERRORS
            for field, messages in flat_errors(value, name).items():
                flat.setdefault(field, []).extend(messages)
    elif isinstance(errors, list):
        if all(isinstance(item, str | ErrorDetail) for item in errors):
            flat[prefix or NON_FIELD_ERRORS] = [str(item) for item in errors]
        else:
            for index, item in enumerate(errors):
                if item:
                    flat.update(flat_errors(item, f"{prefix}.{index}"))
    else:
        flat[prefix or NON_FIELD_ERRORS] = [str(errors)]
    return flat


def validated(serializer_class, data) -> dict:
    """Validate ``data``; on failure answer 400 with flat field names."""
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ValidationError(flat_errors(serializer.errors))
    return serializer.validated_data


def json_data(request) -> object:
    """Return the body: JSON as is, or the JSON field "data" of a multipart form."""
    if not request.content_type.startswith("multipart/"):
        return request.data
    raw = request.data.get("data", "")
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        raise ValidationError(
            {
                "data": [
                    _(
                        "Send the dossier as JSON in the form field “data”, "
                        "beside the files in “files”."
                    )
                ]
            }
        ) from None


def uploaded_files(request) -> list:
    """Return the files of a multipart request, sent as "files" or "files[]"."""
    if not request.content_type.startswith("multipart/"):
        return []
    return request.FILES.getlist("files") + request.FILES.getlist("files[]")


def text(max_length: int, *, required: bool = False, **kwargs):
    return serializers.CharField(
        max_length=max_length,
        required=required,
        allow_blank=not required,
        default="" if not required else serializers.empty,
        **kwargs,
    )


@extend_schema_field(
    {
        "oneOf": [{"type": "integer"}, {"type": "string", "maxLength": 500}],
        "description": "Id of one of the procedure's papers, or a paper's name.",
    }
)
class PaperField(serializers.Field):
    """A paper named by its id in the procedure's list, or by its name."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Name a paper by its id in the procedure's list or by its name."
        )
    }

    def to_internal_value(self, data):
        if isinstance(data, int) and not isinstance(data, bool):
            return data
        if isinstance(data, str) and data.strip() and len(data) <= 500:
            return data.strip()
        self.fail("invalid")
        return None

    def to_representation(self, value):
        return value


# Input of a reception.


class ApplicantInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["person", "organisation"], default="person")
    full_name = text(250, required=True)
    personal_id = text(20, help_text=gettext_lazy("12 digits; for a person."))
    date_of_birth = serializers.DateField(
        required=False, allow_null=True, default=None, input_formats=["%Y-%m-%d"]
    )
    tax_code = text(20, help_text=gettext_lazy("For an organisation."))
    address = text(300)
    phone = text(30)
    email = text(254)


class SubmitterInputSerializer(serializers.Serializer):
    full_name = text(250, required=True)
    personal_id = text(20)
    phone = text(30)


class DocumentInputSerializer(serializers.Serializer):
    required_document = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Id of the paper in the procedure's list."),
    )
    name = text(500, help_text=gettext_lazy("Taken from the procedure when empty."))
    originals = serializers.IntegerField(min_value=0, max_value=99, default=0)
    copies = serializers.IntegerField(min_value=0, max_value=99, default=0)
    received = serializers.BooleanField(default=True)
    note = text(300)


class DeliveryInputSerializer(serializers.Serializer):
    method = serializers.ChoiceField(
        choices=["desk", "post", "electronic"], default="desk"
    )
    address = text(300)


# Output.


class AgencyRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()

    class Meta:
        ref_name = "DossierAgency"


class ProcedureRefSerializer(serializers.Serializer):
    code = serializers.CharField(source="procedure.code")
    name = serializers.CharField()
    version = serializers.IntegerField(source="number")

    class Meta:
        ref_name = "DossierProcedure"


class ApplicantOutputSerializer(serializers.Serializer):
    kind = serializers.CharField()
    full_name = serializers.CharField()
    personal_id = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    tax_code = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class SubmitterOutputSerializer(serializers.Serializer):
    full_name = serializers.CharField(source="submitter_name")
    personal_id = serializers.CharField(source="submitter_personal_id")
    phone = serializers.CharField(source="submitter_phone")


class DeliveryOutputSerializer(serializers.Serializer):
    method = serializers.CharField(source="delivery_method")
    address = serializers.CharField(source="delivery_address")


class DocumentOutputSerializer(serializers.Serializer):
    required_document = serializers.IntegerField(
        source="required_document_id", allow_null=True
    )
    name = serializers.CharField()
    originals = serializers.IntegerField()
    copies = serializers.IntegerField()
    received = serializers.BooleanField()
    note = serializers.CharField()


class FileOutputSerializer(serializers.Serializer):
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class EventOutputSerializer(serializers.Serializer):
    sequence = serializers.IntegerField()
    action = serializers.CharField()
    label = serializers.SerializerMethodField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor_name")
    reason = serializers.CharField()
    public = serializers.BooleanField()

    def get_label(self, event) -> str:
        return str(ACTION_LABELS.get(event.action, event.action))


class FormLinkSerializer(serializers.Serializer):
    number = serializers.CharField()
    key = serializers.CharField()
    title = serializers.CharField()
    url = serializers.URLField()


def _applicant(dossier) -> dict:
    """Return what was declared with this dossier (the row as a fallback)."""
    row = dossier.applicant
    snapshot = dossier.applicant_snapshot or {}
    fields = ApplicantOutputSerializer().fields
    data = {name: snapshot.get(name, getattr(row, name, "")) for name in fields}
    data["kind"] = data["kind"] or row.kind
    if isinstance(data["date_of_birth"], str):
        data["date_of_birth"] = data["date_of_birth"] or None
    return data


SATISFACTION = [s.value for s in Satisfaction]


class RatingOutputSerializer(serializers.Serializer):
    """The applicant's satisfaction, given once the result was returned."""

    overall = serializers.ChoiceField(choices=SATISFACTION)
    convenience = serializers.ChoiceField(choices=SATISFACTION)
    staff = serializers.ChoiceField(choices=SATISFACTION)
    comment = serializers.CharField()
    rated_at = serializers.DateTimeField()


class DossierSerializer(serializers.Serializer):
    """A dossier as its agencies' staff see it."""

    code = serializers.CharField()
    status = serializers.ChoiceField(choices=[s.value for s in Status])
    status_code = serializers.SerializerMethodField(
        help_text=gettext_lazy("The national portal's status number, 1 to 10.")
    )
    status_label = serializers.CharField()
    procedure = ProcedureRefSerializer(source="procedure_version")
    rule_set = serializers.CharField(source="rule_set.code")
    receiving_agency = AgencyRefSerializer()
    handling_agency = AgencyRefSerializer()
    channel = serializers.IntegerField(
        help_text=gettext_lazy("1 at the desk, 2 online, 3 by post.")
    )
    channel_label = serializers.SerializerMethodField()
    applicant = serializers.SerializerMethodField()
    submitter = serializers.SerializerMethodField()
    delivery = DeliveryOutputSerializer(source="*")
    submitted_at = serializers.DateTimeField()
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    late = serializers.SerializerMethodField()
    supplement_requests = serializers.IntegerField()
    fee_due = serializers.IntegerField(help_text=gettext_lazy("In đồng."))
    fee_paid = serializers.IntegerField(help_text=gettext_lazy("In đồng."))
    documents = DocumentOutputSerializer(many=True)
    files = FileOutputSerializer(many=True)
    events = EventOutputSerializer(many=True)
    tracking_url = serializers.SerializerMethodField()
    forms = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        ref_name = "Dossier"

    @extend_schema_field(RatingOutputSerializer(allow_null=True))
    def get_rating(self, dossier):
        rating = Rating.objects.filter(dossier=dossier).first()
        return RatingOutputSerializer(rating).data if rating else None

    def get_status_code(self, dossier) -> int:
        return NATIONAL_CODE[Status(dossier.status)]

    def get_channel_label(self, dossier) -> str:
        return str(CHANNEL_LABELS.get(dossier.channel, ""))

    @extend_schema_field(ApplicantOutputSerializer)
    def get_applicant(self, dossier):
        return ApplicantOutputSerializer(_applicant(dossier)).data

    @extend_schema_field(SubmitterOutputSerializer(allow_null=True))
    def get_submitter(self, dossier):
        if not dossier.submitter_name:
            return None
        return SubmitterOutputSerializer(dossier).data

    def get_late(self, dossier) -> bool:
        return dossier.is_late(timezone.now())

    @extend_schema_field(OpenApiTypes.URI)
    def get_tracking_url(self, dossier):
        return tracking_url(dossier.code)

    @extend_schema_field(FormLinkSerializer(many=True))
    def get_forms(self, dossier):
        request = self.context["request"]
        return [
            {
                "number": form["number"],
                "key": form["key"],
                "title": form["title"],
                "url": request.build_absolute_uri(
                    reverse("api:v1:dossier-form", args=[dossier.code, form["key"]])
                ),
            }
            for form in available_forms(dossier)
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, dossier):
        return self.context["request"].build_absolute_uri(
            reverse("api:v1:dossier-detail", args=[dossier.code])
        )
