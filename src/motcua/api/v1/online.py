"""The desk's queue of dossiers submitted online, its three decisions, the exemption.

The same rows, order and clock as the back office's "Hồ sơ trực tuyến"
page (``motcua.filing.queue``): dossiers of the user's desk agencies that
wait for the desk's answer, the most urgent first, each with the working
minutes left of the 8-working-hour window (negative once overdue). Only
desk officers use it: anyone else signed in gets 403, a dossier of another
agency is answered like an unknown code (404), a dossier the desk has
already answered is a conflict (409).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser

from motcua.api.pagination import PageNumberPagination
from motcua.dossiers.domain import IllegalTransition, Status
from motcua.dossiers.services.guidance import refuse_dossier, request_supplement
from motcua.dossiers.services.lifecycle import describe
from motcua.dossiers.services.validation import ReceptionRefused
from motcua.filing import queue
from motcua.filing.services.exemption import verify_exemption
from motcua.workflow.queries import dossier_for_staff

from .common import QueryTextField, read_query, search_field
from .dossier_io import DossierSerializer, PaperField, text, validated
from .dossiers import CODE_PARAMETER, Conflict, StaffApi, _errors, refused
from .processing import refusal

TAGS = ["online queue"]


class OnlineQueueRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    url = serializers.SerializerMethodField()
    procedure = serializers.CharField(source="procedure_version.procedure.code")
    procedure_name = serializers.CharField(source="procedure_version.name")
    applicant = serializers.CharField(source="applicant.full_name")
    receiving_agency = serializers.CharField(source="receiving_agency.code")
    status = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    reception_due_at = serializers.DateTimeField()
    remaining_minutes = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Working minutes left to answer (office hours only); negative once "
            "the 8 working hours have passed."
        )
    )
    overdue = serializers.SerializerMethodField()
    remaining_text = serializers.SerializerMethodField(
        help_text=gettext_lazy("The same, in words: “Còn 3 giờ 20 phút”.")
    )
    fee_due = serializers.IntegerField(help_text=gettext_lazy("Fees due, VND."))
    fee_paid = serializers.IntegerField(help_text=gettext_lazy("Fees paid, VND."))
    fee_exemption = serializers.CharField(
        help_text=gettext_lazy("The exemption claimed; empty if none.")
    )
    supplement_round = serializers.IntegerField(
        allow_null=True,
        help_text=gettext_lazy(
            "Number of the supplement the applicant resubmitted; null for a "
            "first submission."
        ),
    )

    class Meta:
        ref_name = "OnlineQueueRow"

    def _clock(self, dossier):
        return self.context["clocks"].of(dossier)

    def get_url(self, dossier) -> str:
        return self.context["request"].build_absolute_uri(
            f"/api/v1/dossiers/{dossier.code}"
        )

    def get_remaining_minutes(self, dossier) -> int:
        return self._clock(dossier).minutes

    def get_overdue(self, dossier) -> bool:
        return self._clock(dossier).overdue

    def get_remaining_text(self, dossier) -> str:
        return self._clock(dossier).text


def _require_desk(user) -> None:
    if not queue.desk_agencies(user).exists():
        raise PermissionDenied(_("Only desk officers answer dossiers filed online."))


class OnlineQueueApi(StaffApi):
    """The online dossiers waiting for the answer of the user's desks."""

    pagination_class = PageNumberPagination

    class QuerySerializer(serializers.Serializer):
        agency = QueryTextField(
            required=False,
            allow_blank=True,
            max_length=40,
            help_text=gettext_lazy(
                "Identifier of one of the user's desk agencies; all of them if absent."
            ),
        )
        q = search_field()

        class Meta:
            ref_name = "OnlineQueueQuery"

    @extend_schema(
        tags=TAGS,
        operation_id="online_queue_list",
        summary=gettext_lazy("List the online dossiers waiting for my desk"),
        parameters=[
            QuerySerializer,
            OpenApiParameter("page", OpenApiTypes.INT, OpenApiParameter.QUERY),
        ],
        responses={200: OnlineQueueRowSerializer(many=True), **_errors(400, 401, 403)},
    )
    def get(self, request):
        _require_desk(request.user)
        params = read_query(self.QuerySerializer, request)
        agency = params.get("agency", "")
        if (
            agency
            and not queue.desk_agencies(request.user).filter(code=agency).exists()
        ):
            raise ValidationError(
                {"agency": [_("You are not a desk officer of this agency.")]}
            )
        rows = queue.online_queue(
            request.user, agency=agency, search=params.get("q", "")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        context = {"request": request, "clocks": queue.Clocks(timezone.now())}
        data = OnlineQueueRowSerializer(page, many=True, context=context).data
        return paginator.get_paginated_response(data)


def status_field():
    return serializers.ChoiceField(
        choices=[Status.NEW.value, Status.AWAITING_SUPPLEMENT.value],
        required=False,
        help_text=gettext_lazy(
            "The status the client saw; if the dossier has moved on since, the "
            "decision is refused (409)."
        ),
    )


class OnlineDecisionApi(StaffApi):
    """One decision of the desk on a dossier waiting in its online queue."""

    parser_classes = (JSONParser,)

    class InputSerializer(serializers.Serializer):
        seen_status = status_field()

    def queued(self, request, code):
        _require_desk(request.user)
        dossier = dossier_for_staff(code, request.user)
        if dossier is None:
            raise NotFound(
                _("No dossier with the code %(code)s in your agencies.")
                % {"code": code[:60]}
            )
        desks = queue.desk_agencies(request.user)
        if not desks.filter(pk=dossier.receiving_agency_id).exists():
            raise PermissionDenied(
                _("Only the desk of %(agency)s answers this dossier.")
                % {"agency": dossier.receiving_agency}
            )
        return dossier

    def decide(self, dossier, user, data):  # pragma: no cover - overridden
        raise NotImplementedError

    def post(self, request, code):
        dossier = self.queued(request, code)
        data = validated(self.InputSerializer, request.data)
        seen = data.get("seen_status")
        if dossier.reception_due_at is None or (seen and seen != dossier.status):
            raise Conflict(
                _(
                    "This dossier was just answered by another officer and no "
                    "longer waits for the desk. Read it again to see its state."
                )
            )
        try:
            with queue.answering(dossier):
                self.decide(dossier, request.user, data)
        except ReceptionRefused as error:
            return refused(error)
        except IllegalTransition as error:
            raise Conflict(describe(error)) from error
        except DjangoValidationError as error:
            return refusal(error)
        return self.answer(request, dossier)


def _decision_schema(operation_id, summary, serializer):
    return extend_schema(
        tags=TAGS,
        operation_id=operation_id,
        summary=summary,
        parameters=[CODE_PARAMETER],
        request=serializer,
        responses={200: DossierSerializer, **_errors(400, 401, 403, 404, 409)},
    )


class OnlineAcceptApi(OnlineDecisionApi):
    """Receive the dossier: the legal clock starts and its processing opens."""

    class InputSerializer(serializers.Serializer):
        seen_status = status_field()
        handling_agency = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=40,
            help_text=gettext_lazy(
                "Identifier of the agency competent to decide, when several are "
                "(a service centre, a procedure without administrative boundary)."
            ),
        )

        class Meta:
            ref_name = "OnlineAcceptInput"

    def decide(self, dossier, user, data):
        from motcua.accounts.models import Agency
        from motcua.workflow.services.intake import accept_online

        handling = None
        if data.get("handling_agency"):
            handling = Agency.objects.filter(code=data["handling_agency"]).first()
            if handling is None:
                raise ReceptionRefused(
                    {"handling_agency": [_("No agency has this identifier.")]}
                )
        accept_online(dossier, officer=user, handling_agency=handling)

    @_decision_schema(
        "online_queue_accept",
        gettext_lazy("Receive a dossier filed online"),
        InputSerializer,
    )
    def post(self, request, code):
        return super().post(request, code)


class OnlineSupplementApi(OnlineDecisionApi):
    """Ask the applicant to complete the dossier; they see it on their page."""

    class InputSerializer(serializers.Serializer):
        seen_status = status_field()
        missing = serializers.ListField(
            child=PaperField(),
            allow_empty=False,
            help_text=gettext_lazy(
                "The papers to add or correct: ids in the procedure's list, or names."
            ),
            error_messages={
                "empty": gettext_lazy("List the papers the applicant must add.")
            },
        )
        note = text(4000, help_text=gettext_lazy("What the applicant must do."))

        class Meta:
            ref_name = "OnlineSupplementInput"

    def decide(self, dossier, user, data):
        request_supplement(
            dossier, officer=user, missing=data["missing"], note=data["note"]
        )

    @_decision_schema(
        "online_queue_supplement",
        gettext_lazy("Ask for a supplement to a dossier filed online"),
        InputSerializer,
    )
    def post(self, request, code):
        return super().post(request, code)


class OnlineRefuseApi(OnlineDecisionApi):
    """Refuse the dossier (form 03), with the reasons the applicant reads."""

    class InputSerializer(serializers.Serializer):
        seen_status = status_field()
        reasons = text(
            4000,
            required=True,
            help_text=gettext_lazy("The reasons, one per line if several."),
        )

        class Meta:
            ref_name = "OnlineRefuseInput"

    def decide(self, dossier, user, data):
        refuse_dossier(dossier, officer=user, reasons=data["reasons"])

    @_decision_schema(
        "online_queue_refuse",
        gettext_lazy("Refuse a dossier filed online"),
        InputSerializer,
    )
    def post(self, request, code):
        return super().post(request, code)


class OnlineExemptionApi(OnlineDecisionApi):
    """Record whether the fee exemption the applicant claims is verified.

    Not verified: the claim is cleared and the fees are due. Either way a
    public note in the dossier's trail keeps the claim and the answer.
    """

    class InputSerializer(serializers.Serializer):
        seen_status = status_field()
        verified = serializers.BooleanField(
            help_text=gettext_lazy(
                "true: the applicant is exempt; false: the fees are due."
            )
        )
        note = text(1000, help_text=gettext_lazy("Kept in the dossier's trail."))

        class Meta:
            ref_name = "OnlineExemptionInput"

    def decide(self, dossier, user, data):
        verify_exemption(
            dossier, officer=user, verified=data["verified"], note=data["note"]
        )

    @_decision_schema(
        "online_queue_exemption",
        gettext_lazy("Verify the fee exemption claimed on a dossier filed online"),
        InputSerializer,
    )
    def post(self, request, code):
        return super().post(request, code)
