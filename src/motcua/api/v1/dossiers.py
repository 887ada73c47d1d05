"""Dossiers for the staff of the agencies that receive and handle them.

Reading a dossier, asking for a supplement, refusing reception and printing
the forms; reception at the desk is in dossier_reception, on the same base. A dossier of another agency is
answered like an unknown one (404), so codes reveal nothing; a user whose
role does not allow the action gets 403. Every change goes through the
dossiers services, which refuse a transition the lifecycle does not allow
or that another officer made first (409).
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.domain import Role
from motcua.api.errors import error_responses
from motcua.dossiers.domain import IllegalTransition
from motcua.dossiers.queries import officer_agencies
from motcua.dossiers.services.forms import available_forms, form_pdf
from motcua.dossiers.services.lifecycle import describe
from motcua.dossiers.services.reception import (
    ReceptionRefused,
    refuse_dossier,
    request_supplement,
)
from motcua.workflow.queries import dossier_for_staff

from .dossier_io import DossierSerializer, PaperField, text, validated

TAGS = ["dossiers"]
# Roles that act on a dossier; a monitor, clerk or administrator only reads.
ACTING_ROLES = (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER)
# The reception service names the procedure version; clients name a code.
SERVICE_FIELDS = {"procedure_version": "procedure"}


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("The dossier is not in a state for this action.")
    default_code = "conflict"


def refused(error: ReceptionRefused):
    """Answer 400 with the service's messages under the client's field names."""
    errors = {SERVICE_FIELDS.get(k, k): list(v) for k, v in error.errors.items()}
    return Response(
        {
            "detail": _("The request was refused; see the messages per field."),
            "errors": errors,
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


ERRORS = {
    404: gettext_lazy("No dossier with this code in your agencies."),
    409: gettext_lazy(
        "The lifecycle does not allow the action in the dossier's state, "
        "or another officer changed the dossier first."
    ),
}


def _errors(*codes: int) -> dict:
    return error_responses(codes, ERRORS)


CODE_PARAMETER = OpenApiParameter(
    "code",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=gettext_lazy("The dossier code."),
    examples=[
        OpenApiExample("000.00.25.H39-251122-0001", value="000.00.25.H39-251122-0001")
    ],
)


class StaffApi(APIView):
    # Basic first, so that an anonymous client is told to authenticate (401).
    authentication_classes = (BasicAuthentication, SessionAuthentication)
    permission_classes = (IsAuthenticated,)

    def dossier(self, request, code):
        """Return the dossier if the user has a role in its agencies, else 404."""
        dossier = dossier_for_staff(code, request.user)
        if dossier is None:
            raise NotFound(
                _("No dossier with the code %(code)s in your agencies.")
                % {"code": code[:60]}
            )
        return dossier

    def acting_dossier(self, request, code):
        """Return the dossier if the user's role there allows changing it."""
        dossier = self.dossier(request, code)
        agencies = [dossier.receiving_agency_id, dossier.handling_agency_id]
        if not any(
            officer_agencies(request.user, role).filter(pk__in=agencies).exists()
            for role in ACTING_ROLES
        ):
            raise PermissionDenied(
                _("Your role in this dossier's agencies only allows reading it.")
            )
        return dossier

    def answer(self, request, dossier, status_code=status.HTTP_200_OK, *, reload=True):
        """Answer with the dossier, read again after a change (with its relations)."""
        if reload:
            dossier = dossier_for_staff(dossier.code, request.user) or dossier
        data = DossierSerializer(dossier, context={"request": request}).data
        return Response(data, status=status_code)


class DossierDetailApi(StaffApi):
    """One dossier, for the staff of its receiving or handling agency."""

    OutputSerializer = DossierSerializer

    @extend_schema(
        tags=TAGS,
        operation_id="dossiers_retrieve",
        summary=gettext_lazy("Read a dossier"),
        parameters=[CODE_PARAMETER],
        responses={200: OutputSerializer, **_errors(401, 404)},
    )
    def get(self, request, code):
        return self.answer(request, self.dossier(request, code), reload=False)


def _transition(call):
    """Run a transition service; map its refusals to 400 and 409."""
    try:
        call()
    except ReceptionRefused as error:
        return refused(error)
    except IllegalTransition as error:
        raise Conflict(describe(error)) from error
    return None


class DossierSupplementRequestApi(StaffApi):
    """Ask the applicant for missing papers (form 02); the clock stops."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "DossierSupplementRequestInput"

        missing = serializers.ListField(
            child=PaperField(),
            allow_empty=False,
            help_text=gettext_lazy(
                "The missing papers: ids in the procedure's list, or names."
            ),
            error_messages={
                "empty": gettext_lazy("List the papers the applicant must add.")
            },
        )
        note = text(2000)

    OutputSerializer = DossierSerializer

    @extend_schema(
        tags=TAGS,
        operation_id="dossiers_supplement_request",
        summary=gettext_lazy("Request supplementary documents"),
        parameters=[CODE_PARAMETER],
        request=InputSerializer,
        responses={200: OutputSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, code):
        dossier = self.acting_dossier(request, code)
        data = validated(self.InputSerializer, request.data)
        problem = _transition(
            lambda: request_supplement(
                dossier,
                officer=request.user,
                missing=data["missing"],
                note=data["note"],
            )
        )
        return problem or self.answer(request, dossier)


class DossierRefusalApi(StaffApi):
    """Refuse to receive a dossier submitted online (form 03)."""

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "DossierRefusalInput"

        reasons = text(
            4000,
            required=True,
            help_text=gettext_lazy("The reasons, one per line if several."),
        )

    OutputSerializer = DossierSerializer

    @extend_schema(
        tags=TAGS,
        operation_id="dossiers_refusal",
        summary=gettext_lazy("Refuse reception"),
        parameters=[CODE_PARAMETER],
        request=InputSerializer,
        responses={200: OutputSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, code):
        dossier = self.acting_dossier(request, code)
        data = validated(self.InputSerializer, request.data)
        problem = _transition(
            lambda: refuse_dossier(
                dossier, officer=request.user, reasons=data["reasons"]
            )
        )
        return problem or self.answer(request, dossier)


class DossierFormApi(StaffApi):
    """Print one of the dossier's official forms as PDF."""

    def perform_content_negotiation(self, request, force=False):
        # The PDF is written directly; errors are JSON whatever was accepted.
        renderer = JSONRenderer()
        return renderer, renderer.media_type

    @extend_schema(
        tags=TAGS,
        operation_id="dossiers_form",
        summary=gettext_lazy("Print a form of the dossier"),
        parameters=[
            CODE_PARAMETER,
            OpenApiParameter(
                "form",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description=gettext_lazy(
                    "The form's key (receipt, supplement_request, refusal) or its "
                    "number in the dossier's rule set (01, 02, 03)."
                ),
                examples=[
                    OpenApiExample("receipt", value="receipt"),
                    OpenApiExample("01", value="01"),
                ],
            ),
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description=gettext_lazy("The form, A4 PDF.")
            ),
            **_errors(401, 404),
        },
    )
    def get(self, request, code, form):
        dossier = self.dossier(request, code)
        entry = next(
            (f for f in available_forms(dossier) if form in (f["key"], f["number"])),
            None,
        )
        if entry is None:
            raise NotFound(
                _("Form “%(form)s” cannot be printed for dossier %(code)s.")
                % {"form": form[:40], "code": dossier.code}
            )
        response = HttpResponse(
            form_pdf(dossier, entry["key"]), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'inline; filename="{dossier.code}-mau-{entry["number"]}.pdf"'
        )
        return response
