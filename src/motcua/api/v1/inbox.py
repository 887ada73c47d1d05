"""The officer's inbox: the steps waiting for the user or their role in an agency.

The same rows, order and filters as the back office's "To do" page: late
first, then due today, due within 2 working days, the rest. ``agency``
chooses among the user's agencies (the first one by code if absent).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from motcua.api.pagination import PageNumberPagination
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.labels import STATUS_LABELS
from motcua.dossiers.queries import officer_agencies
from motcua.workflow.domain import Urgency
from motcua.workflow.labels import URGENCY_LABELS

from .common import QueryTextField, read_query, search_field
from .dossiers import StaffApi, _errors

TAGS = ["processing"]


def _queries():
    from motcua.workflow import queries

    return queries


class InboxRowSerializer(serializers.Serializer):
    task = serializers.IntegerField(source="pk")
    dossier = serializers.CharField(source="dossier.code")
    url = serializers.SerializerMethodField()
    procedure = serializers.CharField(source="dossier.procedure_version.procedure.code")
    procedure_name = serializers.CharField(source="dossier.procedure_version.name")
    applicant = serializers.CharField(source="dossier.applicant.full_name")
    status = serializers.CharField(source="dossier.status")
    step = serializers.CharField(source="step.key")
    step_name = serializers.CharField(source="step.name")
    role = serializers.CharField()
    assignee = serializers.SerializerMethodField()
    arrived_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    dossier_due_at = serializers.SerializerMethodField()
    urgency = serializers.SerializerMethodField()

    class Meta:
        ref_name = "InboxRow"

    def get_url(self, task) -> str:
        return self.context["request"].build_absolute_uri(
            f"/api/v1/dossiers/{task.dossier.code}/tasks"
        )

    def get_assignee(self, task) -> str | None:
        return task.assignee.get_username() if task.assignee_id else None

    def get_dossier_due_at(self, task) -> str | None:
        due = task.dossier.extended_due_at or task.dossier.due_at
        return serializers.DateTimeField().to_representation(due) if due else None

    def get_urgency(self, task) -> str:
        return str(getattr(task, "urgency", "") or Urgency.NONE)


class InboxApi(StaffApi):
    """The steps waiting for the user in one of their agencies."""

    pagination_class = PageNumberPagination

    class QuerySerializer(serializers.Serializer):
        agency = QueryTextField(
            required=False,
            allow_blank=True,
            max_length=40,
            help_text=gettext_lazy(
                "Identifier of one of the user's agencies; the first by code if absent."
            ),
        )
        q = search_field()
        procedure = QueryTextField(
            required=False,
            allow_blank=True,
            max_length=40,
            help_text=gettext_lazy("Code of a procedure, e.g. 1.001193."),
        )
        status = serializers.ChoiceField(
            choices=[s.value for s in STATUS_LABELS],
            required=False,
            help_text=gettext_lazy("The dossier's status."),
        )
        urgency = serializers.ChoiceField(
            choices=[u.value for u in URGENCY_LABELS if u != Urgency.NONE],
            required=False,
        )
        received_from = serializers.DateField(
            required=False, input_formats=["%Y-%m-%d"]
        )
        received_to = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])

        class Meta:
            ref_name = "InboxQuery"

        def validate(self, data):
            start, end = data.get("received_from"), data.get("received_to")
            if start and end and start > end:
                raise serializers.ValidationError(
                    {
                        "received_to": [
                            _("The end date must not be before the start date.")
                        ]
                    }
                )
            return data

    @extend_schema(
        tags=TAGS,
        operation_id="inbox_list",
        summary=gettext_lazy("List the steps waiting for me"),
        parameters=[
            QuerySerializer,
            OpenApiParameter("page", OpenApiTypes.INT, OpenApiParameter.QUERY),
        ],
        responses={200: InboxRowSerializer(many=True), **_errors(400, 401, 403)},
    )
    def get(self, request):
        params = read_query(self.QuerySerializer, request)
        agencies = officer_agencies(request.user)
        if params.get("agency"):
            agency = agencies.filter(code=params["agency"]).first()
        else:
            agency = agencies.first()
        if agency is None:
            raise PermissionDenied(_("You have no role in this agency."))
        procedure = None
        if params.get("procedure"):
            procedure = list(
                ProcedureVersion.objects.filter(
                    procedure__code=params["procedure"]
                ).values_list("pk", flat=True)
            ) or [0]
        rows = _queries().inbox(
            request.user,
            agency,
            at=timezone.now(),
            q=params.get("q", ""),
            procedure=procedure,
            status=params.get("status") or None,
            received_from=params.get("received_from"),
            received_to=params.get("received_to"),
            urgency=params.get("urgency") or None,
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        data = InboxRowSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)
