"""Results of dossiers: list, download, prepare, postal updates; public verification.

Staff endpoints follow the dossier endpoints: a dossier outside the user's
agencies is answered 404, a role that may not act 403; a refusal of the
results services (a file that is not a PDF, a closed consignment) 400.
Signing and issuing are workflow actions (``/dossiers/{code}/actions/...``).
The verification of a result by its code is public, like tracking, and
shows no personal data beyond a masked name.
"""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from motcua.api.errors import ErrorSerializer
from motcua.results.domain import Method, PostalStatus
from motcua.results.queries import (
    dossier_deliveries,
    dossier_results,
    issued_result,
    public_result,
    result_of_dossier,
)
from motcua.results.services import (
    ResultRefused,
    generate_result,
    record_postal_update,
    upload_result,
    verify,
)
from motcua.results.services.access import may_deliver, may_prepare
from motcua.results.services.documents import result_content
from motcua.results.services.signing import stamp_url

from .common import PublicApi
from .dossiers import CODE_PARAMETER, StaffApi, _errors

TAGS = ["results"]

NUMBER_PARAMETER = OpenApiParameter(
    "number",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description=gettext_lazy("The result's number in the dossier (1, 2, …)."),
)
RESULT_CODE_PARAMETER = OpenApiParameter(
    "code",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=gettext_lazy("The result code: the dossier code, -KQ and a number."),
    examples=[
        OpenApiExample(
            "000.00.25.H39-251122-0001-KQ1", value="000.00.25.H39-251122-0001-KQ1"
        )
    ],
)


def refused(error: ResultRefused) -> ValidationError:
    return ValidationError({"non_field_errors": list(error.messages)})


class PostalUpdateSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    at = serializers.DateTimeField()
    note = serializers.CharField()


class DeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    method = serializers.ChoiceField(choices=[m.value for m in Method])
    handed_at = serializers.DateTimeField()
    receiver_name = serializers.CharField()
    receiver_role = serializers.CharField()
    id_checked = serializers.BooleanField()
    postal_operator = serializers.CharField()
    waybill = serializers.CharField()
    address = serializers.CharField()
    postal_status = serializers.CharField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    link_expires_at = serializers.DateTimeField(allow_null=True)
    first_downloaded_at = serializers.DateTimeField(allow_null=True)
    postal_updates = PostalUpdateSerializer(many=True)


class ResultSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    code = serializers.CharField(
        help_text=gettext_lazy("Empty until the result is issued.")
    )
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=["draft", "signed", "issued"])
    source = serializers.ChoiceField(choices=["generated", "uploaded"])
    sha256 = serializers.CharField()
    created_at = serializers.DateTimeField()
    signed_at = serializers.DateTimeField(allow_null=True)
    signer_subject = serializers.CharField()
    issued_at = serializers.DateTimeField(allow_null=True)
    download_url = serializers.SerializerMethodField()
    verification_url = serializers.SerializerMethodField()
    deliveries = DeliverySerializer(many=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, result) -> str:
        return self.context["request"].build_absolute_uri(
            reverse(
                "api:v1:dossier-result-download",
                args=[result.dossier.code, result.number],
            )
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_verification_url(self, result) -> str:
        return stamp_url(None, result.code) if result.code else ""


class DossierResultListApi(StaffApi):
    """The results of a dossier, and preparing a new one."""

    parser_classes = (JSONParser, MultiPartParser)

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "DossierResultInput"

        title = serializers.CharField(
            max_length=300,
            required=False,
            allow_blank=True,
            help_text=gettext_lazy(
                "The result's title; for a generated result empty means the "
                "result named by the procedure."
            ),
        )
        file = serializers.FileField(
            required=False,
            help_text=gettext_lazy(
                "A PDF to upload (multipart); without it the result is "
                "generated from the decision template."
            ),
        )

    OutputSerializer = ResultSerializer

    def _answer(self, request, dossier, results, status_code=status.HTTP_200_OK):
        data = ResultSerializer(results, many=True, context={"request": request}).data
        return Response(data, status=status_code)

    @extend_schema(
        tags=TAGS,
        operation_id="dossier_results_list",
        summary=gettext_lazy("List the results of a dossier"),
        parameters=[CODE_PARAMETER],
        responses={200: ResultSerializer(many=True), **_errors(401, 404)},
    )
    def get(self, request, code):
        dossier = self.dossier(request, code)
        return self._answer(request, dossier, dossier_results(dossier))

    @extend_schema(
        tags=TAGS,
        operation_id="dossier_results_create",
        summary=gettext_lazy("Upload or generate a draft result"),
        parameters=[CODE_PARAMETER],
        request={
            "multipart/form-data": InputSerializer,
            "application/json": InputSerializer,
        },
        responses={201: ResultSerializer, **_errors(400, 401, 403, 404)},
    )
    def post(self, request, code):
        dossier = self.dossier(request, code)
        if not may_prepare(request.user, dossier):
            raise PermissionDenied(
                _("Your role in this dossier's agencies does not prepare results.")
            )
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            if data.get("file") is not None:
                result = upload_result(
                    dossier,
                    user=request.user,
                    file=data["file"],
                    title=data.get("title", ""),
                )
            else:
                result = generate_result(
                    dossier, user=request.user, title=data.get("title") or None
                )
        except ResultRefused as error:
            raise refused(error) from error
        fresh = dossier_results(dossier).get(pk=result.pk)
        return Response(
            ResultSerializer(fresh, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class DossierResultDownloadApi(StaffApi):
    """The PDF of one result of a dossier, as stored (signed once signed)."""

    def perform_content_negotiation(self, request, force=False):
        renderer = JSONRenderer()
        return renderer, renderer.media_type

    @extend_schema(
        tags=TAGS,
        operation_id="dossier_results_download",
        summary=gettext_lazy("Download a result"),
        parameters=[CODE_PARAMETER, NUMBER_PARAMETER],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description=gettext_lazy("The result, PDF.")
            ),
            **_errors(401, 404),
        },
    )
    def get(self, request, code, number):
        dossier = self.dossier(request, code)
        result = result_of_dossier(dossier, number)
        content = result_content(result) if result else None
        if content is None:
            raise NotFound(
                _("Dossier %(code)s has no result No. %(number)s.")
                % {"code": dossier.code, "number": number}
            )
        response = HttpResponse(content, content_type="application/pdf")
        name = result.code or f"{dossier.code}-KQ{number}"
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response


class DossierPostalUpdateApi(StaffApi):
    """Record a status the post reported for the dossier's consignment."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PostalUpdateInput"

        delivery = serializers.IntegerField(
            required=False,
            help_text=gettext_lazy(
                "Id of the postal delivery; the latest one sent by post if absent."
            ),
        )
        status = serializers.CharField(
            max_length=20,
            help_text=gettext_lazy(
                "in_transit, delivery_failed, delivered or returned_to_sender."
            ),
        )
        note = serializers.CharField(max_length=500, required=False, allow_blank=True)

        def validate_status(self, value):
            allowed = {s.value for s in PostalStatus} - {PostalStatus.HANDED_TO_POST}
            if value not in allowed:
                raise serializers.ValidationError(
                    _("Choose one of: %(values)s.")
                    % {"values": ", ".join(sorted(allowed))}
                )
            return value

    @extend_schema(
        tags=TAGS,
        operation_id="dossier_postal_updates_create",
        summary=gettext_lazy("Record a postal status"),
        parameters=[CODE_PARAMETER],
        request=InputSerializer,
        responses={201: DeliverySerializer, **_errors(400, 401, 403, 404)},
    )
    def post(self, request, code):
        dossier = self.dossier(request, code)
        if not may_deliver(request.user, dossier):
            raise PermissionDenied(
                _("Your role in this dossier's agencies does not hand over results.")
            )
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        postal = dossier_deliveries(dossier).filter(method=Method.POST)
        if data.get("delivery"):
            postal = postal.filter(pk=data["delivery"])
        delivery = postal.last()
        if delivery is None:
            raise NotFound(_("The result of this dossier was not sent by post."))
        try:
            record_postal_update(
                delivery,
                user=request.user,
                status=data["status"],
                note=data.get("note", ""),
            )
        except ResultRefused as error:
            raise refused(error) from error
        fresh = dossier_deliveries(dossier).get(pk=delivery.pk)
        return Response(DeliverySerializer(fresh).data, status=status.HTTP_201_CREATED)


class ResultVerificationApi(PublicApi):
    """Whether a result is authentic: public, by the code printed under its QR."""

    OutputSerializer = inline_serializer(
        "ResultVerification",
        {
            "code": serializers.CharField(),
            "valid": serializers.BooleanField(),
            "signed": serializers.BooleanField(),
            "intact": serializers.BooleanField(),
            "trusted": serializers.BooleanField(),
            "modified_after_signing": serializers.BooleanField(),
            "problems": serializers.ListField(child=serializers.CharField()),
            "signer": serializers.CharField(),
            "signed_at": serializers.DateTimeField(allow_null=True),
            "title": serializers.CharField(),
            "procedure": serializers.CharField(),
            "agency": serializers.CharField(),
            "applicant_masked": serializers.CharField(),
            "issued_at": serializers.DateTimeField(allow_null=True),
            "dossier_code": serializers.CharField(),
        },
    )

    @extend_schema(
        tags=TAGS,
        operation_id="results_verification",
        summary=gettext_lazy("Verify a result"),
        parameters=[RESULT_CODE_PARAMETER],
        responses={
            200: OutputSerializer,
            404: OpenApiResponse(
                ErrorSerializer,
                description=gettext_lazy("No issued result has this code."),
            ),
        },
    )
    def get(self, request, code):
        result = issued_result(code)
        if result is None:
            raise NotFound(
                _("No issued result has the code %(code)s.") % {"code": code[:70]}
            )
        report = verify(result)
        public = public_result(result)
        return Response(
            {
                "code": public.code,
                "valid": report.valid,
                "signed": report.signed,
                "intact": report.intact,
                "trusted": report.trusted,
                "modified_after_signing": report.modified_after_signing,
                "problems": report.problems,
                "signer": report.signer_name or report.signer_subject,
                "signed_at": report.signed_at,
                "title": public.title,
                "procedure": public.procedure_name,
                "agency": public.agency_name,
                "applicant_masked": public.applicant_masked,
                "issued_at": public.issued_at,
                "dossier_code": public.dossier_code,
            }
        )
