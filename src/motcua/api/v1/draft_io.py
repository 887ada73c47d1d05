"""What the citizen's draft endpoints read and answer: the draft, its files, the steps.

Read from ``filing.services``, so the API shows what the portal's filing pages
show (the same checks, fees and reuse offers).
"""

from django.utils.translation import gettext_lazy

from rest_framework import serializers

from motcua.filing.services import check_draft, fees_to_pay
from motcua.filing.services import drafts as services

# -- serializers ----------------------------------------------------------------


class DraftRowSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    procedure = serializers.CharField(source="procedure_version.procedure.code")
    procedure_name = serializers.CharField(source="procedure_version.name")
    agency = serializers.CharField(source="agency.code", allow_null=True)
    step = serializers.CharField()
    updated_at = serializers.DateTimeField()

    class Meta:
        ref_name = "DraftRow"


class DraftFileSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    document = serializers.IntegerField(source="required_document_id")
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    reuse = serializers.IntegerField(
        help_text=gettext_lazy("0 uploaded, 1 another dossier's paper, 2 a result.")
    )
    reused_from = serializers.CharField()

    class Meta:
        ref_name = "DraftFile"


class DraftSerializer(DraftRowSerializer):
    agencies = serializers.SerializerMethodField()
    questions = serializers.SerializerMethodField()
    eligibility = serializers.DictField(child=serializers.BooleanField())
    form_data = serializers.DictField()
    prefilled = serializers.DictField()
    corrected = serializers.ListField(child=serializers.CharField())
    documents = serializers.SerializerMethodField()
    files = DraftFileSerializer(many=True)
    reuse_offers = serializers.SerializerMethodField()
    delivery_method = serializers.CharField()
    delivery_address = serializers.CharField()
    delivery_methods = serializers.SerializerMethodField()
    fee_exemption = serializers.CharField()
    pay_at_desk = serializers.BooleanField()
    fees = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()

    class Meta:
        ref_name = "Draft"

    def get_agencies(self, draft) -> list[dict]:
        return [
            {"code": a.code, "name": a.name}
            for a in services.receiving_agencies(draft.procedure_version)
        ]

    def get_questions(self, draft) -> list[dict]:
        return [
            {"key": q.key, "text": q.text}
            for q in services.eligibility_questions(draft)
        ]

    def get_documents(self, draft) -> list[dict]:
        return [
            {
                "id": d.pk,
                "name": d.name,
                "required": d.required and not d.condition.strip(),
                "condition": d.condition,
            }
            for d in draft.procedure_version.documents.all()
        ]

    def get_reuse_offers(self, draft) -> list[dict]:
        return [
            {
                "token": o.token,
                "title": o.title,
                "file_name": o.file_name,
                "dossier_code": o.dossier_code,
                "result_code": o.result_code,
            }
            for o in services.reuse_offers(draft)
        ]

    def get_delivery_methods(self, draft) -> list[str]:
        return services.delivery_methods(draft.procedure_version)

    def get_fees(self, draft) -> dict:
        quote = fees_to_pay(draft)
        return {
            "fees": [{"name": n, "amount": a} for n, a in quote.fees],
            "postal_fee": quote.postal_fee,
            "exempt": quote.exempt,
            "total": quote.total,
            "paid": quote.paid,
            "to_pay": quote.to_pay,
        }

    def get_problems(self, draft) -> dict[str, list[str]]:
        """Return what still stops the submission, by step."""
        return check_draft(draft)


def detail(draft) -> dict:
    return DraftSerializer(draft).data


class CreateSerializer(serializers.Serializer):
    procedure = serializers.CharField(
        max_length=40, help_text=gettext_lazy("National code, e.g. 1.001193.")
    )
    agency = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Code of the receiving agency (see agencies)."),
    )


class PatchSerializer(serializers.Serializer):
    agency = serializers.CharField(max_length=40, required=False)
    eligibility = serializers.DictField(
        child=serializers.BooleanField(allow_null=True), required=False
    )
    form_data = serializers.DictField(required=False)
    corrected = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False
    )
    documents_complete = serializers.BooleanField(
        required=False,
        help_text=gettext_lazy("True: the papers are all attached; go on."),
    )
    delivery_method = serializers.ChoiceField(
        choices=["desk", "post", "electronic"], required=False
    )
    delivery_address = serializers.CharField(
        max_length=300, required=False, allow_blank=True
    )
    fee_exemption = serializers.CharField(
        max_length=300, required=False, allow_blank=True
    )
    pay_at_desk = serializers.BooleanField(required=False)


class FileSerializer(serializers.Serializer):
    document = serializers.IntegerField(help_text=gettext_lazy("A listed paper's id."))
    file = serializers.FileField(required=False)
    reuse = serializers.CharField(
        required=False,
        max_length=40,
        help_text=gettext_lazy("A reuse offer's token instead of a file."),
    )


class SubmittedSerializer(serializers.Serializer):
    code = serializers.CharField()
    status = serializers.CharField()
    reception_due_at = serializers.DateTimeField(allow_null=True)
    receipt = serializers.CharField()


class DraftPaymentUrlSerializer(serializers.Serializer):
    payment_url = serializers.URLField(help_text=gettext_lazy("Send the citizen here."))
    amount = serializers.IntegerField(help_text=gettext_lazy("VND"))
