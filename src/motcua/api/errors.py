"""One JSON error shape for the whole API: ``{"detail": ..., "errors": {...}}``."""

from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data and len(data) == 1:
        response.data = {"detail": data["detail"]}
    else:
        response.data = {"detail": "Invalid request.", "errors": data}
    return response
