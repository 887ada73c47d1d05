"""Fields of procedures (lĩnh vực) with how many procedures each holds."""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from motcua.api.errors import bad_request
from motcua.catalog.queries import field_counts, procedures_in_force

from .common import PublicApi, list_url, on_date, on_field, read_query


class FieldListApi(PublicApi):
    """The fields that have procedures in force, with their counts."""

    class InputSerializer(serializers.Serializer):
        on = on_field()

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField(source="field__code")
        name = serializers.CharField(source="field__name")
        count = serializers.IntegerField(
            help_text=_("How many procedures of this field are in force.")
        )
        procedures_url = serializers.SerializerMethodField()

        class Meta:
            ref_name = "FieldCount"

        @extend_schema_field(OpenApiTypes.URI)
        def get_procedures_url(self, row) -> str:
            return list_url(
                self.context["request"],
                "api:v1:procedure-list",
                field=row["field__code"],
            )

    @extend_schema(
        tags=["fields"],
        operation_id="fields_list",
        summary=_("List the fields of procedures"),
        description=_(
            "Every field with at least one procedure in force today (or on "
            "`on`), by name, with the number of those procedures."
        ),
        parameters=[InputSerializer],
        responses={
            200: OutputSerializer(many=True),
            400: bad_request(
                "on",
                "Hãy nhập một ngày có thật theo dạng YYYY-MM-DD, ví dụ 2025-12-31.",
            ),
        },
    )
    def get(self, request):
        params = read_query(self.InputSerializer, request)
        rows = field_counts(procedures_in_force(on_date(params)))
        data = self.OutputSerializer(rows, many=True, context={"request": request})
        return Response(data.data)
