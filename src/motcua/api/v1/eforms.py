"""The e-form (tờ khai điện tử) of a procedure: its schema, and validation."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from motcua.api.errors import not_found
from motcua.catalog.queries import procedure_in_force
from motcua.eforms.services import eform_of, validate

from .common import PublicApi, found_or_404, path_code, require_code

TAGS = ["procedures"]
CODE_PARAMETER = path_code(
    "code", gettext_lazy("National code of the procedure."), "1.001193"
)
NOT_FOUND = not_found(
    gettext_lazy("No procedure in force with this code has an e-form."),
    "Thủ tục mã 9.999999 không có tờ khai điện tử.",
)


def _eform(code: str):
    message = _("Procedure %(code)s has no e-form.") % {"code": code}
    require_code(code, message)
    version = found_or_404(procedure_in_force(code, on=timezone.localdate()), message)
    return found_or_404(eform_of(version), message)


class EFormSerializer(serializers.Serializer):
    code = serializers.CharField(source="version.procedure.code")
    version = serializers.IntegerField(source="version.number")
    revision = serializers.IntegerField()
    title = serializers.CharField()
    schema = serializers.JSONField(
        help_text=gettext_lazy("JSON Schema 2020-12 of the form's data.")
    )
    layout = serializers.JSONField(
        help_text=gettext_lazy(
            "Sections with their title and fields: key, widget, help, prefill."
        )
    )
    updated_at = serializers.DateTimeField()

    class Meta:
        ref_name = "EForm"


class EFormDetailApi(PublicApi):
    """The e-form of the procedure version in force today."""

    @extend_schema(
        tags=TAGS,
        operation_id="procedures_eform_retrieve",
        summary=gettext_lazy("Read a procedure's e-form"),
        description=gettext_lazy(
            "The JSON Schema and the layout of the e-form (tờ khai) of the "
            "version in force today. Dates are ISO (YYYY-MM-DD) in the data."
        ),
        parameters=[CODE_PARAMETER],
        responses={200: EFormSerializer, 404: NOT_FOUND},
    )
    def get(self, request, code):
        return Response(EFormSerializer(_eform(code)).data)


class ValidationResultSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=gettext_lazy(
            "Messages by field key; `__all__` for the form as a whole."
        ),
    )

    class Meta:
        ref_name = "EFormValidation"


class EFormValidateApi(PublicApi):
    """Check data against the e-form with the server's own rules."""

    @extend_schema(
        tags=TAGS,
        operation_id="procedures_eform_validate",
        summary=gettext_lazy("Validate data against a procedure's e-form"),
        description=gettext_lazy(
            "Answers the same messages the web form shows, field by field "
            "(in Vietnamese, or English with Accept-Language: en)."
        ),
        parameters=[CODE_PARAMETER],
        request=OpenApiTypes.OBJECT,
        responses={200: ValidationResultSerializer, 404: NOT_FOUND},
        examples=[
            OpenApiExample(
                "Missing name",
                value={
                    "valid": False,
                    "errors": {"child_name": ["Thông tin này là bắt buộc."]},
                },
                response_only=True,
            )
        ],
    )
    def post(self, request, code):
        errors = validate(_eform(code), request.data)
        return Response({"valid": not errors, "errors": errors})
