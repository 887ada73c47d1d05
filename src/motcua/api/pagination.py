"""Page-number pagination that refuses bad parameters instead of guessing.

DRF's default silently falls back to the default page size when
``page_size`` is not a number, so a client never learns it sent nonsense.
Here a bad ``page`` or ``page_size`` is a 400 that names the parameter; a
page past the end stays DRF's 404.
"""

from django.utils.translation import gettext_lazy as _

from rest_framework import pagination
from rest_framework.exceptions import ValidationError


def _positive_int(raw: str, *, name: str, maximum: int | None = None) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError({name: [_("Enter a whole number.")]}) from None
    if value < 1:
        raise ValidationError({name: [_("Enter a number greater than zero.")]})
    if maximum is not None and value > maximum:
        raise ValidationError(
            {name: [_("Enter a number no greater than %(max)d.") % {"max": maximum}]}
        )
    return value


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    # DRF fills this in with str.format.
    invalid_page_message = _("There is no page {page_number}.")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        return _positive_int(
            raw, name=self.page_size_query_param, maximum=self.max_page_size
        )

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None or raw == "" or raw in self.last_page_strings:
            return super().get_page_number(request, paginator)
        return _positive_int(raw, name=self.page_query_param)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
            elif parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "default": 1}
        return parameters
