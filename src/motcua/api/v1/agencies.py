"""Agencies (cơ quan) that receive and decide dossiers."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.models import AgencyKind
from motcua.accounts.queries import agencies, agency_detail, units
from motcua.api.errors import bad_request, not_found
from motcua.api.pagination import PageNumberPagination

from .common import (
    absolute_url,
    code_field,
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
    url = serializers.SerializerMethodField()

    class Meta:
        ref_name = "Agency"

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, agency) -> str:
        return absolute_url(
            self.context["request"], "api:v1:agency-detail", agency.code
        )


class AgencyListApi(APIView):
    """Search the agencies."""

    authentication_classes = ()
    permission_classes = ()
    pagination_class = PageNumberPagination

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
            if value and not units().filter(code=value).exists():
                raise serializers.ValidationError(
                    _("There is no administrative unit “%(code)s”.") % {"code": value}
                )
            return value

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
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(result, request, view=self)
        data = self.OutputSerializer(page, many=True, context={"request": request})
        return paginator.get_paginated_response(data.data)


class AgencyDetailApi(APIView):
    """One agency with its address, phone and office hours."""

    authentication_classes = ()
    permission_classes = ()

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
        agency = agency_detail(code)
        if agency is None:
            raise NotFound(
                _("There is no agency with identifier %(code)s.") % {"code": code}
            )
        return Response(
            self.OutputSerializer(agency, context={"request": request}).data
        )
