"""Formatting for the back office: money the way Vietnamese forms print it."""

from django import template

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """Format an amount of đồng with dots between thousands: 200.000 đ."""
    if amount in (None, ""):
        return ""
    return f"{int(amount):,} đ".replace(",", ".")
