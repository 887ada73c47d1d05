from django.core.exceptions import ValidationError


class WorkflowError(ValidationError):
    """An action refused: the message is translated and shown to the officer."""
