"""Processing of a dossier through its internal process, for staff clients.

The same actions as the back office's processing panel, with the same
rules: a dossier of another agency is unknown (404); an action the
officer's role does not allow at the current step is 403; an action on a
step another officer has moved on (the ``task`` sent is no longer the open
one) or that the lifecycle refuses is 409; a refusal by the workflow
services is 400 with its translated message.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from motcua.accounts.domain import Role
from motcua.accounts.models import RoleAssignment
from motcua.dossiers.domain import IllegalTransition, Status
from motcua.dossiers.services.lifecycle import describe
from motcua.dossiers.services.reception import ReceptionRefused
from motcua.workflow import services
from motcua.workflow.labels import STEP_ACTION_LABELS

from .dossier_io import json_data, text, validated
from .dossier_reception import DossierCreateApi
from .dossiers import CODE_PARAMETER, Conflict, StaffApi, _errors, refused

TAGS = ["processing"]


def _queries():
    from motcua.workflow import queries

    return queries


TASK_ACTIONS = ("claim", "assign")


def holds(user, agency_id, role) -> bool:
    return RoleAssignment.objects.filter(
        user=user, agency_id=agency_id, role=role
    ).exists()


def available_actions(task, user) -> list[str]:
    """Return the actions ``user`` may take on ``task`` (claim and assign first)."""
    if task is None or not task.is_open:
        return []
    actions = []
    if services.can_claim(task, user):
        actions.append("claim")
    if services.can_assign(task, user):
        actions.append("assign")
    return actions + [str(a) for a in services.allowed_actions(task, user)]


def refusal(error) -> Response:
    """Answer 400 with the workflow's translated message(s)."""
    messages = (
        [str(m) for m in error.messages]
        if isinstance(error, DjangoValidationError)
        else [str(error)]
    )
    return Response(
        {"detail": messages[0], "errors": {"non_field_errors": messages}},
        status=status.HTTP_400_BAD_REQUEST,
    )


def _name(user) -> str:
    if user is None:
        return ""
    return str(user)


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    step = serializers.CharField(source="step.key")
    step_name = serializers.CharField(source="step.name")
    agency = serializers.CharField(source="agency.code")
    role = serializers.CharField()
    assignee = serializers.SerializerMethodField()
    state = serializers.CharField()
    arrived_at = serializers.DateTimeField()
    claimed_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    finished_by = serializers.SerializerMethodField()
    outcome = serializers.CharField()
    note = serializers.CharField()

    class Meta:
        ref_name = "ProcessingTask"

    def get_assignee(self, task) -> str | None:
        return task.assignee.get_username() if task.assignee_id else None

    def get_finished_by(self, task) -> str | None:
        return _name(task.finished_by) or None


class LegSerializer(serializers.Serializer):
    sequence = serializers.IntegerField()
    agency = serializers.CharField()
    agency_name = serializers.CharField()
    started_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    budget_minutes = serializers.IntegerField()
    used_minutes = serializers.IntegerField(allow_null=True)
    outcome = serializers.CharField()
    reason = serializers.CharField()

    class Meta:
        ref_name = "ProcessingLeg"


class ActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()

    class Meta:
        ref_name = "ProcessingAction"


class ProcessingSerializer(serializers.Serializer):
    dossier = serializers.CharField()
    status = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    open_task = TaskSerializer(allow_null=True)
    allowed_actions = ActionSerializer(many=True)
    tasks = TaskSerializer(many=True)
    legs = LegSerializer(many=True)

    class Meta:
        ref_name = "DossierProcessing"


def leg_rows(dossier) -> list[dict]:
    """Return the dossier's legs, from ``workflow.queries.progress``."""
    report = _queries().progress(dossier)
    legs = getattr(report, "legs", report)
    rows = []
    for leg in legs:
        row = getattr(leg, "leg", leg)
        used = getattr(leg, "used_minutes", None)
        if used is None:
            used = getattr(row, "used_minutes", None)
        rows.append(
            {
                "sequence": row.sequence,
                "agency": row.agency.code,
                "agency_name": row.agency.name,
                "started_at": row.started_at,
                "due_at": row.due_at,
                "finished_at": row.finished_at,
                "budget_minutes": row.budget_minutes,
                "used_minutes": used,
                "outcome": row.outcome,
                "reason": row.reason,
            }
        )
    return rows


def processing_data(dossier, user) -> dict:
    task = _queries().open_task(dossier)
    tasks = list(
        dossier.tasks.select_related(
            "step", "agency", "assignee", "finished_by"
        ).order_by("arrived_at", "pk")
    )
    actions = available_actions(task, user)
    labels = {
        "claim": _("Take up the dossier"),
        "assign": _("Assign to a colleague"),
        **{str(k): str(v) for k, v in STEP_ACTION_LABELS.items()},
    }
    return {
        "dossier": dossier.code,
        "status": dossier.status,
        "due_at": dossier.extended_due_at or dossier.due_at,
        "open_task": task,
        "allowed_actions": [{"action": a, "label": labels.get(a, a)} for a in actions],
        "tasks": tasks,
        "legs": leg_rows(dossier),
    }


class ProcessingApi(StaffApi):
    """A staff endpoint of processing (StaffApi already serves transferred agencies)."""

    def desk_record(self, request, code, waiting: Status, record):
        """Check the desk may record what ``waiting`` waits for, record it, answer."""
        dossier = self.dossier(request, code)
        data = validated(self.InputSerializer, request.data)
        desk_check(dossier, request.user, waiting)
        try:
            record(dossier, data)
        except IllegalTransition as error:
            raise Conflict(describe(error)) from error
        except DjangoValidationError as error:
            return refusal(error)
        dossier.refresh_from_db()
        return Response(
            ProcessingSerializer(processing_data(dossier, request.user)).data
        )


class DossierTasksApi(ProcessingApi):
    """The dossier's steps, the open one, what the user may do, and the legs."""

    @extend_schema(
        tags=TAGS,
        operation_id="dossiers_tasks",
        summary=gettext_lazy("Read the processing of a dossier"),
        parameters=[CODE_PARAMETER],
        responses={200: ProcessingSerializer, **_errors(401, 404)},
    )
    def get(self, request, code):
        dossier = self.dossier(request, code)
        data = processing_data(dossier, request.user)
        return Response(ProcessingSerializer(data).data)


def desk_check(dossier, user, waiting: Status):
    if not holds(user, dossier.receiving_agency_id, Role.DESK_OFFICER):
        raise PermissionDenied(_("Only the receiving agency's desk records this."))
    if dossier.status != waiting:
        raise Conflict(_("The dossier does not wait for this at the desk now."))


class DossierSupplementApi(ProcessingApi):
    """The desk records the supplement the applicant brought; the clock resumes."""

    parser_classes = (JSONParser, MultiPartParser)

    class InputSerializer(serializers.Serializer):
        note = text(4000)
        files = serializers.ListField(
            child=serializers.FileField(),
            required=False,
            default=list,
            help_text=gettext_lazy("PDF, JPEG or PNG files (multipart)."),
        )

        class Meta:
            ref_name = "ProcessingSupplementInput"

    @extend_schema(
        tags=TAGS,
        operation_id="dossiers_supplement_record",
        summary=gettext_lazy("Record the supplement (desk)"),
        parameters=[CODE_PARAMETER],
        request={
            "application/json": InputSerializer,
            "multipart/form-data": InputSerializer,
        },
        responses={200: ProcessingSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, code):
        files = request.FILES.getlist("files") if request.FILES else []
        return self.desk_record(
            request,
            code,
            Status.AWAITING_SUPPLEMENT,
            lambda dossier, data: services.record_supplement(
                dossier, user=request.user, note=data["note"], files=files
            ),
        )


class DossierFeesApi(ProcessingApi):
    """The desk records the fees paid; the clock resumes."""

    class InputSerializer(serializers.Serializer):
        amount = serializers.IntegerField(
            min_value=1, help_text=gettext_lazy("Amount paid in VND.")
        )

        class Meta:
            ref_name = "ProcessingFeesInput"

    @extend_schema(
        tags=TAGS,
        operation_id="dossiers_fees_record",
        summary=gettext_lazy("Record the fees paid (desk)"),
        parameters=[CODE_PARAMETER],
        request=InputSerializer,
        responses={200: ProcessingSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, code):
        return self.desk_record(
            request,
            code,
            Status.AWAITING_FEES,
            lambda dossier, data: services.record_fees(
                dossier, user=request.user, amount=data["amount"]
            ),
        )


class OnTheSpotApi(DossierCreateApi):
    """“4 on the spot”: receive, decide, sign, issue and return in one call."""

    class InputSerializer(DossierCreateApi.InputSerializer):
        class Meta:
            ref_name = "OnTheSpotInput"

        channel = serializers.ChoiceField(
            choices=["desk"],
            default="desk",
            help_text=gettext_lazy("Decided on the spot: always at the desk."),
        )

        result_title = text(
            300,
            help_text=gettext_lazy("Title of the result; the procedure's if empty."),
        )
        receiver_name = text(
            250,
            help_text=gettext_lazy(
                "Who received the result at the desk; the applicant if empty."
            ),
        )
        receiver_personal_id = text(20)

    class MultipartSerializer(serializers.Serializer):
        class Meta:
            ref_name = "OnTheSpotMultipart"

        data = serializers.CharField(
            help_text=gettext_lazy(
                "The dossier as JSON, in the shape of the JSON body."
            )
        )
        files = serializers.ListField(
            child=serializers.FileField(),
            required=False,
            help_text=gettext_lazy("PDF, JPEG or PNG files of the papers."),
        )
        result = serializers.FileField(
            required=False,
            help_text=gettext_lazy("The result document (PDF); generated if absent."),
        )

    @extend_schema(
        tags=TAGS,
        operation_id="on_the_spot_create",
        summary=gettext_lazy("Decide a dossier on the spot"),
        description=gettext_lazy(
            "For procedures flagged “4 on the spot”: one officer holding the "
            "desk and leader roles receives the dossier, the result is signed, "
            "issued and handed over at the desk, all in one transaction."
        ),
        request={
            "application/json": InputSerializer,
            "multipart/form-data": MultipartSerializer,
        },
        responses={201: DossierCreateApi.OutputSerializer, **_errors(400, 401, 403)},
    )
    def post(self, request):
        from motcua.results.services import DeliveryData

        data = validated(self.InputSerializer, json_data(request))
        kwargs = self.reception_kwargs(request, data)
        if isinstance(kwargs, Response):
            return kwargs
        applicant = kwargs["applicant"]
        kwargs.pop("delivery")  # handed over at the desk, right now
        delivery = DeliveryData(
            method="desk",
            receiver_name=data["receiver_name"] or applicant.full_name,
            receiver_personal_id=data["receiver_personal_id"] or applicant.personal_id,
            id_checked=True,
        )
        result_file = request.FILES.get("result") if request.FILES else None
        try:
            dossier = services.on_the_spot(
                **kwargs,
                result_file=result_file,
                result_title=data["result_title"] or None,
                delivery=delivery,
            )
        except ReceptionRefused as error:
            return refused(error)
        except DjangoValidationError as error:
            return refusal(error)
        return self.answer(request, dossier, status.HTTP_201_CREATED)
