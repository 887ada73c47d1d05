from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .domain import Satisfaction, Step

STEP_LABELS = {
    Step.ELIGIBILITY: _("Eligibility"),
    Step.FORM: pgettext_lazy("filing step", "Declaration"),
    Step.DOCUMENTS: pgettext_lazy("filing step", "Documents"),
    Step.DELIVERY: _("Receiving the result"),
    Step.PAYMENT: _("Fees and charges"),
    Step.REVIEW: _("Review and submit"),
}

SATISFACTION_LABELS = {
    Satisfaction.VERY_SATISFIED: _("Very satisfied"),
    Satisfaction.SATISFIED: _("Satisfied"),
    Satisfaction.DISSATISFIED: _("Dissatisfied"),
}
