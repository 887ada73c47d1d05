"""Processing of a dossier through its internal process, for staff clients.

The same actions as the back office's processing panel, with the same
rules: a dossier of another agency is unknown (404); an action the
officer's role does not allow at the current step is 403; an action on a
step another officer has moved on (the ``task`` sent is no longer the open
one) or that the lifecycle refuses is 409; a refusal by the workflow
services is 400 with its translated message.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from motcua.accounts.domain import Role
from motcua.accounts.models import Agency, RoleAssignment
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


def task_field():
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy(
            "The id of the open task the client saw; if another officer has "
            "moved the dossier on since, the action is refused (409)."
        ),
    )


class ActionApi(ProcessingApi):
    """One action on the dossier's open task; subclasses name it and its body."""

    action = ""
    parser_classes = (JSONParser,)

    class InputSerializer(serializers.Serializer):
        task = task_field()

    def call(self, task, user, data):  # pragma: no cover - overridden
        raise NotImplementedError

    def post(self, request, code):
        dossier = self.dossier(request, code)
        data = validated(self.InputSerializer, request.data)
        task = _queries().open_task(dossier)
        if task is None or (data.get("task") and data["task"] != task.pk):
            raise Conflict(
                _(
                    "This dossier was just handled by another officer. Read it "
                    "again to see its current step."
                )
            )
        if self.action not in available_actions(task, request.user):
            raise PermissionDenied(
                _("Your role does not allow this action at the dossier's current step.")
            )
        try:
            self.call(task, request.user, data)
        except IllegalTransition as error:
            raise Conflict(describe(error)) from error
        except DjangoValidationError as error:
            return refusal(error)
        dossier.refresh_from_db()
        return Response(
            ProcessingSerializer(processing_data(dossier, request.user)).data
        )


def _user(username, agency_id, role):
    if not username:
        return None
    return (
        get_user_model()
        .objects.filter(
            username=username,
            roles__agency_id=agency_id,
            roles__role=role,
        )
        .first()
    )


def _action(name, summary, description, serializer, call):
    """Build the API view of one action with its documented body."""

    class View(ActionApi):
        action = name
        InputSerializer = serializer

        @extend_schema(
            tags=TAGS,
            operation_id=f"dossiers_action_{name}",
            summary=summary,
            description=description,
            parameters=[CODE_PARAMETER],
            request=serializer,
            responses={200: ProcessingSerializer, **_errors(400, 401, 403, 404, 409)},
        )
        def post(self, request, code):
            return super().post(request, code)

        def call(self, task, user, data):
            return call(task, user, data)

    View.__name__ = View.__qualname__ = (
        "".join(p.title() for p in name.split("_")) + "ActionApi"
    )
    return View


def _serializer(name, **fields):
    return type(
        name,
        (serializers.Serializer,),
        {"task": task_field(), **fields, "Meta": type("Meta", (), {"ref_name": name})},
    )


TaskOnly = _serializer("ProcessingTaskInput")


def route_text():
    return text(
        40,
        help_text=gettext_lazy(
            "Key of the next step, when the step has several routes."
        ),
    )


def _assign(task, user, data):
    assignee = _user(data["assignee"], task.agency_id, task.role)
    if assignee is None:
        raise services.WorkflowError(
            _("%(user)s has no role for this step in this agency.")
            % {"user": data["assignee"][:150]}
        )
    return services.assign(task, user=user, assignee=assignee)


def _forward(task, user, data):
    assignee = None
    if data.get("assignee"):
        assignee = get_user_model().objects.filter(username=data["assignee"]).first()
        if assignee is None:
            raise services.WorkflowError(
                _("There is no officer %(user)s.") % {"user": data["assignee"][:150]}
            )
    return services.forward(
        task, user=user, to=data["to"] or None, note=data["note"], assignee=assignee
    )


def _return_result(task, user, data):
    from motcua.results.services import DeliveryData

    return services.return_result(
        task, user=user, delivery=DeliveryData(**data["delivery"])
    )


def _transfer(task, user, data):
    agency = Agency.objects.filter(code=data["to_agency"], is_active=True).first()
    if agency is None:
        raise services.WorkflowError(
            _("There is no agency with identifier %(code)s.")
            % {"code": data["to_agency"][:40]}
        )
    return services.transfer(task, user=user, to_agency=agency, note=data["note"])


class DeliverySerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=["desk", "post", "electronic"])
    receiver_name = text(250)
    receiver_personal_id = text(20)
    id_checked = serializers.BooleanField(default=False)
    postal_operator = text(120)
    waybill = text(60)
    address = text(300)

    class Meta:
        ref_name = "ProcessingDeliveryInput"


ACTIONS = [
    _action(
        "claim",
        gettext_lazy("Take up the open step"),
        gettext_lazy("The step is assigned to the user, who holds its role."),
        TaskOnly,
        lambda task, user, data: services.claim(task, user=user),
    ),
    _action(
        "assign",
        gettext_lazy("Assign the open step to a colleague (leaders)"),
        gettext_lazy("The colleague must hold the step's role in its agency."),
        _serializer(
            "ProcessingAssignInput",
            assignee=text(
                150,
                required=True,
                help_text=gettext_lazy("The colleague's user name."),
            ),
        ),
        _assign,
    ),
    _action(
        "forward",
        gettext_lazy("Forward to the next step"),
        gettext_lazy(
            "`to` names the next step's key when the step has several routes."
        ),
        _serializer(
            "ProcessingForwardInput",
            to=route_text(),
            assignee=text(
                150, help_text=gettext_lazy("User name of the next step's officer.")
            ),
            note=text(4000),
        ),
        _forward,
    ),
    _action(
        "send_back",
        gettext_lazy("Send back to the previous step"),
        gettext_lazy("The reason is required."),
        _serializer("ProcessingSendBackInput", reason=text(4000, required=True)),
        lambda task, user, data: services.send_back(
            task, user=user, reason=data["reason"]
        ),
    ),
    _action(
        "request_supplement",
        gettext_lazy("Request supplementary documents"),
        gettext_lazy(
            "The clock pauses; the applicant is told exactly the `items` listed."
        ),
        _serializer(
            "ProcessingSupplementRequestInput",
            reason=text(4000),
            items=serializers.ListField(
                child=serializers.CharField(max_length=500),
                allow_empty=False,
                help_text=gettext_lazy("What the applicant must add or correct."),
            ),
        ),
        lambda task, user, data: services.request_supplement(
            task, user=user, reason=data["reason"], items=data["items"]
        ),
    ),
    _action(
        "request_fees",
        gettext_lazy("Request financial obligations"),
        gettext_lazy("The clock pauses until the desk records the payment."),
        _serializer(
            "ProcessingFeesRequestInput",
            amount=serializers.IntegerField(
                min_value=1, help_text=gettext_lazy("Amount in VND.")
            ),
            reason=text(4000),
        ),
        lambda task, user, data: services.request_fees(
            task, user=user, amount=data["amount"], reason=data["reason"]
        ),
    ),
    _action(
        "stop",
        gettext_lazy("Stop processing"),
        gettext_lazy("The reasons are written in the stop notice."),
        _serializer("ProcessingStopInput", reasons=text(4000, required=True)),
        lambda task, user, data: services.stop(
            task, user=user, reasons=data["reasons"]
        ),
    ),
    _action(
        "approve",
        gettext_lazy("Approve"),
        gettext_lazy("The leader approves the proposed result."),
        _serializer("ProcessingApproveInput", note=text(4000), to=route_text()),
        lambda task, user, data: services.approve(
            task, user=user, note=data["note"], to=data["to"] or None
        ),
    ),
    _action(
        "sign",
        gettext_lazy("Sign the result"),
        gettext_lazy(
            "Signs the dossier's latest result with the agency's certificate."
        ),
        _serializer("ProcessingSignInput", to=route_text()),
        lambda task, user, data: services.sign(task, user=user, to=data["to"] or None),
    ),
    _action(
        "issue",
        gettext_lazy("Issue the result"),
        gettext_lazy("Gives the result its code; the dossier has a result."),
        _serializer("ProcessingIssueInput", to=route_text()),
        lambda task, user, data: services.issue(task, user=user, to=data["to"] or None),
    ),
    _action(
        "return_result",
        gettext_lazy("Return the result"),
        gettext_lazy(
            "At the desk (receiver and ID check), by post (operator and "
            "waybill) or electronically."
        ),
        _serializer("ProcessingReturnResultInput", delivery=DeliverySerializer()),
        _return_result,
    ),
    _action(
        "transfer",
        gettext_lazy("Transfer to another agency"),
        gettext_lazy("That agency runs its own process within a budget."),
        _serializer(
            "ProcessingTransferInput",
            to_agency=text(
                40,
                required=True,
                help_text=gettext_lazy("Identifier of the agency."),
            ),
            note=text(4000),
        ),
        _transfer,
    ),
    _action(
        "complete_transfer",
        gettext_lazy("Complete the transferred part"),
        gettext_lazy("The dossier goes back to the sending agency."),
        _serializer("ProcessingCompleteTransferInput", note=text(4000)),
        lambda task, user, data: services.complete_transfer(
            task, user=user, note=data["note"]
        ),
    ),
    _action(
        "return_transfer",
        gettext_lazy("Return the transferred dossier"),
        gettext_lazy("The reason is required."),
        _serializer("ProcessingReturnTransferInput", reason=text(4000, required=True)),
        lambda task, user, data: services.return_transfer(
            task, user=user, reason=data["reason"]
        ),
    ),
]


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
