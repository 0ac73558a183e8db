from django import template

register = template.Library()


@register.filter
def minutes(delta) -> int:
    """Whole minutes of a timedelta, rounded up (the lockout page says how long to wait)."""
    return -(-int(delta.total_seconds()) // 60)
