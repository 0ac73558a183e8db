from django import template

from integritas.core.money import rupiah as format_rupiah

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """`Rp1.500.000` in every language (CONVENTIONS.md)."""
    return format_rupiah(int(value or 0))
