"""Money as Indonesian documents write it, in either UI language (CONVENTIONS.md)."""


def rupiah(value: int) -> str:
    """`Rp1.500.000`: dots for thousands, no decimals."""
    sign = "-" if value < 0 else ""
    return f"{sign}Rp{abs(value):,}".replace(",", ".")
