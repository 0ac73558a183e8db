
"""The reportability hint on both sides of every limit, across the 20 January 2026 change."""

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integritas.core.money import rupiah
from integritas.gratification import selectors
from integritas.gratification.rules import Gift, Hint, assess, parse_rupiah

BEFORE = dt.date(2026, 1, 19)  # the last day of Peraturan KPK 2/2019's limits
SINCE = dt.date(2026, 1, 20)  # Peraturan KPK 1/2026 in force


@pytest.fixture(autouse=True)
def _english():
    """Explanations are rendered when computed, in the active language; these read English."""
    with translation.override("en"):
        yield


def hint(day, **gift):
    values = {"relation": "service_user", "occasion": "none", "form": "goods", "value": 1}
    values.update(gift)
    return assess(selectors.rules_on(day), Gift(**values))


@pytest.mark.parametrize("day, limit", [(BEFORE, 1_000_000), (SINCE, 1_500_000)])
@pytest.mark.parametrize("occasion", ["wedding", "birth", "ceremony"])
def test_ceremony_gift_is_exempt_up_to_the_limit_in_force_and_reportable_above(
        libraries, day, limit, occasion):
    at_limit = hint(day, occasion=occasion, form="money", value=limit)
    above = hint(day, occasion=occasion, form="money", value=limit + 1)
    assert (at_limit.code, at_limit.letter, at_limit.limit) == (Hint.EXEMPT, "l", limit)
    assert (above.code, above.letter) == (Hint.REPORT, "l")


def test_wedding_gift_of_rp1_2_million_changed_from_reportable_to_exempt_on_20_january(
        libraries):
    assert hint(BEFORE, occasion="wedding", form="money", value=1_200_000).code == Hint.REPORT
    assert hint(SINCE, occasion="wedding", form="money", value=1_200_000).code == Hint.EXEMPT


def test_hint_explains_the_point_and_the_figures(libraries):
    result = hint(SINCE, occasion="wedding", form="money", value=900_000)
    assert result.explanation == ("Exempt under point l: Wedding or engagement, Rp900.000 ≤ "
                                  "Rp1.500.000 per giver.")
    assert result.regulation == "Peraturan KPK 1/2026"
    over = hint(BEFORE, occasion="wedding", form="money", value=1_200_000)
    assert over.explanation == ("Must be reported: Wedding or engagement above the limit of "
                                "point l, Rp1.200.000 > Rp1.000.000 per giver.")


@pytest.mark.parametrize("day", [BEFORE, SINCE])
@pytest.mark.parametrize("occasion", ["bereavement", "disaster"])
def test_misfortune_gift_limit_stays_one_million(libraries, day, occasion):
    assert hint(day, occasion=occasion, value=1_000_000).code == Hint.EXEMPT
    assert hint(day, occasion=occasion, value=1_000_001).code == Hint.REPORT


@pytest.mark.parametrize("day, per_giver", [(BEFORE, 200_000), (SINCE, 500_000)])
def test_colleague_non_cash_gift_per_giver_limit(libraries, day, per_giver):
    exempt = hint(day, relation="colleague", value=per_giver)
    assert (exempt.code, exempt.letter) == (Hint.EXEMPT, "o")
    assert hint(day, relation="colleague", value=per_giver + 1).code == Hint.REPORT


@pytest.mark.parametrize("day, per_giver, per_year",
                         [(BEFORE, 200_000, 1_000_000), (SINCE, 500_000, 1_500_000)])
def test_colleague_gifts_over_the_year_from_the_same_giver(libraries, day, per_giver, per_year):
    within = hint(day, relation="colleague", value=per_giver,
                  earlier_this_year=per_year - per_giver)
    over = hint(day, relation="colleague", value=per_giver,
                earlier_this_year=per_year - per_giver + 1)
    assert (within.code, within.year_total) == (Hint.EXEMPT, per_year)
    assert (over.code, over.year_total) == (Hint.REPORT, per_year + 1)
    assert "this year total" in over.explanation


def test_colleague_farewell_gift_point_n_until_its_deletion(libraries):
    before = hint(BEFORE, relation="colleague", occasion="farewell", value=300_000)
    assert (before.code, before.letter) == (Hint.EXEMPT, "n")
    assert hint(BEFORE, relation="colleague", occasion="farewell", value=300_001).code \
        == Hint.REPORT
    since = hint(SINCE, relation="colleague", occasion="farewell", value=300_000)
    assert (since.code, since.letter) == (Hint.EXEMPT, "o")  # point n deleted by 1/2026


@pytest.mark.parametrize("form", ["money", "voucher"])
def test_colleague_gift_in_cash_is_reportable_whatever_the_amount(libraries, form):
    result = hint(SINCE, relation="colleague", form=form, value=50_000)
    assert (result.code, result.letter) == (Hint.REPORT, "o")
    assert "not in money" in result.explanation


def test_family_gift_is_exempt_only_without_conflict_of_interest(libraries):
    result = hint(SINCE, relation="family", form="money", value=50_000_000)
    assert (result.code, result.letter) == (Hint.EXEMPT, "a")
    assert "no conflict of interest" in result.explanation


def test_flower_arrangement_is_exempt(libraries):
    assert hint(SINCE, form="flowers", value=2_000_000).letter == "k"


def test_gift_from_a_supplier_on_no_occasion_must_be_reported(libraries):
    result = hint(SINCE, relation="supplier", form="money", value=100_000)
    assert result.code == Hint.REPORT
    assert result.explanation == ("Must be reported: no exemption of Peraturan KPK 1/2026 "
                                  "applies to this gift.")


def test_refused_offer_is_reported_as_a_refusal(libraries):
    assert hint(SINCE, occasion="wedding", value=10, accepted=False).code == Hint.REPORT_REFUSAL


def test_gift_before_any_recorded_rules_gets_no_verdict(libraries):
    assert hint(dt.date(2018, 12, 31)).code == Hint.NO_RULES


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(earlier=st.integers(0, 3_000_000), value=st.integers(1, 2_000_000),
       day=st.sampled_from([BEFORE, SINCE]))
def test_yearly_sum_decides_exactly_when_both_limits_hold(libraries, earlier, value, day):
    rules = selectors.rules_on(day)
    test = next(e.test for e in rules.exemptions if e.letter == "o")
    result = assess(rules, Gift("colleague", "none", "goods", value, earlier_this_year=earlier))
    within = value <= test.per_giver and earlier + value <= test.per_year
    assert (result.code == Hint.EXEMPT) == within


@settings(max_examples=50, deadline=None)
@given(value=st.integers(0, 10**12))
def test_rupiah_round_trips_through_its_written_form(value):
    written = rupiah(value)
    assert parse_rupiah(written) == value
    assert parse_rupiah(written.replace("Rp", "Rp ")) == value
    assert parse_rupiah(str(value)) == value


@pytest.mark.parametrize("text", ["", "-5", "1,5", "abc", "1.50.000", "Rp1.500.000,5"])
def test_rupiah_refuses_what_is_not_an_amount(text):
    assert parse_rupiah(text) is None
