"""`{{ amount|rupiah }}`: `Rp1.500.000`, or a dash when there is no amount."""

from django import template

from integritas.core.money import rupiah as format_rupiah

register = template.Library()


@register.filter
def rupiah(value) -> str:
    if value in (None, ""):
        return "—"
    return format_rupiah(int(value))
