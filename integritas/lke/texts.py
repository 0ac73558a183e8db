"""Labels of the LKE's fixed vocabulary, for pages and exports."""

from django.utils.translation import gettext_lazy as _

ANSWER_TYPE_LABELS = {
    "ya_tidak": _("Ya/Tidak"),
    "abc": "A/B/C",
    "abcd": "A/B/C/D",
    "abcde": "A/B/C/D/E",
    "persen": _("Percentage (0–100)"),
    "jumlah": _("Number (input, not scored)"),
    "indeks": _("Survey index (0–4)"),
}

