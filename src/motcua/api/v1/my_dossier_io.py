"""What the citizen's dossier endpoints answer: the row, the detail and its parts.

Read from ``filing.queries``, so the API shows what the portal's pages show.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.dossiers.domain import national_code
from motcua.filing import queries
from motcua.filing.domain import Satisfaction


def _absolute(request, name, *args) -> str:
    return request.build_absolute_uri(reverse(f"api:v1:{name}", args=args))


# -- serializers -----------------------------------------------------------------


class MyDossierRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    procedure_name = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    national_status = serializers.SerializerMethodField(
        help_text=gettext_lazy("The national portal's status number (1-10).")
    )
    submitted_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(
        allow_null=True,
        help_text=gettext_lazy("The new appointment when one was given."),
    )
    extended = serializers.BooleanField()
    reception_due_at = serializers.DateTimeField(allow_null=True)
    applicant_name = serializers.CharField(
        help_text=gettext_lazy("The person or organisation the dossier is for.")
    )
    next_action = serializers.ChoiceField(choices=[n.value for n in queries.Next])
    next_action_label = serializers.CharField(source="next_label")
    url = serializers.SerializerMethodField()

    class Meta:
        ref_name = "MyDossierRow"

    def get_national_status(self, row) -> int:
        return national_code(row.status)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, row) -> str:
        return _absolute(self.context["request"], "me-dossier-detail", row.code)


class TimelineSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    label = serializers.CharField()


class FileSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    round = serializers.IntegerField(
        help_text=gettext_lazy("0 first submission; n the n-th supplement.")
    )
    uploaded_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        ref_name = "MyDossierFile"

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, stored) -> str:
        return _absolute(
            self.context["request"],
            "me-dossier-file",
            self.context["code"],
            stored.pk,
        )


class PaperSerializer(serializers.Serializer):
    name = serializers.CharField()
    reused = serializers.BooleanField()
    reused_from = serializers.CharField()
    files = FileSerializer(many=True)


class RequestSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    missing = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField()


class ChangeSerializer(serializers.Serializer):
    label = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class RoundSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    note = serializers.CharField()
    changes = ChangeSerializer(many=True)
    files = FileSerializer(many=True)


class MessageSerializer(serializers.Serializer):
    created_at = serializers.DateTimeField()
    channel = serializers.CharField()
    kind = serializers.CharField()
    subject = serializers.CharField()
    body = serializers.CharField()


class PaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    amount = serializers.IntegerField(help_text=gettext_lazy("VND."))
    method = serializers.CharField()
    state = serializers.CharField()
    created_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    receipt_url = serializers.SerializerMethodField()

    class Meta:
        ref_name = "MyDossierPayment"

    @extend_schema_field(OpenApiTypes.URI)
    def get_receipt_url(self, payment) -> str:
        if not queries.has_receipt(payment):
            return ""
        return _absolute(
            self.context["request"],
            "me-dossier-receipt",
            self.context["code"],
            payment.pk,
        )


class ResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    issued_at = serializers.DateTimeField(allow_null=True)
    method = serializers.CharField()
    download_url = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "The electronic result's download link while it runs; empty otherwise."
        )
    )
    link_expires_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "MyDossierResult"

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, result) -> str:
        if not result.download_path:
            return ""
        return self.context["request"].build_absolute_uri(result.download_path)


SATISFACTION = [s.value for s in Satisfaction]


@extend_schema_field({"type": "string", "enum": SATISFACTION})
class SatisfactionField(serializers.ChoiceField):
    """One answer of the rating; the same choices for each question."""

    def __init__(self, **kwargs):
        super().__init__(choices=SATISFACTION, **kwargs)


class RatingSerializer(serializers.Serializer):
    overall = SatisfactionField()
    convenience = SatisfactionField()
    staff = SatisfactionField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    rated_at = serializers.DateTimeField(read_only=True)

    class Meta:
        ref_name = "MyDossierRating"


class AllowedSerializer(serializers.Serializer):
    supplement = serializers.BooleanField()
    pay = serializers.BooleanField()
    withdraw = serializers.BooleanField()
    rate = serializers.BooleanField()


class MyDossierSerializer(serializers.Serializer):
    """One dossier as its owner sees it."""

    def to_representation(self, dossier):
        context = {**self.context, "code": dossier.code}
        rating = queries.rating_of(dossier)
        row = queries.row_of(dossier)
        return {
            **MyDossierRowSerializer(row, context=context).data,
            "procedure": dossier.procedure_version.procedure.code,
            "agency": {
                "code": dossier.handling_agency.code,
                "name": dossier.handling_agency.name,
            },
            "received_at": serializers.DateTimeField().to_representation(
                dossier.received_at
            )
            if dossier.received_at
            else None,
            "delivery_method": dossier.delivery_method,
            "fee_due": dossier.fee_due,
            "fee_paid": dossier.fee_paid,
            "amount_owed": queries.amount_owed(dossier),
            "allowed": AllowedSerializer(
                queries.permissions(dossier, rated=rating is not None)
            ).data,
            "timeline": TimelineSerializer(queries.timeline(dossier), many=True).data,
            "documents": PaperSerializer(
                queries.papers(dossier), many=True, context=context
            ).data,
            "supplement_requests": RequestSerializer(
                queries.supplement_requests(dossier), many=True
            ).data,
            "supplements": RoundSerializer(
                queries.round_history(dossier), many=True, context=context
            ).data,
            "messages": MessageSerializer(
                queries.citizen_messages(dossier)[:50], many=True
            ).data,
            "payments": PaymentSerializer(
                queries.dossier_payments(dossier), many=True, context=context
            ).data,
            "results": ResultSerializer(
                queries.citizen_results(dossier), many=True, context=context
            ).data,
            "rating": RatingSerializer(rating).data if rating else None,
        }


# The schema of the detail: the row and the parts above, for the documentation.
class MyDossierDocSerializer(MyDossierRowSerializer):
    procedure = serializers.CharField()
    agency = serializers.DictField(child=serializers.CharField())
    received_at = serializers.DateTimeField(allow_null=True)
    delivery_method = serializers.CharField()
    fee_due = serializers.IntegerField()
    fee_paid = serializers.IntegerField()
    amount_owed = serializers.IntegerField()
    allowed = AllowedSerializer()
    timeline = TimelineSerializer(many=True)
    documents = PaperSerializer(many=True)
    supplement_requests = RequestSerializer(many=True)
    supplements = RoundSerializer(many=True)
    messages = MessageSerializer(many=True)
    payments = PaymentSerializer(many=True)
    results = ResultSerializer(many=True)
    rating = RatingSerializer(allow_null=True)

    class Meta:
        ref_name = "MyDossier"


class PaymentUrlSerializer(serializers.Serializer):
    payment_url = serializers.URLField()
