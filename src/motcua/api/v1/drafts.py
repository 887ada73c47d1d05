"""The signed-in citizen's online drafts (hồ sơ lưu tạm) and their submission.

The same services as the portal's filing pages (``filing.services``), so the
API refuses what the pages refuse, with the same messages. Only a citizen
signed in on the portal reaches it (session cookie; the CSRF token for
writes); an officer or an anonymous client is refused, and another
citizen's draft is not found (404).
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.models import Agency
from motcua.api.errors import BadRequestSerializer, ErrorSerializer
from motcua.catalog.queries import procedure_in_force
from motcua.filing.domain import Step, may_open
from motcua.filing.services import FilingError, fees_to_pay, submit
from motcua.filing.services import drafts as services

from .draft_io import (
    CreateSerializer,
    DraftFileSerializer,
    DraftPaymentUrlSerializer,
    DraftRowSerializer,
    DraftSerializer,
    FileSerializer,
    PatchSerializer,
    SubmittedSerializer,
    detail,
)

TAGS = ["me"]


class IsFilingCitizen(BasePermission):
    """A signed-in person with a citizen profile, and not an officer."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            raise NotAuthenticated(_("Sign in on the portal first."))
        if services.citizen_profile(user) is None:
            raise PermissionDenied(
                _("Only citizens file online; officers use the back office.")
            )
        return True


class CitizenApi(APIView):
    authentication_classes = (SessionAuthentication,)
    permission_classes = (IsFilingCitizen,)

    def draft(self, request, public_id):
        draft = services.draft_of(request.user, public_id)
        if draft is None:
            raise NotFound(_("You have no draft with this identifier."))
        return draft


def refused(error: FilingError) -> Response:
    return Response(
        {"detail": _("Invalid request."), "errors": error.errors},
        status=status.HTTP_400_BAD_REQUEST,
    )


REFUSED = OpenApiResponse(
    ErrorSerializer, description=gettext_lazy("Not signed in as a citizen.")
)
MISSING = OpenApiResponse(
    ErrorSerializer, description=gettext_lazy("No draft of yours has this id.")
)


# -- endpoints -----------------------------------------------------------------


class DraftListApi(CitizenApi):
    @extend_schema(
        tags=TAGS,
        operation_id="me_drafts_list",
        summary=gettext_lazy("List my drafts"),
        responses={200: DraftRowSerializer(many=True), 403: REFUSED},
    )
    def get(self, request):
        rows = services.drafts_of(request.user)
        return Response(DraftRowSerializer(rows, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="me_drafts_create",
        summary=gettext_lazy("Start (or resume) filing a procedure online"),
        request=CreateSerializer,
        responses={201: DraftSerializer, 400: BadRequestSerializer, 403: REFUSED},
    )
    def post(self, request):
        data = CreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        code = data.validated_data["procedure"]
        version = procedure_in_force(code, on=timezone.localdate())
        if version is None:
            raise serializers.ValidationError(
                {
                    "procedure": [
                        _("No procedure %(code)s is in force.") % {"code": code}
                    ]
                }
            )
        owner = services.acting_owner(request.user, request.session)
        try:
            draft = services.start_draft(request.user, owner=owner, version=version)
            agency = data.validated_data.get("agency")
            if agency:
                _choose_agency(draft, agency)
        except FilingError as error:
            return refused(error)
        return Response(detail(draft), status=status.HTTP_201_CREATED)


def _choose_agency(draft, code: str) -> None:
    agency = Agency.objects.filter(code=code).first()
    if agency is None or agency not in services.receiving_agencies(
        draft.procedure_version
    ):
        raise FilingError.one(
            _("This agency does not receive this procedure."), "agency"
        )
    draft.agency = agency
    draft.save(update_fields=["agency", "updated_at"])


def _reached(draft, step: Step, field: str) -> None:
    if not may_open(draft.step, step):
        raise FilingError.one(_("Complete the earlier steps first."), field)


class DraftDetailApi(CitizenApi):
    @extend_schema(
        tags=TAGS,
        operation_id="me_drafts_retrieve",
        summary=gettext_lazy("Read my draft"),
        responses={200: DraftSerializer, 403: REFUSED, 404: MISSING},
    )
    def get(self, request, public_id):
        return Response(detail(self.draft(request, public_id)))

    @extend_schema(
        tags=TAGS,
        operation_id="me_drafts_partial_update",
        summary=gettext_lazy("Fill the steps of my draft"),
        description=gettext_lazy(
            "Each part completes its step when its checks pass, in order: "
            "agency and eligibility, form_data (with corrected: the prefilled "
            "fields changed), documents_complete, delivery, fee_exemption and "
            "pay_at_desk. A refused part answers 400 with messages per field; "
            "what was sent is kept."
        ),
        request=PatchSerializer,
        responses={
            200: DraftSerializer,
            400: BadRequestSerializer,
            403: REFUSED,
            404: MISSING,
        },
    )
    def patch(self, request, public_id):
        draft = self.draft(request, public_id)
        data = PatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            self._apply(request, draft, values)
        except FilingError as error:
            return refused(error)
        return Response(detail(draft))

    def _apply(self, request, draft, values) -> None:
        if values.get("agency"):
            _choose_agency(draft, values["agency"])
        if "eligibility" in values:
            services.answer_eligibility(
                draft, agency=None, answers=values["eligibility"]
            )
        if "form_data" in values:
            _reached(draft, Step.FORM, "form_data")
            errors = services.save_form(
                draft, values["form_data"], corrected=values.get("corrected", [])
            )
            if errors:
                raise FilingError({"form_data": _flat(errors)})
        if values.get("documents_complete"):
            _reached(draft, Step.DOCUMENTS, "documents_complete")
            services.complete_documents(draft)
        if "delivery_method" in values:
            _reached(draft, Step.DELIVERY, "delivery_method")
            services.save_delivery(
                draft,
                method=values["delivery_method"],
                address=values.get("delivery_address", ""),
            )
        if "fee_exemption" in values or "pay_at_desk" in values:
            _reached(draft, Step.PAYMENT, "pay_at_desk")
            services.save_payment_choice(
                draft,
                exemption=values.get("fee_exemption", draft.fee_exemption),
                pay_at_desk=values.get("pay_at_desk", draft.pay_at_desk),
            )

    @extend_schema(
        tags=TAGS,
        operation_id="me_drafts_destroy",
        summary=gettext_lazy("Delete my draft"),
        responses={204: None, 403: REFUSED, 404: MISSING},
    )
    def delete(self, request, public_id):
        services.delete_draft(self.draft(request, public_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _flat(errors: dict[str, list[str]]) -> list[str]:
    return [
        f"{key}: {m}" if key != "__all__" else m
        for key, ms in errors.items()
        for m in ms
    ]


class DraftFilesApi(CitizenApi):
    parser_classes = (MultiPartParser, FormParser, JSONParser)

    @extend_schema(
        tags=TAGS,
        operation_id="me_drafts_files_create",
        summary=gettext_lazy("Attach a file, or reuse a document held"),
        description=gettext_lazy(
            "Multipart with document and file (PDF, JPEG or PNG, checked from "
            "the content), or document and reuse (a token from reuse_offers)."
        ),
        request={
            "multipart/form-data": FileSerializer,
            "application/json": FileSerializer,
        },
        responses={
            201: DraftFileSerializer,
            400: BadRequestSerializer,
            403: REFUSED,
            404: MISSING,
        },
    )
    def post(self, request, public_id):
        draft = self.draft(request, public_id)
        data = FileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            _reached(draft, Step.DOCUMENTS, "document")
            if values.get("file") is not None:
                item = services.attach_upload(
                    draft, document_id=values["document"], upload=values["file"]
                )
            elif values.get("reuse"):
                item = services.attach_reuse(
                    draft, document_id=values["document"], offer=values["reuse"]
                )
            else:
                raise FilingError.one(_("Send a file or a document to reuse."), "file")
        except FilingError as error:
            return refused(error)
        return Response(DraftFileSerializer(item).data, status=status.HTTP_201_CREATED)


class DraftFileApi(CitizenApi):
    @extend_schema(
        tags=TAGS,
        operation_id="me_drafts_files_destroy",
        summary=gettext_lazy("Remove a file from my draft"),
        responses={204: None, 403: REFUSED, 404: MISSING},
    )
    def delete(self, request, public_id, file_id):
        draft = self.draft(request, public_id)
        get_object_or_404(draft.files, pk=file_id)
        services.remove_file(draft, file_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DraftSubmitApi(CitizenApi):
    @extend_schema(
        tags=TAGS,
        operation_id="me_drafts_submit",
        summary=gettext_lazy("Submit my draft"),
        description=gettext_lazy(
            "Checks everything again and creates the dossier (status 1, new); "
            "the agency answers within 8 working hours (reception_due_at). "
            "Refusals come by step: eligibility, form, documents, delivery, "
            "payment or __all__."
        ),
        request=None,
        responses={
            201: SubmittedSerializer,
            400: BadRequestSerializer,
            403: REFUSED,
            404: MISSING,
        },
    )
    def post(self, request, public_id):
        draft = self.draft(request, public_id)
        try:
            dossier = submit(draft, user=request.user)
        except FilingError as error:
            return refused(error)
        return Response(
            SubmittedSerializer(
                {
                    "code": dossier.code,
                    "status": dossier.status,
                    "reception_due_at": dossier.reception_due_at,
                    "receipt": request.build_absolute_uri(
                        reverse("portal:filing_receipt", args=[dossier.code])
                    ),
                }
            ).data,
            status=status.HTTP_201_CREATED,
        )


class DraftPaymentApi(CitizenApi):
    @extend_schema(
        tags=TAGS,
        operation_id="me_drafts_payment",
        summary=gettext_lazy("Pay my draft's fees online before submitting"),
        description=gettext_lazy(
            "Starts a VNPay payment of what the draft still owes (fees unless an "
            "exemption is claimed, plus postage) and answers the gateway's address; "
            "VNPay's IPN confirms it and submission moves it to the dossier. "
            "409 when nothing is owed."
        ),
        request=None,
        responses={
            201: DraftPaymentUrlSerializer,
            400: BadRequestSerializer,
            403: REFUSED,
            404: MISSING,
            409: ErrorSerializer,
        },
    )
    def post(self, request, public_id):
        from motcua.core.ratelimit import client_ip
        from motcua.payments.services import PaymentError, start_online_payment

        draft = self.draft(request, public_id)
        try:
            _reached(draft, Step.PAYMENT, "payment")
        except FilingError as error:
            return refused(error)
        owed = fees_to_pay(draft).to_pay
        if not owed:
            return Response(
                {"detail": _("Nothing is owed for this draft.")},
                status=status.HTTP_409_CONFLICT,
            )
        try:
            url = start_online_payment(
                None,
                owed,
                draft=draft,
                # The portal's return page, never an address the client chooses.
                return_url=request.build_absolute_uri(reverse("portal:vnpay_return")),
                ip=client_ip(request),
            )
        except PaymentError as error:
            return Response(
                {"detail": str(error), "errors": {"__all__": [str(error)]}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {"payment_url": url, "amount": owed}, status=status.HTTP_201_CREATED
        )
