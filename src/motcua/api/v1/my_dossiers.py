"""The signed-in citizen's own dossiers: list, detail, files, receipts and actions.

The same reads (``filing.queries``) and services (``filing.services``) as
the portal's "Hồ sơ của tôi", so both refuse the same things with the same
messages. Only a citizen signed in on the portal reaches it (session
cookie; the CSRF token for writes). An officer's account is refused (403),
an anonymous client too, and a dossier, file or payment that is not the
citizen's is not found (404): identifiers reveal nothing.
"""

import json

from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.errors import error_responses
from motcua.api.pagination import PageNumberPagination
from motcua.core.ratelimit import client_ip
from motcua.filing import queries
from motcua.filing.services import FilingError, rate, request_withdrawal, resubmit
from motcua.payments.services import PaymentError, receipt_pdf, start_online_payment

from .dossiers import CODE_PARAMETER, Conflict
from .my_dossier_io import (
    MyDossierDocSerializer,
    MyDossierRowSerializer,
    MyDossierSerializer,
    PaymentUrlSerializer,
    RatingSerializer,
)

TAGS = ["me"]
PAPER_PREFIX = "paper_"


class IsCitizen(BasePermission):
    """A signed-in person with a citizen profile, and not an officer."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            raise NotAuthenticated(_("Sign in on the portal first."))
        if not queries.is_citizen(user):
            raise PermissionDenied(
                _("Only citizens have dossiers here; officers use the back office.")
            )
        return True


class CitizenDossierApi(APIView):
    authentication_classes = (SessionAuthentication,)
    permission_classes = (IsCitizen,)

    def dossier(self, request, code):
        dossier = queries.dossier_for_citizen(code, request.user)
        if dossier is None:
            raise NotFound(_("No dossier of yours has this code."))
        return dossier

    def answer(self, request, dossier, status_code=status.HTTP_200_OK):
        fresh = queries.dossier_for_citizen(dossier.code, request.user) or dossier
        data = MyDossierSerializer(fresh, context={"request": request}).data
        return Response(data, status=status_code)


def refused(error: FilingError) -> Response:
    return Response(
        {"detail": _("Invalid request."), "errors": error.errors},
        status=status.HTTP_400_BAD_REQUEST,
    )


ERRORS = {
    403: gettext_lazy(
        "Not signed in as a citizen (anonymous, or an officer's account)."
    ),
    404: gettext_lazy("No dossier of yours (or no such row in it) has this id."),
    409: gettext_lazy("The dossier is not in a state that allows this."),
}


def _errors(*codes: int) -> dict:
    return error_responses(codes, ERRORS)


# -- endpoints -------------------------------------------------------------------

GROUP_PARAMETER = OpenApiParameter(
    "group",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=[g.value for g in queries.Group],
    description=gettext_lazy(
        "Only the dossiers of one group: waiting for me, being processed, "
        "with a result, not accepted or stopped."
    ),
)
FILE_PARAMETER = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


class MyDossierListApi(CitizenDossierApi):
    pagination_class = PageNumberPagination

    class QuerySerializer(serializers.Serializer):
        group = serializers.ChoiceField(
            choices=[g.value for g in queries.Group], required=False
        )

    @extend_schema(
        tags=TAGS,
        summary=gettext_lazy("My dossiers"),
        description=gettext_lazy(
            "The dossiers the citizen filed, that are theirs or an organisation's "
            "they represent; newest first, with the next thing to do."
        ),
        parameters=[GROUP_PARAMETER],
        responses={200: MyDossierRowSerializer(many=True), **_errors(400, 403)},
    )
    def get(self, request):
        params = self.QuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        rows = queries.dossier_list(request.user, params.validated_data.get("group"))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        data = MyDossierRowSerializer(
            [queries.row_of(d) for d in page], many=True, context={"request": request}
        ).data
        return paginator.get_paginated_response(data)


class MyDossierDetailApi(CitizenDossierApi):
    @extend_schema(
        tags=TAGS,
        summary=gettext_lazy("One of my dossiers"),
        description=gettext_lazy(
            "Timeline, papers and files by round, supplement requests and the "
            "supplements sent, the agency's messages, payments, results and rating."
        ),
        parameters=[CODE_PARAMETER],
        responses={200: MyDossierDocSerializer, **_errors(403, 404)},
    )
    def get(self, request, code):
        return self.answer(request, self.dossier(request, code))


class MyDossierFileApi(CitizenDossierApi):
    @extend_schema(
        tags=TAGS,
        summary=gettext_lazy("Download a file of my dossier"),
        parameters=[CODE_PARAMETER, FILE_PARAMETER],
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            **_errors(403, 404),
        },
    )
    def get(self, request, code, id):  # noqa: A002 (the path's name)
        dossier = self.dossier(request, code)
        stored = queries.file_for_citizen(dossier, id)
        if stored is None:
            raise NotFound(_("This dossier has no file with this id."))
        try:
            handle = stored.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise NotFound(_("The file is missing.")) from None
        response = FileResponse(
            handle,
            content_type=stored.content_type,
            as_attachment=True,
            filename=stored.original_name,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class MyReceiptApi(CitizenDossierApi):
    @extend_schema(
        tags=TAGS,
        summary=gettext_lazy("Receipt of a payment of my dossier (PDF)"),
        parameters=[CODE_PARAMETER, FILE_PARAMETER],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **_errors(403, 404)},
    )
    def get(self, request, code, id):  # noqa: A002 (the path's name)
        dossier = self.dossier(request, code)
        payment = queries.payment_for_citizen(dossier, id)
        if payment is None or not queries.has_receipt(payment):
            raise NotFound(_("This dossier has no paid payment with this id."))
        try:
            content = receipt_pdf(payment)
        except PaymentError as error:
            raise NotFound(str(error)) from None
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="bien-lai-{payment.txn_ref}.pdf"'
        )
        response["Cache-Control"] = "private, no-store"
        return response


class MyWithdrawalApi(CitizenDossierApi):
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(
            max_length=1000,
            help_text=gettext_lazy("Why the citizen withdraws the dossier."),
        )

        class Meta:
            ref_name = "MyWithdrawalInput"

    @extend_schema(
        tags=TAGS,
        summary=gettext_lazy("Ask to withdraw my dossier"),
        description=gettext_lazy(
            "Allowed after reception and before the result (status 7 follows); "
            "the agency accepts or refuses."
        ),
        parameters=[CODE_PARAMETER],
        request=InputSerializer,
        responses={200: MyDossierDocSerializer, **_errors(400, 403, 404, 409)},
    )
    def post(self, request, code):
        dossier = self.dossier(request, code)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not queries.permissions(dossier).withdraw:
            raise Conflict(
                _(
                    "A dossier can be withdrawn only after reception and before its result."
                )
            )
        try:
            request_withdrawal(
                dossier, user=request.user, reason=data.validated_data["reason"]
            )
        except FilingError as error:
            return refused(error)
        return self.answer(request, dossier)


class MyRatingApi(CitizenDossierApi):
    @extend_schema(
        tags=TAGS,
        summary=gettext_lazy("Rate the service of my dossier"),
        description=gettext_lazy(
            "Once, after the result is returned: very_satisfied, satisfied or "
            "dissatisfied for each question."
        ),
        parameters=[CODE_PARAMETER],
        request=RatingSerializer,
        responses={201: RatingSerializer, **_errors(400, 403, 404, 409)},
    )
    def post(self, request, code):
        dossier = self.dossier(request, code)
        data = RatingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if queries.rating_of(dossier) is not None:
            raise Conflict(_("This dossier was already rated."))
        if not queries.permissions(dossier, rated=False).rate:
            raise Conflict(_("You can rate the service once the result is returned."))
        try:
            rating = rate(dossier, user=request.user, **data.validated_data)
        except FilingError as error:
            return refused(error)
        return Response(RatingSerializer(rating).data, status=status.HTTP_201_CREATED)


class JsonObjectField(serializers.JSONField):
    """A JSON object, given as such or as text in a multipart form."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                raise serializers.ValidationError(
                    _("Give the declaration as a JSON object.")
                ) from None
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                _("Give the declaration as a JSON object.")
            )
        return data


class MySupplementApi(CitizenDossierApi):
    parser_classes = (MultiPartParser, FormParser, JSONParser)

    class InputSerializer(serializers.Serializer):
        note = serializers.CharField(
            max_length=2000, required=False, allow_blank=True, default=""
        )
        form_data = JsonObjectField(
            required=False,
            help_text=gettext_lazy(
                "The whole corrected declaration (e-form), when it changes; "
                "a JSON object (as text in a multipart form)."
            ),
        )

        class Meta:
            ref_name = "MySupplementInput"

    @extend_schema(
        tags=TAGS,
        summary=gettext_lazy("Send the supplement asked for"),
        description=gettext_lazy(
            "Multipart form: one or more files per listed paper in fields named "
            "paper_<required document id>, an optional note and the corrected "
            "declaration. Earlier files and the earlier declaration are kept."
        ),
        parameters=[CODE_PARAMETER],
        request={"multipart/form-data": InputSerializer},
        responses={200: MyDossierDocSerializer, **_errors(400, 403, 404, 409)},
    )
    def post(self, request, code):
        dossier = self.dossier(request, code)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not queries.permissions(dossier).supplement:
            raise Conflict(_("This dossier is not waiting for a supplement."))
        files, errors = {}, []
        for name in request.FILES:
            key = name.removeprefix(PAPER_PREFIX)
            if not name.startswith(PAPER_PREFIX) or not key.isdigit():
                errors.append(_("Name each file field paper_ and the id of its paper."))
                continue
            files[int(key)] = request.FILES.getlist(name)
        if errors:
            return Response(
                {"detail": _("Invalid request."), "errors": {"files": errors}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            resubmit(
                dossier,
                user=request.user,
                form_data=data.validated_data.get("form_data"),
                files=files,
                note=data.validated_data["note"],
            )
        except FilingError as error:
            return refused(error)
        return self.answer(request, dossier)


class MyPaymentApi(CitizenDossierApi):
    @extend_schema(
        tags=TAGS,
        summary=gettext_lazy("Pay the fees asked for, online"),
        description=gettext_lazy(
            "Starts a VNPay payment of what is owed and answers the gateway's "
            "address to send the citizen to; the IPN confirms it."
        ),
        parameters=[CODE_PARAMETER],
        request=None,
        responses={201: PaymentUrlSerializer, **_errors(400, 403, 404, 409)},
    )
    def post(self, request, code):
        dossier = self.dossier(request, code)
        if not queries.permissions(dossier).pay:
            raise Conflict(_("This dossier has no fees to pay now."))
        # The portal's return page, never an address the client chooses.
        return_url = request.build_absolute_uri(reverse("portal:vnpay_return"))
        try:
            url = start_online_payment(
                dossier,
                queries.amount_owed(dossier),
                return_url=return_url,
                ip=client_ip(request),
                locale=get_language() or "vi",
            )
        except PaymentError as error:
            return Response(
                {"detail": str(error), "errors": {"non_field_errors": [str(error)]}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"payment_url": url}, status=status.HTTP_201_CREATED)
