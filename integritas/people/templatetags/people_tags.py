"""Template filters for people: the NIP as printed on government documents."""

from django import template

from integritas.people import nip

register = template.Library()


@register.filter
def format_nip(value: str) -> str:
    return nip.format_nip(value or "")
