"""One JSON error shape for the whole API.

Every error has a human ``detail`` in the client's language (Vietnamese
unless it sends ``Accept-Language: en``); a bad request also has
``errors``, which maps each offending parameter to its messages, so that a
client can point at the field it got wrong.
"""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD_ERRORS = "non_field_errors"


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, ValidationError):
        errors = data if isinstance(data, dict) else {NON_FIELD_ERRORS: data}
        response.data = {"detail": _("Invalid request."), "errors": errors}
    elif isinstance(data, dict) and "detail" in data:
        response.data = {"detail": data["detail"]}
    else:
        response.data = {"detail": _("Invalid request."), "errors": data}
    return response


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, for a person."))


class BadRequestSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Messages per query parameter that was refused."),
    )


def not_found(description, example: str) -> OpenApiResponse:
    """Document a 404; ``example`` is a ``detail`` as a Vietnamese client sees it."""
    return OpenApiResponse(
        response=ErrorSerializer,
        description=description,
        examples=[
            OpenApiExample(
                "Not found",
                value={"detail": example},
                response_only=True,
                status_codes=["404"],
            )
        ],
    )


def bad_request(parameter: str, example: str) -> OpenApiResponse:
    """Document a 400 with an example of ``parameter`` refused with ``example``."""
    return OpenApiResponse(
        response=BadRequestSerializer,
        description=_("A query parameter was refused; `errors` names it."),
        examples=[
            OpenApiExample(
                "Bad parameter",
                value={
                    "detail": "Yêu cầu không hợp lệ.",
                    "errors": {parameter: [example]},
                },
                response_only=True,
                status_codes=["400"],
            )
        ],
    )


STANDARD_ERRORS = {
    400: _("Refused input; messages per field."),
    401: _("Not authenticated."),
    403: _("Your role does not allow this action."),
}


def error_responses(codes, described: dict) -> dict:
    """Document the error answers ``codes`` of an endpoint.

    ``described`` gives this API's own wording by status (what a 404 or a
    409 means here); 400, 401 and 403 default to the standard wording.
    """
    descriptions = {**STANDARD_ERRORS, **described}
    return {
        code: OpenApiResponse(
            BadRequestSerializer if code == 400 else ErrorSerializer,
            description=descriptions[code],
        )
        for code in codes
    }
