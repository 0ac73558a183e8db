"""Template filters of the risk pages."""

from django import template

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """Whole rupiah as written in Indonesian documents, in either language: `Rp1.500.000`."""
    if value in (None, ""):
        return "—"
    return "Rp" + f"{int(value):,}".replace(",", ".")
