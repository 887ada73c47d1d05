from django import template

from motcua.payments.labels import event_label, state_label

register = template.Library()


@register.filter
def payment_event(kind) -> str:
    """Name a payment event's kind ("paid" → "Đã thanh toán")."""
    return event_label(str(kind))


@register.filter
def payment_state(state) -> str:
    """Name a payment state."""
    return state_label(str(state))
