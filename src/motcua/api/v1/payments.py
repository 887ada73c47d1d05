"""Payments of fees of the dossiers of the staff's agencies.

Staff list and read the payments of dossiers received or handled by an
agency where they hold a role, download a paid payment's receipt (biên
lai, PDF), record fees paid in cash at the desk (the desk officer of the
receiving agency) and give a paid payment back (the desk officer or the
leader). A payment or dossier outside the user's agencies is answered
like an unknown one (404). Online payments are started by the citizen's
portal, not here; VNPay's IPN is the only thing that confirms them.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from motcua.api.errors import error_responses
from motcua.api.pagination import PageNumberPagination
from motcua.payments import queries
from motcua.payments.labels import event_label
from motcua.payments.models import Payment, PaymentEvent, Refund
from motcua.payments.services import (
    PaymentError,
    receipt_pdf,
    record_desk_payment,
    refund,
)

from .common import QueryTextField, read_query
from .dossiers import Conflict, StaffApi

TAGS = ["payments"]
MAX_AMOUNT = 10_000_000_000

REF_PARAMETER = OpenApiParameter(
    "ref",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=gettext_lazy("The payment's transaction reference (vnp_TxnRef)."),
)


ERRORS = {
    404: gettext_lazy("No such payment or dossier in your agencies."),
    409: gettext_lazy(
        "The payment is not in a state for this action, or the gateway refused it."
    ),
}


def _errors(*codes: int) -> dict:
    return error_responses(codes, ERRORS)


class PaymentEventSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()

    class Meta:
        model = PaymentEvent
        ref_name = "PaymentEvent"
        fields = ["kind", "label", "state", "note", "at"]
        read_only_fields = fields

    def get_label(self, event) -> str:
        return event_label(event.kind)


class RefundSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = Refund
        ref_name = "PaymentRefund"
        fields = [
            "id",
            "amount",
            "reason",
            "state",
            "state_label",
            "automatic",
            "transaction_no",
            "created_at",
        ]
        read_only_fields = fields


class PaymentSerializer(serializers.ModelSerializer):
    dossier = serializers.CharField(
        source="dossier.code", help_text=gettext_lazy("The dossier code.")
    )
    state_label = serializers.CharField(source="get_state_display")
    method_label = serializers.CharField(source="get_method_display")

    class Meta:
        model = Payment
        ref_name = "Payment"
        fields = [
            "txn_ref",
            "dossier",
            "amount",
            "method",
            "method_label",
            "state",
            "state_label",
            "transaction_no",
            "bank_code",
            "paid_at",
            "created_at",
        ]
        read_only_fields = fields


class PaymentDetailSerializer(PaymentSerializer):
    events = PaymentEventSerializer(many=True, read_only=True)
    refunds = RefundSerializer(many=True, read_only=True)

    class Meta(PaymentSerializer.Meta):
        ref_name = "PaymentDetail"
        fields = [*PaymentSerializer.Meta.fields, "events", "refunds"]
        read_only_fields = fields


class PaymentApi(StaffApi):
    def payment(self, request, ref) -> Payment:
        payment = queries.staff_payment(request.user, ref)
        if payment is None:
            raise NotFound(
                _("No payment %(ref)s in your agencies.") % {"ref": str(ref)[:40]}
            )
        return payment


class PaymentListApi(PaymentApi):
    """The payments of the user's agencies' dossiers; record one at the desk."""

    class FilterSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PaymentFilter"

        dossier = QueryTextField(
            required=False,
            allow_blank=True,
            max_length=60,
            help_text=gettext_lazy("Dossier codes starting with this."),
        )
        state = serializers.ChoiceField(
            choices=[*Payment.States.choices, (queries.TO_REFUND, "to_refund")],
            required=False,
            help_text=gettext_lazy(
                "State; “to_refund”: paid, with a refund owed at the desk or "
                "refused by the gateway."
            ),
        )
        method = serializers.ChoiceField(
            choices=Payment.Methods.choices,
            required=False,
            help_text=gettext_lazy("Method."),
        )
        created_from = serializers.DateField(
            required=False, help_text=gettext_lazy("Created on or after (YYYY-MM-DD).")
        )
        created_to = serializers.DateField(
            required=False, help_text=gettext_lazy("Created on or before (YYYY-MM-DD).")
        )

    class DeskInputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "DeskPaymentInput"

        dossier = serializers.CharField(
            max_length=60, help_text=gettext_lazy("The dossier code.")
        )
        amount = serializers.IntegerField(
            min_value=1,
            max_value=MAX_AMOUNT,
            required=False,
            help_text=gettext_lazy(
                "Amount received in đồng; what the dossier still owes if absent."
            ),
        )

    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS,
        operation_id="payments_list",
        summary=gettext_lazy("List payments"),
        parameters=[FilterSerializer],
        responses={200: PaymentSerializer(many=True), **_errors(400, 401)},
    )
    def get(self, request):
        params = read_query(self.FilterSerializer, request)
        rows = queries.filtered(
            queries.staff_payments(request.user),
            state=params.get("state", ""),
            method=params.get("method", ""),
            dossier=params.get("dossier", ""),
            date_from=params.get("created_from"),
            date_to=params.get("created_to"),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(PaymentSerializer(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="payments_create_desk",
        summary=gettext_lazy("Record fees paid at the desk"),
        request=DeskInputSerializer,
        responses={201: PaymentDetailSerializer, **_errors(400, 401, 403, 404)},
    )
    def post(self, request):
        data = self.DeskInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dossier = self.dossier(request, data.validated_data["dossier"])
        if not queries.may_collect(request.user, dossier):
            raise PermissionDenied(
                _("Only the desk of the receiving agency records fees paid there.")
            )
        amount = data.validated_data.get("amount") or queries.amount_owed(dossier)
        try:
            payment = record_desk_payment(dossier, amount, officer=request.user)
        except PaymentError as error:
            raise serializers.ValidationError({"amount": [str(error)]}) from error
        return Response(
            PaymentDetailSerializer(payment).data, status=status.HTTP_201_CREATED
        )


class PaymentDetailApi(PaymentApi):
    """One payment, with its events and refunds."""

    @extend_schema(
        tags=TAGS,
        operation_id="payments_retrieve",
        summary=gettext_lazy("Read a payment"),
        parameters=[REF_PARAMETER],
        responses={200: PaymentDetailSerializer, **_errors(401, 404)},
    )
    def get(self, request, ref):
        return Response(PaymentDetailSerializer(self.payment(request, ref)).data)


class PaymentReceiptApi(PaymentApi):
    """The receipt (biên lai) of a paid payment, PDF."""

    def perform_content_negotiation(self, request, force=False):
        renderer = JSONRenderer()
        return renderer, renderer.media_type

    @extend_schema(
        tags=TAGS,
        operation_id="payments_receipt",
        summary=gettext_lazy("Download a payment's receipt"),
        parameters=[REF_PARAMETER],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description=gettext_lazy("The receipt, PDF.")
            ),
            **_errors(401, 404, 409),
        },
    )
    def get(self, request, ref):
        payment = self.payment(request, ref)
        try:
            pdf = receipt_pdf(payment)
        except PaymentError as error:
            raise Conflict(str(error)) from error
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="bien-lai-{payment.txn_ref}.pdf"'
        )
        return response


class PaymentRefundApi(PaymentApi):
    """Give a paid payment back in full (VNPay, or cash at the desk)."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "RefundInput"

        reason = serializers.CharField(
            max_length=1000, help_text=gettext_lazy("Why the fees are given back.")
        )

    @extend_schema(
        tags=TAGS,
        operation_id="payments_refund",
        summary=gettext_lazy("Refund a payment"),
        parameters=[REF_PARAMETER],
        request=InputSerializer,
        responses={201: RefundSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, ref):
        payment = self.payment(request, ref)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not queries.may_refund(request.user, payment.dossier):
            raise PermissionDenied(
                _("Only the desk or the leader of the dossier's agencies refunds.")
            )
        try:
            done = refund(
                payment,
                reason=data.validated_data["reason"],
                user=request.user,
                ip=request.META.get("REMOTE_ADDR", "127.0.0.1"),
            )
        except PaymentError as error:
            raise Conflict(str(error)) from error
        return Response(RefundSerializer(done).data, status=status.HTTP_201_CREATED)
