"""Delivery status of the e-mails and SMS about dossiers, for their staff.

Staff read the messages of one dossier (``?dossier=CODE``) or of every
dossier received or handled by their agencies (narrowed with
``?agency=CODE``), and put a failed or given-up message back in the queue.
A dossier or message outside the user's agencies is answered like an
unknown one (404), as for the dossier endpoints.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from motcua.accounts.domain import Role
from motcua.accounts.models import RoleAssignment
from motcua.api.errors import error_responses
from motcua.api.pagination import PageNumberPagination
from motcua.dossiers.models import Dossier
from motcua.dossiers.queries import officer_agencies
from motcua.dossiers.services.notices import agency_messages, dossier_messages
from motcua.notifications.models import CHANNEL_CHOICES, STATE_CHOICES, OutboxMessage
from motcua.notifications.services import retry_message

from .common import QueryTextField, read_query
from .dossiers import Conflict, StaffApi

TAGS = ["notifications"]
# Monitors only read; every other role may ask for a message to be sent again.
RETRYING_ROLES = [r for r in Role if r != Role.MONITOR]


class OutboxMessageSerializer(serializers.ModelSerializer):
    dossier = serializers.CharField(
        source="subject_ref", help_text=gettext_lazy("The dossier code.")
    )
    state_label = serializers.CharField(source="get_state_display")
    kind_label = serializers.CharField()

    class Meta:
        model = OutboxMessage
        ref_name = "OutboxMessage"
        fields = [
            "id",
            "dossier",
            "channel",
            "kind",
            "kind_label",
            "recipient",
            "subject",
            "body",
            "state",
            "state_label",
            "attempts",
            "next_attempt_at",
            "last_error",
            "provider_message_id",
            "created_at",
            "sent_at",
        ]
        read_only_fields = fields


ERRORS = {
    404: gettext_lazy("No such dossier or message in your agencies."),
    409: gettext_lazy("Only a failed or given-up message can be sent again."),
}


def _errors(*codes: int) -> dict:
    return error_responses(codes, ERRORS)


class NotificationListApi(StaffApi):
    """The e-mails and SMS about dossiers of the user's agencies."""

    class FilterSerializer(serializers.Serializer):
        class Meta:
            ref_name = "NotificationFilter"

        dossier = QueryTextField(
            required=False,
            allow_blank=True,
            max_length=60,
            help_text=gettext_lazy("Only the messages of this dossier (its code)."),
        )
        agency = QueryTextField(
            required=False,
            allow_blank=True,
            max_length=40,
            help_text=gettext_lazy(
                "Only the dossiers of this agency of yours (its code); "
                "all your agencies if absent."
            ),
        )
        state = serializers.ChoiceField(
            choices=STATE_CHOICES, required=False, help_text=gettext_lazy("State.")
        )
        channel = serializers.ChoiceField(
            choices=CHANNEL_CHOICES, required=False, help_text=gettext_lazy("Channel.")
        )

    OutputSerializer = OutboxMessageSerializer
    pagination_class = PageNumberPagination

    @extend_schema(
        tags=TAGS,
        operation_id="notifications_list",
        summary=gettext_lazy("List messages to applicants and their delivery"),
        parameters=[FilterSerializer],
        responses={200: OutputSerializer(many=True), **_errors(400, 401, 404)},
    )
    def get(self, request):
        params = read_query(self.FilterSerializer, request)
        rows = self._rows(request, params)
        for name in ("state", "channel"):
            if params.get(name):
                rows = rows.filter(**{name: params[name]})
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        data = self.OutputSerializer(page, many=True).data
        return paginator.get_paginated_response(data)

    def _rows(self, request, params):
        if params.get("dossier"):
            return dossier_messages(self.dossier(request, params["dossier"]))
        agencies = officer_agencies(request.user)
        if params.get("agency"):
            agencies = agencies.filter(code=params["agency"])
            if not agencies.exists():
                raise NotFound(
                    _("You have no role in the agency %(code)s.")
                    % {"code": params["agency"]}
                )
        return agency_messages(list(agencies.values_list("pk", flat=True)))


class NotificationRetryApi(StaffApi):
    """Send a failed or given-up message again now."""

    OutputSerializer = OutboxMessageSerializer

    @extend_schema(
        tags=TAGS,
        operation_id="notifications_retry",
        summary=gettext_lazy("Send a message again"),
        parameters=[
            OpenApiParameter(
                "id",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description=gettext_lazy("The message's id."),
            )
        ],
        request=None,
        responses={200: OutputSerializer, **_errors(401, 403, 404, 409)},
    )
    def post(self, request, id: int):  # noqa: A002 (the path parameter's name)
        agencies = officer_agencies(request.user)
        scoped = agency_messages(list(agencies.values_list("pk", flat=True)))
        message = scoped.filter(pk=id).first()
        if message is None:
            raise NotFound(
                _("No message %(id)s about your agencies' dossiers.") % {"id": id}
            )
        self._check_role(request, message)
        if not retry_message(message):
            raise Conflict(_("Only a failed or given-up message can be sent again."))
        return Response(self.OutputSerializer(message).data)

    def _check_role(self, request, message):
        agencies = Dossier.objects.filter(code=message.subject_ref).values_list(
            "receiving_agency_id", "handling_agency_id"
        )
        allowed = RoleAssignment.objects.filter(
            user=request.user,
            agency__in={pk for pair in agencies for pk in pair},
            role__in=RETRYING_ROLES,
        )
        if not allowed.exists():
            raise PermissionDenied(
                _("Your role in this dossier's agencies only allows reading.")
            )
