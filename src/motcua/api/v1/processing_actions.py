"""One REST endpoint per processing action on a dossier's open task.

``ACTIONS`` lists the views (one per ``StepAction`` and task action), each
with its own documented request body; ``ActionApi.post`` does what they
share: the open task, the user's right to the action, and the answer.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from motcua.accounts.models import Agency
from motcua.dossiers.domain import IllegalTransition
from motcua.dossiers.services.lifecycle import describe
from motcua.workflow import services

from .dossier_io import text, validated
from .dossiers import CODE_PARAMETER, Conflict, _errors
from .processing import (
    TAGS,
    ProcessingApi,
    ProcessingSerializer,
    _queries,
    available_actions,
    processing_data,
    refusal,
)


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
