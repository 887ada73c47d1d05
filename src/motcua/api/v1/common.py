"""Parsing shared by the v1 endpoints: query parameters, dates and codes."""

import re
from collections.abc import Callable
from datetime import date
from urllib.parse import urlencode

from django.core.validators import ProhibitNullCharactersValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from motcua.api.pagination import PageNumberPagination

# Procedure codes (1.001193), unit codes (80001) and agency identifiers
# (000.00.02.H39). Anything else cannot name a row, so it is a 404 before
# the database sees it (PostgreSQL refuses NUL bytes with an error).
_CODE = re.compile(r"^[0-9A-Za-z._-]{1,40}$")

SEARCH_MAX_LENGTH = 200


class QueryTextField(serializers.CharField):
    """A query-string value, with messages the API's catalog translates."""

    default_error_messages = {
        "max_length": _("Enter at most {max_length} characters."),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            ProhibitNullCharactersValidator(
                message=_("Remove the null characters from this value.")
            )
            if isinstance(validator, ProhibitNullCharactersValidator)
            else validator
            for validator in self.validators
        ]


def search_field() -> serializers.CharField:
    return QueryTextField(
        required=False,
        allow_blank=True,
        max_length=SEARCH_MAX_LENGTH,
        help_text=_(
            "Words to look for in the code or name. Case and diacritics are "
            "ignored and each word matches the start of a word: "
            "“dang ky khai sinh” finds “Đăng ký khai sinh”."
        ),
    )


def code_field(help_text) -> serializers.CharField:
    return QueryTextField(
        required=False, allow_blank=True, max_length=40, help_text=help_text
    )


def on_field() -> serializers.DateField:
    return serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=_("The date the catalog is read on, as YYYY-MM-DD; today if absent."),
        error_messages={
            "invalid": _("Enter a real date as YYYY-MM-DD, for example 2025-12-31.")
        },
    )


class PublicApi(APIView):
    """An endpoint of the public catalog: anyone may read it, unauthenticated."""

    authentication_classes = ()
    permission_classes = ()


class PublicListApi(PublicApi):
    """A public endpoint that answers one page of ``OutputSerializer`` rows."""

    pagination_class = PageNumberPagination

    def paginated_response(self, request, rows):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        data = self.OutputSerializer(page, many=True, context={"request": request})
        return paginator.get_paginated_response(data.data)


def known_code(value: str, exists: Callable[[str], bool], message: str) -> str:
    """Refuse a filter code that names no row; ``message`` has a %(code)s."""
    if value and not exists(value):
        raise serializers.ValidationError(message % {"code": value})
    return value


def read_query(serializer_class, request) -> dict:
    """Validate the query string with ``serializer_class``; 400 if it is wrong."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def on_date(params: dict) -> date:
    return params.get("on") or timezone.localdate()


def display_date(value: date) -> str:
    return date_format(value, "d/m/Y")


def require_code(code: str, message) -> None:
    """Answer 404 for a path code that cannot exist."""
    if not _CODE.match(code):
        raise NotFound(message)


def found_or_404(row, message):
    """Return ``row``, or answer 404 with ``message`` when there is none."""
    if row is None:
        raise NotFound(message)
    return row


def absolute_url(request, viewname: str, code: str) -> str:
    return request.build_absolute_uri(reverse(viewname, args=[code]))


@extend_schema_field(OpenApiTypes.URI)
class DetailUrlField(serializers.Field):
    """The absolute address of a row's detail endpoint, named by its code."""

    def __init__(self, viewname: str, **kwargs):
        self.viewname = viewname
        super().__init__(source="code", read_only=True, **kwargs)

    def to_representation(self, code):
        return absolute_url(self.context["request"], self.viewname, code)


def list_url(request, viewname: str, **query: str) -> str:
    """Return the absolute URL of a list endpoint filtered by ``query``."""
    return request.build_absolute_uri(reverse(viewname) + "?" + urlencode(query))


def path_code(name: str, description, example: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        description=description,
        pattern=_CODE.pattern,
        examples=[OpenApiExample(example, value=example)],
    )
