"""The agency's answer to a citizen's request to withdraw a dossier (status 7).

``GET`` reads the request waiting for an answer; ``POST`` accepts it (the
dossier stops, its open step and legs close) or refuses it with reasons
(processing goes on), through ``workflow.services.decide_withdrawal``.
The same rules as the back office: only agency officers (a citizen's
account is refused, 403); a dossier outside the officer's agencies is
unknown (404); only the officer holding the dossier's open step or a
leader of the handling agency answers (403); a dossier with no request
waiting, or changed meanwhile, is 409; a refusal without reasons is 400.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from motcua.accounts.models import RoleAssignment
from motcua.dossiers.domain import Action, IllegalTransition, Status
from motcua.dossiers.services.lifecycle import describe
from motcua.workflow import services

from .dossier_io import text, validated
from .dossiers import CODE_PARAMETER, Conflict, StaffApi, _errors
from .processing import refusal

TAGS = ["processing"]
DECISIONS = {
    Action.ACCEPT_WITHDRAWAL: "accepted",
    Action.REJECT_WITHDRAWAL: "refused",
}


class IsOfficer(BasePermission):
    """Only users with a role in an agency; a citizen's account gets 403."""

    message = gettext_lazy("Only agency officers answer withdrawal requests.")

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and RoleAssignment.objects.filter(user=user).exists()
        )


def withdrawal_data(dossier, user) -> dict:
    """Return the latest request to withdraw ``dossier`` and its answer, if any."""
    events = dossier.events.filter(
        action__in=[Action.REQUEST_WITHDRAWAL, *DECISIONS]
    ).order_by("-sequence")
    request = next((e for e in events if e.action == Action.REQUEST_WITHDRAWAL), None)
    answer = next(
        (
            e
            for e in events
            if e.action in DECISIONS
            and request is not None
            and e.sequence > request.sequence
        ),
        None,
    )
    return {
        "dossier": dossier.code,
        "status": dossier.status,
        "status_label": str(dossier.status_label),
        "pending": dossier.status == Status.WITHDRAWAL_REQUESTED,
        "can_decide": services.can_decide_withdrawal(dossier, user),
        "reason": request.reason if request else "",
        "requested_at": request.at if request else None,
        "requested_by": request.actor_name if request else "",
        "decision": DECISIONS.get(answer.action) if answer else None,
        "decision_note": answer.reason if answer else "",
        "decided_at": answer.at if answer else None,
        "decided_by": answer.actor_name if answer else "",
    }


class WithdrawalSerializer(serializers.Serializer):
    dossier = serializers.CharField(help_text=gettext_lazy("The dossier code."))
    status = serializers.CharField(help_text=gettext_lazy("The dossier's status."))
    status_label = serializers.CharField()
    pending = serializers.BooleanField(
        help_text=gettext_lazy("A request to withdraw waits for the agency's answer.")
    )
    can_decide = serializers.BooleanField(
        help_text=gettext_lazy("The signed-in officer may answer the request.")
    )
    reason = serializers.CharField(
        help_text=gettext_lazy("The applicant's reason for withdrawing.")
    )
    requested_at = serializers.DateTimeField(allow_null=True)
    requested_by = serializers.CharField()
    decision = serializers.ChoiceField(
        choices=["accepted", "refused"],
        allow_null=True,
        help_text=gettext_lazy("The agency's answer to the latest request, if any."),
    )
    decision_note = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by = serializers.CharField()

    class Meta:
        ref_name = "DossierWithdrawal"


class DossierWithdrawalApi(StaffApi):
    """Read and answer the applicant's request to withdraw a dossier."""

    permission_classes = (IsAuthenticated, IsOfficer)
    parser_classes = (JSONParser,)

    class InputSerializer(serializers.Serializer):
        accept = serializers.BooleanField(
            help_text=gettext_lazy(
                "true: accept (the dossier stops); false: refuse (processing goes on)."
            )
        )
        note = text(
            2000,
            help_text=gettext_lazy("The reasons; required to refuse."),
        )

        class Meta:
            ref_name = "DossierWithdrawalInput"

        def validate(self, attrs):
            if not attrs["accept"] and not attrs.get("note", "").strip():
                raise serializers.ValidationError(
                    {"note": [_("Give the reasons for refusing the withdrawal.")]}
                )
            return attrs

    @extend_schema(
        tags=TAGS,
        operation_id="dossiers_withdrawal_read",
        summary=gettext_lazy("Read the applicant's request to withdraw"),
        parameters=[CODE_PARAMETER],
        responses={200: WithdrawalSerializer, **_errors(401, 403, 404)},
    )
    def get(self, request, code):
        dossier = self.dossier(request, code)
        return Response(
            WithdrawalSerializer(withdrawal_data(dossier, request.user)).data
        )

    @extend_schema(
        tags=TAGS,
        operation_id="dossiers_withdrawal_decide",
        summary=gettext_lazy("Accept or refuse the applicant's request to withdraw"),
        description=gettext_lazy(
            "Accepting stops the dossier (status 8: stopped) and closes its open "
            "step; refusing needs the reasons and puts the dossier back in "
            "processing (status 4). Only the officer holding the open step or a "
            "leader of the handling agency answers."
        ),
        parameters=[CODE_PARAMETER],
        request=InputSerializer,
        examples=[
            OpenApiExample(
                "Refuse",
                value={"accept": False, "note": "Kết quả đã được ký, không thể rút."},
                request_only=True,
            ),
            OpenApiExample("Accept", value={"accept": True}, request_only=True),
        ],
        responses={200: WithdrawalSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, code):
        dossier = self.dossier(request, code)
        data = validated(self.InputSerializer, request.data)
        if dossier.status != Status.WITHDRAWAL_REQUESTED:
            raise Conflict(_("The applicant has not asked to withdraw it."))
        if not services.can_decide_withdrawal(dossier, request.user):
            raise PermissionDenied(
                _("Only the officer holding the dossier or a leader answers.")
            )
        try:
            services.decide_withdrawal(
                dossier,
                user=request.user,
                accept=data["accept"],
                note=data.get("note", ""),
            )
        except IllegalTransition as error:
            raise Conflict(describe(error)) from error
        except DjangoValidationError as error:
            dossier.refresh_from_db()
            if dossier.status != Status.WITHDRAWAL_REQUESTED:
                raise Conflict(
                    _("The applicant has not asked to withdraw it.")
                ) from error
            return refusal(error)
        dossier.refresh_from_db()
        return Response(
            WithdrawalSerializer(withdrawal_data(dossier, request.user)).data
        )
