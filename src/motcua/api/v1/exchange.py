"""Import and export of the catalog for the province's administrators.

``GET /api/v1/catalog/export?format=json|xlsx`` downloads the versions in
force; ``POST /api/v1/catalog/import`` publishes the procedures of an
uploaded file under one decision, or answers 400 with every row error and
saves nothing. Both need a superuser or someone who holds the administrator
role in some agency.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.domain import Role
from motcua.accounts.models import RoleAssignment
from motcua.api.errors import ErrorSerializer
from motcua.catalog.exchange.excel import XLSX_CONTENT_TYPE
from motcua.catalog.exchange.exporting import FORMATS, export_catalog
from motcua.catalog.exchange.importing import MAX_UPLOAD_BYTES, import_file
from motcua.catalog.exchange.validation import ImportFailed
from motcua.catalog.services import Decision

from .common import on_date, on_field, read_query

TAGS = ["catalog exchange"]


class IsCatalogAdministrator(BasePermission):
    """A superuser, or a user with the administrator role in some agency."""

    message = gettext_lazy(
        "Only administrators may import or export the catalog of procedures."
    )

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        return user.is_superuser or (
            RoleAssignment.objects.filter(
                user=user, role=Role.ADMINISTRATOR.value
            ).exists()
        )


class _ExchangeApi(APIView):
    # Basic first, so that an anonymous client is told to authenticate (401).
    authentication_classes = (BasicAuthentication, SessionAuthentication)
    permission_classes = (IsCatalogAdministrator,)

    def perform_content_negotiation(self, request, force=False):
        # ``format`` names the file to export, not a renderer of DRF's.
        renderer = JSONRenderer()
        return renderer, renderer.media_type


class RowErrorSerializer(serializers.Serializer):
    sheet = serializers.CharField(
        help_text=gettext_lazy("Excel sheet of the error; empty for JSON files.")
    )
    row = serializers.IntegerField(
        help_text=gettext_lazy(
            "Row number as Excel shows it, or the 1-based position of the "
            "record in a JSON list; 0 when the whole file is concerned."
        )
    )
    field = serializers.CharField(help_text=gettext_lazy("Column or JSON key."))
    code = serializers.CharField(help_text=gettext_lazy("Procedure code, if known."))
    message = serializers.CharField(help_text=gettext_lazy("The reason."))


class ImportRefusedSerializer(ErrorSerializer):
    errors = RowErrorSerializer(many=True)


class CatalogExportApi(_ExchangeApi):
    """Download the procedures in force as national JSON or as Excel."""

    class InputSerializer(serializers.Serializer):
        format = serializers.ChoiceField(
            choices=list(FORMATS),
            required=False,
            default="json",
            help_text=gettext_lazy(
                "json: the national database's LayThuTuc shape; xlsx: an Excel "
                "workbook with one sheet per table."
            ),
            error_messages={
                "invalid_choice": gettext_lazy(
                    "“{input}” is not an export format; use json or xlsx."
                )
            },
        )
        on = on_field()

    @extend_schema(
        tags=TAGS,
        operation_id="catalog_export",
        summary=gettext_lazy("Export the catalog of procedures"),
        parameters=[InputSerializer],
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description=gettext_lazy("A list of LayThuTuc procedures."),
            ),
            (200, XLSX_CONTENT_TYPE): OpenApiResponse(
                OpenApiTypes.BINARY, description=gettext_lazy("An Excel workbook.")
            ),
            400: OpenApiResponse(ErrorSerializer),
            401: OpenApiResponse(ErrorSerializer),
            403: OpenApiResponse(ErrorSerializer),
        },
    )
    def get(self, request):
        params = read_query(self.InputSerializer, request)
        exported = export_catalog(params["format"], on=on_date(params))
        response = HttpResponse(exported.content, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return response


class CatalogImportApi(_ExchangeApi):
    """Publish the procedures of a file under one decision, all or nothing."""

    parser_classes = (MultiPartParser, FormParser)

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(
            help_text=gettext_lazy(
                'A .json file (LayThuTuc list, {"result": [...]} or the seed '
                "shape) or an .xlsx workbook as the export writes it; at most "
                "20 MB."
            )
        )
        effective_from = serializers.DateField(
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
            help_text=gettext_lazy("The day every imported version takes effect."),
        )
        decision_number = serializers.CharField(
            max_length=100, help_text=gettext_lazy("The publishing decision.")
        )
        decision_date = serializers.DateField(
            required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
        )
        decision_issuer = serializers.CharField(
            required=False, allow_blank=True, max_length=250
        )

        def validate_file(self, upload):
            if upload.size > MAX_UPLOAD_BYTES:
                raise serializers.ValidationError(
                    _("The file is larger than %(max)s MB.")
                    % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)}
                )
            return upload

    class OutputSerializer(serializers.Serializer):
        created = serializers.IntegerField()
        amended = serializers.IntegerField()
        unchanged = serializers.IntegerField()
        skipped = serializers.IntegerField()
        fields_created = serializers.IntegerField()

    @extend_schema(
        tags=TAGS,
        operation_id="catalog_import",
        summary=gettext_lazy("Import procedures from a file"),
        description=gettext_lazy(
            "Every procedure of the file is published from `effective_from`; "
            "a code already in the catalog gets a new version (an amendment), "
            "unless it is unchanged. If any row is wrong, nothing is saved and "
            "the 400 answer lists every error with its sheet and row."
        ),
        request={"multipart/form-data": InputSerializer},
        responses={
            201: OutputSerializer,
            400: OpenApiResponse(
                ImportRefusedSerializer,
                examples=[
                    OpenApiExample(
                        "Row error",
                        value={
                            "detail": "Không nhập được tệp: 1 lỗi.",
                            "errors": [
                                {
                                    "sheet": "CachThuc",
                                    "row": 7,
                                    "field": "Đơn vị tính (time_unit)",
                                    "code": "1.001193",
                                    "message": "Đơn vị thời gian “Tháng” không hợp lệ…",
                                }
                            ],
                        },
                        response_only=True,
                        status_codes=["400"],
                    )
                ],
            ),
            401: OpenApiResponse(ErrorSerializer),
            403: OpenApiResponse(ErrorSerializer),
        },
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        decision = Decision(
            effective_from=data["effective_from"],
            number=data["decision_number"].strip(),
            signed_on=data.get("decision_date"),
            issuer=data.get("decision_issuer", "").strip(),
        )
        try:
            result = import_file(
                data["file"].read(MAX_UPLOAD_BYTES + 1), decision=decision
            )
        except ImportFailed as failure:
            count = len(failure.errors)
            return Response(
                {
                    "detail": ngettext(
                        "The file was not imported: %(count)s error.",
                        "The file was not imported: %(count)s errors.",
                        count,
                    )
                    % {"count": count},
                    "errors": [error.as_dict() for error in failure.errors],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(result.as_dict(), status=status.HTTP_201_CREATED)
