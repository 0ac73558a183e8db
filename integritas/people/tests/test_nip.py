"""NIP (PNS) and NI (PPPK) validation: valid generated numbers pass, corruptions name themselves."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integritas.core.errors import DomainError
from integritas.people.nip import format_nip, mask, normalise, validate

TODAY = dt.date(2026, 6, 1)


@st.composite
def pns_nips(draw):
    birth = draw(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2000, 12, 31)))
    year = draw(st.integers(birth.year + 18, TODAY.year - 1))
    month = draw(st.integers(1, 12))
    sex = draw(st.sampled_from("12"))
    serial = draw(st.integers(1, 999))
    return f"{birth:%Y%m%d}{year}{month:02d}{sex}{serial:03d}"


def error_code(raw, employment="pns") -> str:
    with pytest.raises(DomainError) as caught:
        validate(raw, employment, today=TODAY)
    assert caught.value.field == "nip"
    return caught.value.code


@given(pns_nips())
def test_generated_valid_nip_passes_and_tells_the_sex(nip):
    facts = validate(nip, "pns", today=TODAY)
    assert facts.nip == nip
    assert facts.sex == {"1": "M", "2": "F"}[nip[14]]


@given(pns_nips())
def test_nip_typed_as_printed_with_spaces_passes(nip):
    assert validate(format_nip(nip), "pns", today=TODAY).nip == nip


@given(pns_nips(), st.one_of(
    st.sampled_from(["00", *map(str, range(13, 100))]).map(lambda m: ("month", m)),
    st.sampled_from(["00", *map(str, range(32, 100))]).map(lambda d: ("day", d)),
))
def test_corrupted_birth_date_fails(nip, corruption):
    part, digits = corruption
    corrupted = nip[:4] + digits + nip[6:] if part == "month" else nip[:6] + digits + nip[8:]
    assert error_code(corrupted) == "nip_birth_date"


@given(pns_nips())
def test_serial_000_fails(nip):
    assert error_code(nip[:15] + "000") == "nip_serial"


@given(pns_nips(), st.sampled_from("0356789"))
def test_sex_digit_other_than_1_or_2_fails(nip, digit):
    assert error_code(nip[:14] + digit + nip[15:]) == "nip_sex"


@given(pns_nips(), st.one_of(st.integers(1, 17).map(lambda n: -n),
                             st.integers(1, 5)))
def test_wrong_length_fails(nip, change):
    corrupted = nip[:change] if change < 0 else nip + "7" * change
    assert error_code(corrupted) == "nip_length"


@given(pns_nips(), st.sampled_from(["00", "13", "24", "99"]))
def test_pns_appointment_month_out_of_range_fails(nip, month):
    assert error_code(nip[:12] + month + nip[14:]) == "nip_appointment_month"


def test_pppk_ni_passes():
    facts = validate("199009132025242014", "pppk", today=TODAY)
    assert (facts.birth_date, facts.appointment_year, facts.sex, facts.serial) == (
        dt.date(1990, 9, 13), 2025, "F", 14)


def test_pppk_ni_is_not_a_valid_pns_nip():
    assert error_code("199009132025242014", "pns") == "nip_appointment_month"


def test_empty_nip_is_required():
    assert error_code("  ") == "nip_required"


def test_nip_in_scientific_notation_is_explained():
    assert error_code("1.96608011988031E+17") == "nip_scientific"


def test_appointment_in_the_future_fails():
    assert error_code("199009132027011001") == "nip_appointment_future"


def test_appointment_before_age_17_fails():
    assert error_code("200501012010011001") == "nip_appointment_order"


def test_nip_is_printed_grouped_and_masked_for_the_public():
    assert format_nip("196608011988031001") == "19660801 198803 1 001"
    assert mask("196608011988031001") == "**************1001"


def test_spreadsheet_number_suffix_is_dropped():
    assert normalise("196608011988031001.0") == "196608011988031001"
