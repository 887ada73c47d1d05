"""Agencies (cơ quan) that receive and decide dossiers."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from motcua.accounts.models import AgencyKind
from motcua.accounts.queries import agencies, agency_detail, unit_exists
from motcua.api.errors import bad_request, not_found

from .common import (
    DetailUrlField,
    PublicApi,
    PublicListApi,
    code_field,
    found_or_404,
    known_code,
    path_code,
    read_query,
    require_code,
    search_field,
)
from .units import UnitRefSerializer

TAGS = ["agencies"]


class AgencySerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=gettext_lazy(
            "Electronic identifier (mã định danh), e.g. 000.00.02.H39."
        )
    )
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=AgencyKind.values)
    kind_name = serializers.CharField(source="get_kind_display")
    function = serializers.CharField()
    unit = UnitRefSerializer()
    parent = serializers.CharField(
        source="parent.code",
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Electronic identifier of the parent agency."),
    )
    address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    office_hours = serializers.CharField()
    url = DetailUrlField("api:v1:agency-detail")

    class Meta:
        ref_name = "Agency"


class AgencyListApi(PublicListApi):
    """Search the agencies."""

    class InputSerializer(serializers.Serializer):
        search = search_field()
        kind = serializers.ChoiceField(
            choices=AgencyKind.values,
            required=False,
            allow_blank=True,
            help_text=gettext_lazy("Kind of agency."),
            error_messages={
                "invalid_choice": gettext_lazy("“{input}” is not a kind of agency.")
            },
        )
        unit = code_field(
            gettext_lazy("Official code of the administrative unit it serves.")
        )

        def validate_unit(self, value):
            return known_code(
                value, unit_exists, _("There is no administrative unit “%(code)s”.")
            )

    OutputSerializer = AgencySerializer

    @extend_schema(
        tags=TAGS,
        operation_id="agencies_list",
        summary=gettext_lazy("Search the agencies"),
        description=gettext_lazy(
            "Active agencies ordered by electronic identifier. `search` ignores "
            "case and diacritics and matches the start of words of the code or "
            "name."
        ),
        parameters=[InputSerializer],
        responses={
            200: OutputSerializer(many=True),
            400: bad_request("kind", "“abc” không phải là loại cơ quan."),
        },
    )
    def get(self, request):
        params = read_query(self.InputSerializer, request)
        result = agencies(
            search=params.get("search", ""),
            kind=params.get("kind", ""),
            unit=params.get("unit", ""),
        )
        return self.paginated_response(request, result)


class AgencyDetailApi(PublicApi):
    """One agency with its address, phone and office hours."""

    OutputSerializer = AgencySerializer

    @extend_schema(
        tags=TAGS,
        operation_id="agencies_retrieve",
        summary=gettext_lazy("Read one agency"),
        parameters=[
            path_code(
                "code",
                gettext_lazy("Electronic identifier of the agency."),
                "000.00.02.H39",
            )
        ],
        responses={
            200: OutputSerializer,
            404: not_found(
                gettext_lazy("No active agency has this identifier."),
                "Không có cơ quan mã định danh 000.00.99.H39.",
            ),
        },
    )
    def get(self, request, code):
        require_code(code, _("There is no agency with this identifier."))
        agency = found_or_404(
            agency_detail(code),
            _("There is no agency with identifier %(code)s.") % {"code": code},
        )
        return Response(
            self.OutputSerializer(agency, context={"request": request}).data
        )
