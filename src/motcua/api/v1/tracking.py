"""Public tracking of a dossier by its code, as JSON (tra cứu hồ sơ).

The same facts as the tracking page and nothing personal but a masked
name. Codes must not be guessable by trying many: a client whose lookups
miss too often gets 429 for every lookup until its window has passed.
"""

import math

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.response import Response

from motcua.api.errors import ErrorSerializer, bad_request, not_found
from motcua.core.ratelimit import client_ip, tracking_misses
from motcua.dossiers.domain import Status, parse_dossier_code
from motcua.dossiers.queries import public_tracking

from .common import PublicApi

TAGS = ["tracking"]
EXAMPLE_CODE = "000.00.25.H39-251122-0001"
# Finished without a result: lateness no longer means anything.


class TooManyMisses(APIException):
    """429 with Retry-After (DRF's handler sends ``wait`` as that header).

    DRF's own ``Throttled`` appends an English sentence to the message.
    """

    status_code = 429
    default_code = "throttled"

    def __init__(self, detail: str, wait: int) -> None:
        super().__init__(detail)
        self.wait = wait


class TimelineStepSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    label = serializers.CharField()

    class Meta:
        ref_name = "TrackingStep"


class TrackingProcedureSerializer(serializers.Serializer):
    code = serializers.CharField(source="procedure_code")
    name = serializers.CharField(source="procedure_name")


class TrackingAgencySerializer(serializers.Serializer):
    code = serializers.CharField(source="agency_code")
    name = serializers.CharField(source="agency_name")


def malformed(code: str) -> str:
    return _(
        "“%(code)s” is not a dossier code. A dossier code is the identifier "
        "of the receiving agency, the date of reception (year, month, day) "
        "and a number, separated by hyphens, for example %(example)s."
    ) % {"code": code[:60], "example": EXAMPLE_CODE}


class TrackingDetailApi(PublicApi):
    """The public progress of one dossier."""

    class OutputSerializer(serializers.Serializer):
        code = serializers.CharField()
        status = serializers.ChoiceField(choices=[s.value for s in Status])
        status_code = serializers.IntegerField(
            source="national_code",
            help_text=gettext_lazy("The national portal's status number, 1 to 10."),
        )
        status_label = serializers.CharField()
        procedure = TrackingProcedureSerializer(source="*")
        received_at = serializers.DateTimeField(allow_null=True)
        due_at = serializers.DateTimeField(
            allow_null=True,
            help_text=gettext_lazy(
                "The appointment for the result; null while the time limit is "
                "paused or before reception."
            ),
        )
        resolved_at = serializers.DateTimeField(allow_null=True)
        late = serializers.SerializerMethodField(
            help_text=gettext_lazy(
                "Whether the dossier is, or was resolved, past its due time; "
                "null when there is no due time or processing ended without a "
                "result."
            )
        )
        agency = TrackingAgencySerializer(
            source="*", help_text=gettext_lazy("The agency handling the dossier.")
        )
        applicant_name = serializers.CharField(
            source="applicant_masked",
            help_text=gettext_lazy("Masked: “N*** V** A” for Nguyễn Văn An."),
        )
        timeline = TimelineStepSerializer(many=True)

        class Meta:
            ref_name = "Tracking"

        def get_late(self, view) -> bool | None:
            return view.late(timezone.now())

    @extend_schema(
        tags=TAGS,
        operation_id="tracking_retrieve",
        summary=gettext_lazy("Track a dossier"),
        description=gettext_lazy(
            "The progress of a dossier for anyone holding its code: status, "
            "dates, the agency handling it and the public steps. Nothing "
            "personal is shown but the applicant's masked name. After 10 "
            "lookups of unknown or malformed codes in 10 minutes a client gets "
            "429 for every lookup until the window has passed."
        ),
        parameters=[
            OpenApiParameter(
                "code",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description=gettext_lazy(
                    "The dossier code printed on the receipt; case and blanks "
                    "around it are ignored."
                ),
                examples=[OpenApiExample(EXAMPLE_CODE, value=EXAMPLE_CODE)],
            )
        ],
        responses={
            200: OutputSerializer,
            400: bad_request(
                "code",
                "“abc” không phải là mã hồ sơ. Mã hồ sơ gồm mã định danh của cơ "
                "quan tiếp nhận, ngày tiếp nhận (năm, tháng, ngày) và số thứ tự, "
                "cách nhau bởi dấu gạch ngang, ví dụ 000.00.25.H39-251122-0001.",
            ),
            404: not_found(
                gettext_lazy("No dossier has this code."),
                "Không tìm thấy hồ sơ có mã 000.00.25.H39-251122-0999.",
            ),
            429: OpenApiResponse(
                ErrorSerializer,
                description=gettext_lazy(
                    "Too many misses from this client; Retry-After gives the "
                    "seconds to wait."
                ),
                examples=[
                    OpenApiExample(
                        "Too many misses",
                        value={
                            "detail": "Có quá nhiều lượt tra cứu mã hồ sơ không "
                            "tồn tại từ kết nối của bạn. Thử lại sau 10 phút."
                        },
                        response_only=True,
                        status_codes=["429"],
                    )
                ],
            ),
        },
    )
    def get(self, request, code):
        limit = tracking_misses()
        client = client_ip(request)
        wait = limit.retry_after(client)
        if wait is not None:
            minutes = math.ceil(wait / 60)
            raise TooManyMisses(
                ngettext(
                    "Too many lookups of codes that do not exist were made from "
                    "your connection. Try again in %(minutes)s minute.",
                    "Too many lookups of codes that do not exist were made from "
                    "your connection. Try again in %(minutes)s minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                wait,
            )
        parsed = parse_dossier_code(code)
        if parsed is None:
            limit.record_miss(client)
            raise ValidationError({"code": [malformed(code)]})
        view = public_tracking(str(parsed))
        if view is None:
            limit.record_miss(client)
            raise NotFound(
                _("No dossier was found with the code %(code)s.")
                % {"code": str(parsed)}
            )
        return Response(self.OutputSerializer(view).data)
