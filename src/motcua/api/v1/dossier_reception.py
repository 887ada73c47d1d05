"""Reception of a complete dossier at the one-stop desk (POST /dossiers).

The desk officer names the receiving agency and the procedure; the
reception service numbers the dossier and computes its appointment. Shared
staff plumbing (authentication, answers, error documentation) lives in
dossiers.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from motcua.accounts.domain import Role
from motcua.accounts.queries import agency_detail
from motcua.catalog.queries import procedure_in_force
from motcua.dossiers.queries import officer_agencies
from motcua.dossiers.services.reception import (
    ApplicantData,
    DeliveryData,
    DocumentReceipt,
    FileUpload,
    ReceptionRefused,
    SubmitterData,
)
from motcua.workflow import services

from .dossier_io import (
    ApplicantInputSerializer,
    DeliveryInputSerializer,
    DocumentInputSerializer,
    DossierSerializer,
    SubmitterInputSerializer,
    json_data,
    text,
    uploaded_files,
    validated,
)
from .dossiers import TAGS, StaffApi, _errors, refused


class DossierCreateApi(StaffApi):
    """Receive a complete dossier at the one-stop desk."""

    parser_classes = (JSONParser, MultiPartParser)

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "DossierReceptionInput"

        agency = text(
            40,
            required=True,
            help_text=gettext_lazy(
                "Identifier of the receiving agency, where the user is a desk officer."
            ),
        )
        procedure = text(
            40,
            required=True,
            help_text=gettext_lazy("Code of the procedure, e.g. 1.001193."),
        )
        handling_agency = text(
            40,
            help_text=gettext_lazy(
                "Identifier of the agency competent to decide, when a service "
                "centre or a boundary-free desk receives for another agency; "
                "if empty, the only competent agency."
            ),
        )
        channel = serializers.ChoiceField(choices=["desk", "postal"], default="desk")
        applicant = ApplicantInputSerializer()
        submitter = SubmitterInputSerializer(
            required=False,
            allow_null=True,
            default=None,
            help_text=gettext_lazy("The authorised person, if not the applicant."),
        )
        documents = DocumentInputSerializer(many=True)
        delivery = DeliveryInputSerializer(required=False)
        sets = serializers.IntegerField(min_value=1, max_value=99, default=1)
        fee_paid = serializers.IntegerField(min_value=0, default=0)
        note = text(2000)
        file_documents = serializers.ListField(
            child=serializers.IntegerField(allow_null=True, min_value=0),
            required=False,
            default=list,
            help_text=gettext_lazy(
                "For each uploaded file, in order, the position in `documents` "
                "of the paper it digitises (null: none)."
            ),
        )

    class MultipartSerializer(serializers.Serializer):
        class Meta:
            ref_name = "DossierReceptionMultipart"

        data = serializers.CharField(
            help_text=gettext_lazy(
                "The dossier as JSON, in the shape of the JSON body."
            )
        )
        files = serializers.ListField(
            child=serializers.FileField(),
            required=False,
            help_text=gettext_lazy("PDF, JPEG or PNG files."),
        )

    OutputSerializer = DossierSerializer

    @extend_schema(
        tags=TAGS,
        operation_id="dossiers_create",
        summary=gettext_lazy("Receive a dossier at the desk"),
        description=gettext_lazy(
            "Receives a complete, valid dossier: numbers it, computes the "
            "appointment from the legal clock and answers with links to its "
            "forms. Send JSON, or multipart with the JSON in `data` and the "
            "scanned papers in `files`."
        ),
        request={
            "application/json": InputSerializer,
            "multipart/form-data": MultipartSerializer,
        },
        responses={201: OutputSerializer, **_errors(400, 401, 403)},
    )
    def post(self, request):
        data = validated(self.InputSerializer, json_data(request))
        kwargs = self.reception_kwargs(request, data)
        if isinstance(kwargs, Response):
            return kwargs
        try:
            dossier = services.receive(**kwargs)
        except ReceptionRefused as error:
            return refused(error)
        except DjangoValidationError as error:
            return refused(ReceptionRefused({"non_field_errors": error.messages}))
        return self.answer(request, dossier, status.HTTP_201_CREATED)

    def reception_kwargs(self, request, data):
        """Return the reception services' arguments, or a 400 answer."""
        agency = self._receiving_agency(request.user, data["agency"])
        version = procedure_in_force(data["procedure"], on=timezone.localdate())
        handling = None
        problems = {}
        if data["handling_agency"]:
            handling = agency_detail(data["handling_agency"])
            if handling is None:
                problems["handling_agency"] = [
                    _("There is no agency with identifier %(code)s.")
                    % {"code": data["handling_agency"]}
                ]
        if version is None:
            problems["procedure"] = [
                _("No procedure with the code %(code)s is in force.")
                % {"code": data["procedure"]}
            ]
        if problems:
            return refused(ReceptionRefused(problems))
        files = uploaded_files(request)
        positions = data["file_documents"]
        kwargs = {
            "officer": request.user,
            "agency": agency,
            "procedure_version": version,
            "channel_code": data["channel"],
            "applicant": ApplicantData(**data["applicant"]),
            "submitter": SubmitterData(**data["submitter"])
            if data["submitter"]
            else None,
            "documents": [
                DocumentReceipt(
                    required_document_id=row["required_document"],
                    name=row["name"],
                    originals=row["originals"],
                    copies=row["copies"],
                    received=row["received"],
                    note=row["note"],
                )
                for row in data["documents"]
            ],
            "files": [
                FileUpload(upload, positions[index] if index < len(positions) else None)
                for index, upload in enumerate(files)
            ],
            "delivery": DeliveryData(**data.get("delivery", {})),
            "sets": data["sets"],
            "fee_paid": data["fee_paid"],
            "note": data["note"],
        }
        if handling is not None:
            kwargs["handling_agency"] = handling
        return kwargs

    def _receiving_agency(self, user, code):
        agency = officer_agencies(user, Role.DESK_OFFICER).filter(code=code).first()
        if agency is not None:
            return agency
        if agency_detail(code) is not None:
            raise PermissionDenied(_("You are not a desk officer of this agency."))
        raise serializers.ValidationError(
            {
                "agency": [
                    _("There is no agency with identifier %(code)s.") % {"code": code}
                ]
            }
        )
