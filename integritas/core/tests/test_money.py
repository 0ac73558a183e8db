"""Money is written `Rp1.500.000` in both UI languages (CONVENTIONS.md)."""

from django.template import Context, Template
from django.utils import translation

from integritas.core.money import rupiah


def test_rupiah_uses_dots_for_thousands_and_keeps_the_sign():
    assert rupiah(1_500_000) == "Rp1.500.000"
    assert rupiah(-900) == "-Rp900"


def test_rupiah_filter_writes_the_same_in_english_and_a_dash_for_no_amount():
    template = Template("{% load money %}{{ a|rupiah }} {{ b|rupiah }}")
    with translation.override("en"):
        assert template.render(Context({"a": 19_400_000, "b": None})) == "Rp19.400.000 —"
