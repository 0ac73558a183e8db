"""Template filters of the ZI pages."""

from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """`{{ names|lookup:area }}`: a dictionary entry by a variable key."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V", "6": "VI"}


@register.filter
def roman(area):
    """An area of change as the LKE numbers it: 5 → V."""
    return ROMAN.get(str(area), str(area))

