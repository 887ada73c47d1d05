"""The tree of administrative units: provinces, districts and communes."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from motcua.accounts.queries import level_exists, unit_detail, unit_exists, units
from motcua.api.errors import bad_request, not_found

from .common import (
    DetailUrlField,
    PublicApi,
    PublicListApi,
    code_field,
    found_or_404,
    known_code,
    list_url,
    path_code,
    read_query,
    require_code,
    search_field,
)

TAGS = ["units"]


class LevelSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    rank = serializers.IntegerField(help_text=gettext_lazy("1 is the top of the tree."))

    class Meta:
        ref_name = "Level"


class UnitRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_with_type = serializers.CharField()
    url = DetailUrlField("api:v1:unit-detail")

    class Meta:
        ref_name = "UnitRef"


class UnitSerializer(UnitRefSerializer):
    name = serializers.CharField()
    kind = serializers.CharField(
        help_text=gettext_lazy("tinh, thanh-pho, huyen, quan, xa, phuong, ...")
    )
    level = LevelSerializer()
    parent = serializers.CharField(
        source="parent.code",
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Official code of the parent unit."),
    )

    class Meta:
        ref_name = "Unit"


class UnitListApi(PublicListApi):
    """Search the administrative units."""

    class InputSerializer(serializers.Serializer):
        search = search_field()
        level = code_field(gettext_lazy("Code of the level, e.g. commune."))
        parent = code_field(gettext_lazy("Official code of the parent unit."))

        def validate_level(self, value):
            return known_code(value, level_exists, _("There is no level “%(code)s”."))

        def validate_parent(self, value):
            return known_code(
                value, unit_exists, _("There is no administrative unit “%(code)s”.")
            )

    OutputSerializer = UnitSerializer

    @extend_schema(
        tags=TAGS,
        operation_id="units_list",
        summary=gettext_lazy("Search the administrative units"),
        description=gettext_lazy(
            "Active units ordered by official code. `search` ignores case and "
            "diacritics and matches the start of words of the code or name."
        ),
        parameters=[InputSerializer],
        responses={
            200: OutputSerializer(many=True),
            400: bad_request("level", "Không có cấp “abc”."),
        },
    )
    def get(self, request):
        params = read_query(self.InputSerializer, request)
        result = units(
            search=params.get("search", ""),
            level=params.get("level", ""),
            parent=params.get("parent", ""),
        )
        return self.paginated_response(request, result)


class UnitDetailApi(PublicApi):
    """One administrative unit with the units directly under it."""

    class OutputSerializer(UnitSerializer):
        children = UnitRefSerializer(many=True, source="children.all")
        agencies_url = serializers.SerializerMethodField()

        class Meta:
            ref_name = "UnitDetail"

        @extend_schema_field(OpenApiTypes.URI)
        def get_agencies_url(self, unit) -> str:
            return list_url(
                self.context["request"], "api:v1:agency-list", unit=unit.code
            )

    @extend_schema(
        tags=TAGS,
        operation_id="units_retrieve",
        summary=gettext_lazy("Read one administrative unit"),
        parameters=[
            path_code("code", gettext_lazy("Official code of the unit."), "80")
        ],
        responses={
            200: OutputSerializer,
            404: not_found(
                gettext_lazy("No active unit has this code."),
                "Không có đơn vị hành chính mã 99999.",
            ),
        },
    )
    def get(self, request, code):
        require_code(code, _("There is no administrative unit with this code."))
        unit = found_or_404(
            unit_detail(code),
            _("There is no administrative unit with code %(code)s.") % {"code": code},
        )
        return Response(self.OutputSerializer(unit, context={"request": request}).data)
