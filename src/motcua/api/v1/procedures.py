"""The public catalog of procedures: search it and read one procedure."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from motcua.accounts.queries import agency_exists, level_exists
from motcua.api.errors import bad_request, not_found
from motcua.catalog.domain import (
    CHANNEL_NUMBERS,
    Channel,
    OnlineLevel,
    TimeUnit,
    VersionAction,
)
from motcua.catalog.queries import (
    CatalogFilter,
    catalog_search,
    field_exists,
    procedure_in_force,
)

from .common import (
    DetailUrlField,
    PublicApi,
    PublicListApi,
    code_field,
    display_date,
    found_or_404,
    known_code,
    on_date,
    on_field,
    path_code,
    read_query,
    require_code,
    search_field,
)

TAGS = ["procedures"]


@extend_schema_field(OpenApiTypes.STR)
class PortalPathField(serializers.Field):
    """The permanent page of a procedure on the citizen portal."""

    def __init__(self, **kwargs):
        super().__init__(source="code", read_only=True, **kwargs)

    def to_representation(self, code):
        return reverse("portal:procedure", args=[code])


class ProcedureListApi(PublicListApi):
    """Search the procedures in force, with the portal's filters."""

    class InputSerializer(serializers.Serializer):
        search = search_field()
        level = code_field(
            gettext_lazy("Code of the level that implements it, e.g. commune.")
        )
        field = code_field(gettext_lazy("Code of the field, e.g. HOTICH."))
        agency = code_field(
            gettext_lazy("Electronic identifier of an implementing agency.")
        )
        online_level = serializers.ChoiceField(
            choices=[level.value for level in OnlineLevel],
            required=False,
            allow_blank=True,
            help_text=gettext_lazy("How far it can be done online."),
            error_messages={
                "invalid_choice": gettext_lazy(
                    "“{input}” is not an online level; use full, partial or none."
                )
            },
        )
        on = on_field()

        def validate_level(self, value):
            return known_code(value, level_exists, _("There is no level “%(code)s”."))

        def validate_field(self, value):
            return known_code(value, field_exists, _("There is no field “%(code)s”."))

        def validate_agency(self, value):
            return known_code(value, agency_exists, _("There is no agency “%(code)s”."))

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField(source="procedure.code")
        name = serializers.CharField()
        level = serializers.CharField(source="level.code")
        level_name = serializers.CharField(source="level.name")
        field = serializers.CharField(source="field.code")
        field_name = serializers.CharField(source="field.name")
        online_level = serializers.ChoiceField(choices=[o.value for o in OnlineLevel])
        online_level_name = serializers.CharField(source="get_online_level_display")
        url = DetailUrlField("api:v1:procedure-detail")
        portal_url = PortalPathField()

        class Meta:
            ref_name = "ProcedureSummary"

    @extend_schema(
        tags=TAGS,
        operation_id="procedures_list",
        summary=gettext_lazy("Search the catalog of procedures"),
        description=gettext_lazy(
            "Procedures in force today (or on the date given by `on`), ordered "
            "by code. Filters combine with AND; an unknown code in a filter is "
            "a 400 that names the parameter."
        ),
        parameters=[InputSerializer],
        responses={
            200: OutputSerializer(many=True),
            400: bad_request("level", "Không có cấp “abc”."),
        },
    )
    def get(self, request):
        params = read_query(self.InputSerializer, request)
        criteria = CatalogFilter(
            search=params.get("search", ""),
            level=params.get("level", ""),
            field=params.get("field", ""),
            agency=params.get("agency", ""),
            online_level=params.get("online_level", ""),
        )
        versions = catalog_search(criteria, on=on_date(params))
        return self.paginated_response(request, versions)


class FieldRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()

    class Meta:
        ref_name = "FieldRef"


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    action = serializers.ChoiceField(choices=[a.value for a in VersionAction])
    action_name = serializers.CharField(source="get_action_display")
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    decision_issuer = serializers.CharField()
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(allow_null=True)

    class Meta:
        ref_name = "ProcedureVersion"


class AgencyRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    url = DetailUrlField("api:v1:agency-detail")

    class Meta:
        ref_name = "AgencyRef"


class LegalBasisSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    date = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("YYYY-MM-DD when known.")
    )

    class Meta:
        ref_name = "LegalDocument"

    def to_representation(self, instance):
        # Typed in the admin as JSON, so an entry may be bare text.
        if not isinstance(instance, dict):
            return {"number": "", "title": str(instance), "date": None}
        return {
            "number": str(instance.get("number") or ""),
            "title": str(instance.get("title") or ""),
            "date": instance.get("date") or None,
        }


class FeeSerializer(serializers.Serializer):
    name = serializers.CharField()
    amount = serializers.IntegerField(help_text=gettext_lazy("In Vietnamese đồng."))
    description = serializers.CharField()
    exemptions = serializers.CharField()

    class Meta:
        ref_name = "Fee"


class ChannelSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=[c.value for c in Channel])
    channel_name = serializers.CharField(source="get_channel_display")
    channel_number = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "The national portal's number: 1 desk, 2 online, 3 postal."
        )
    )
    time_amount = serializers.DecimalField(
        max_digits=6, decimal_places=1, coerce_to_string=False
    )
    time_unit = serializers.ChoiceField(choices=[u.value for u in TimeUnit])
    time_unit_name = serializers.CharField(source="get_time_unit_display")
    cutoff_hour = serializers.IntegerField(allow_null=True)
    time_text = serializers.CharField()
    fees = FeeSerializer(many=True, source="fees.all")

    class Meta:
        ref_name = "Channel"

    def get_channel_number(self, option) -> int:
        return CHANNEL_NUMBERS[Channel(option.channel)]


class DocumentSerializer(serializers.Serializer):
    name = serializers.CharField()
    originals = serializers.IntegerField()
    copies = serializers.IntegerField()
    required = serializers.BooleanField()
    condition = serializers.CharField()
    form_name = serializers.CharField()
    form_url = serializers.SerializerMethodField()

    class Meta:
        ref_name = "RequiredDocument"

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_form_url(self, document) -> str | None:
        """Link the portal's download, which also works where media is not served."""
        if not document.form_file:
            return None
        path = reverse(
            "portal:form_file", args=[document.version.procedure.code, document.pk]
        )
        return self.context["request"].build_absolute_uri(path)


class ProcedureDetailApi(PublicApi):
    """Every attribute of one procedure, as the version in force publishes it."""

    class InputSerializer(serializers.Serializer):
        on = on_field()

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField(source="procedure.code")
        name = serializers.CharField()
        level = serializers.CharField(source="level.code")
        level_name = serializers.CharField(source="level.name")
        field = FieldRefSerializer()
        version = VersionSerializer(source="*")
        implementing_agency = serializers.CharField()
        deciding_authority = serializers.CharField()
        agencies = AgencyRefSerializer(many=True, source="agencies.all")
        subjects = serializers.CharField()
        steps = serializers.CharField()
        conditions = serializers.CharField()
        legal_basis = LegalBasisSerializer(many=True)
        results = serializers.ListField(child=serializers.CharField())
        online_level = serializers.ChoiceField(choices=[o.value for o in OnlineLevel])
        online_level_name = serializers.CharField(source="get_online_level_display")
        postal = serializers.BooleanField()
        boundary_free = serializers.BooleanField()
        on_the_spot = serializers.BooleanField()
        channels = ChannelSerializer(many=True, source="channels.all")
        documents = DocumentSerializer(many=True, source="documents.all")
        replaced_by = serializers.CharField(
            source="procedure.replaced_by.code",
            allow_null=True,
            default=None,
            help_text=gettext_lazy("Code of the procedure that replaced this one."),
        )
        url = DetailUrlField("api:v1:procedure-detail")
        portal_url = PortalPathField()

        class Meta:
            ref_name = "Procedure"

    @extend_schema(
        tags=TAGS,
        operation_id="procedures_retrieve",
        summary=gettext_lazy("Read one procedure"),
        description=gettext_lazy(
            "All attributes of the version in force today (or on `on`): "
            "decision, agencies, documents, and one row per channel with its "
            "processing time and fees."
        ),
        parameters=[
            path_code(
                "code",
                gettext_lazy("National code of the procedure."),
                "1.001193",
            ),
            InputSerializer,
        ],
        responses={
            200: OutputSerializer,
            400: bad_request(
                "on",
                "Hãy nhập một ngày có thật theo dạng YYYY-MM-DD, ví dụ 2025-12-31.",
            ),
            404: not_found(
                gettext_lazy("No procedure with this code is in force on that date."),
                "Không có thủ tục mã 9.999999 có hiệu lực vào ngày 31/12/2025.",
            ),
        },
    )
    def get(self, request, code):
        params = read_query(self.InputSerializer, request)
        require_code(code, _("There is no procedure with this code."))
        on = on_date(params)
        version = found_or_404(
            procedure_in_force(code, on=on),
            _("No procedure with code %(code)s is in force on %(date)s.")
            % {"code": code, "date": display_date(on)},
        )
        serializer = self.OutputSerializer(version, context={"request": request})
        return Response(serializer.data)
