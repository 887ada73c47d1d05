"""Late work: the leaders' board, the apology (form 04) and the control slip.

The same rules as the back office: the board is for leaders (their
agencies) and monitors (their agencies and all below); the apology for the
handling agency's leaders or the officer holding the dossier, once.
"""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from motcua.accounts.models import Agency
from motcua.documents.forms import UnknownForm
from motcua.workflow.board import board, board_scope, handler_of, task_handler
from motcua.workflow.services import WorkflowError
from motcua.workflow.services.lateness import (
    appointment_on,
    can_issue_apology,
    issue_apology,
)
from motcua.workflow.services.slip import control_slip_number, control_slip_pdf

from .common import QueryTextField, read_query
from .dossier_io import text, validated
from .dossiers import CODE_PARAMETER, Conflict, StaffApi, _errors

TAGS = ["lateness"]


class BoardDossierSerializer(serializers.Serializer):
    code = serializers.CharField()
    procedure = serializers.CharField(source="procedure_version.procedure.code")
    procedure_name = serializers.CharField(source="procedure_version.name")
    applicant = serializers.CharField(source="applicant.full_name")
    agency = serializers.CharField(source="handling_agency.code")
    agency_name = serializers.CharField(source="handling_agency.name")
    status = serializers.CharField()
    due_at = serializers.DateTimeField()
    extended_due_at = serializers.DateTimeField(allow_null=True)
    handler = serializers.SerializerMethodField(
        help_text=gettext_lazy("Who holds the dossier now: an officer, or a role.")
    )

    class Meta:
        ref_name = "BoardDossier"

    def get_handler(self, dossier) -> str:
        return handler_of(dossier)


class BoardStepSerializer(serializers.Serializer):
    task = serializers.IntegerField(source="pk")
    dossier = serializers.CharField(source="dossier.code")
    step = serializers.CharField(source="step.key")
    step_name = serializers.CharField(source="step.name")
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    handler = serializers.SerializerMethodField()
    due_at = serializers.DateTimeField()
    dossier_due_at = serializers.DateTimeField(source="dossier.due_at", allow_null=True)

    class Meta:
        ref_name = "BoardStep"

    def get_handler(self, task) -> str:
        return task_handler(task)


class BoardCountSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    late = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    late_steps = serializers.IntegerField()

    class Meta:
        ref_name = "BoardCount"


class BoardTotalsSerializer(serializers.Serializer):
    late = serializers.IntegerField(default=0)
    at_risk = serializers.IntegerField(default=0)
    late_steps = serializers.IntegerField(default=0)

    class Meta:
        ref_name = "BoardTotals"


class BoardSerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text=gettext_lazy("When the board was read."))
    totals = BoardTotalsSerializer()
    counts = BoardCountSerializer(many=True)
    late = BoardDossierSerializer(
        many=True,
        help_text=gettext_lazy(
            "Open dossiers past their legal due time, earliest first (at most 50)."
        ),
    )
    at_risk = BoardDossierSerializer(
        many=True,
        help_text=gettext_lazy(
            "Open dossiers due within one working day (at most 50)."
        ),
    )
    late_steps = BoardStepSerializer(many=True)

    class Meta:
        ref_name = "Board"


class BoardApi(StaffApi):
    """Late and at-risk dossiers and late steps of the agencies one watches."""

    class QuerySerializer(serializers.Serializer):
        agency = QueryTextField(
            required=False,
            allow_blank=True,
            max_length=40,
            help_text=gettext_lazy(
                "Only this agency (its code); it must be one you lead or monitor, "
                "or below one you monitor."
            ),
        )

    @extend_schema(
        tags=TAGS,
        operation_id="board_retrieve",
        summary=gettext_lazy("Read the board of late and at-risk work"),
        parameters=[
            OpenApiParameter(
                "agency",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description=gettext_lazy("Only this agency (its code)."),
            )
        ],
        responses={200: BoardSerializer, **_errors(401, 403, 404)},
    )
    def get(self, request):
        params = read_query(self.QuerySerializer, request)
        scope = board_scope(request.user)
        if not scope:
            raise PermissionDenied(
                _("Only leaders and monitors read the board of late work.")
            )
        agency = None
        if params.get("agency"):
            agency = Agency.objects.filter(code=params["agency"], pk__in=scope).first()
            if agency is None:
                raise NotFound(
                    _("No agency with the code %(code)s among those you watch.")
                    % {"code": params["agency"]}
                )
        data = board(scope, timezone.now(), agency=agency)
        return Response(BoardSerializer(data, context={"request": request}).data)


class ApologySerializer(serializers.Serializer):
    number = serializers.CharField()
    reason = serializers.CharField()
    original_due_at = serializers.DateTimeField()
    new_due_at = serializers.DateTimeField()
    timely = serializers.BooleanField(
        help_text=gettext_lazy(
            "Issued at least one working day before the due time, or as soon "
            "as the delay was known."
        )
    )
    issued_at = serializers.DateTimeField()
    issued_by = serializers.CharField(source="issued_by.username")
    letter_url = serializers.SerializerMethodField()

    class Meta:
        ref_name = "Apology"

    def get_letter_url(self, apology) -> str:
        return self.context["request"].build_absolute_uri(
            f"/api/v1/dossiers/{apology.dossier.code}/forms/apology.pdf"
        )


class DossierApologyApi(StaffApi):
    """Apologise and set the dossier's one new appointment (form 04)."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "DossierApologyInput"

        reason = text(
            2000,
            required=True,
            help_text=gettext_lazy("Why the dossier is late; printed on the letter."),
        )
        new_date = serializers.DateField(
            input_formats=["%Y-%m-%d"],
            help_text=gettext_lazy(
                "The new appointment, YYYY-MM-DD: a working day after the due "
                "time; the result is due by the close of the office that day."
            ),
            error_messages={
                "invalid": gettext_lazy(
                    "Enter a real date as YYYY-MM-DD, for example 2026-11-27."
                )
            },
        )

    @extend_schema(
        tags=TAGS,
        operation_id="dossiers_apology",
        summary=gettext_lazy("Apologise and set a new appointment (form 04)"),
        parameters=[CODE_PARAMETER],
        request=InputSerializer,
        responses={201: ApologySerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, code):
        dossier = self.dossier(request, code)
        if not can_issue_apology(dossier, request.user):
            raise PermissionDenied(
                _(
                    "Only the handling agency's leaders or the officer holding the "
                    "dossier may apologise and set a new appointment."
                )
            )
        data = validated(self.InputSerializer, request.data)
        try:
            new_due = appointment_on(data["new_date"], dossier.handling_agency)
        except WorkflowError as error:
            raise ValidationError({"new_date": [error.message]}) from error
        try:
            apology = issue_apology(
                dossier,
                user=request.user,
                reason=data["reason"],
                new_due_at=new_due,
            )
        except WorkflowError as error:
            raise Conflict(error.message) from error
        return Response(
            ApologySerializer(apology, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class DossierControlSlipApi(StaffApi):
    """Print the process-control slip (form 05, or 06 since 2025) as PDF."""

    def perform_content_negotiation(self, request, force=False):
        renderer = JSONRenderer()
        return renderer, renderer.media_type

    @extend_schema(
        tags=TAGS,
        operation_id="dossiers_control_slip",
        summary=gettext_lazy("Print the process-control slip"),
        parameters=[CODE_PARAMETER],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description=gettext_lazy("The slip, A4 PDF.")
            ),
            **_errors(401, 404),
        },
    )
    def get(self, request, code):
        dossier = self.dossier(request, code)
        try:
            content = control_slip_pdf(dossier)
        except UnknownForm as error:
            raise NotFound(
                _("The dossier's rule set has no process-control slip.")
            ) from error
        response = HttpResponse(content, content_type="application/pdf")
        number = control_slip_number(dossier)
        response["Content-Disposition"] = (
            f'inline; filename="{dossier.code}-mau-{number}.pdf"'
        )
        return response
