"""Working days: weekends, national holidays, cuti bersama, local holidays, spans of any size."""

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integritas.core.calendar import (
    add_working_days,
    deadline_phrase,
    is_working_day,
    working_days_between,
)
from integritas.core.calendar_services import add_local_holiday, delete_local_holiday
from integritas.core.errors import DomainError

D = dt.date


def naive_between(tenant, start, end):
    """The obvious day-by-day count, as the oracle for the arithmetic one."""
    days = range(start.toordinal() + 1, end.toordinal() + 1)
    return sum(is_working_day(tenant, D.fromordinal(o)) for o in days)


def test_weekends_are_not_working_days(world):
    assert not is_working_day(world.tenant, D(2026, 11, 21))
    assert not is_working_day(world.tenant, D(2026, 11, 22))
    assert is_working_day(world.tenant, D(2026, 11, 23))


def test_national_holidays_and_cuti_bersama_are_not_working_days(world, holidays):
    assert not is_working_day(world.tenant, D(2025, 1, 1))
    assert not is_working_day(world.tenant, D(2025, 1, 28))  # cuti bersama Imlek
    assert not is_working_day(world.tenant, D(2026, 3, 24))  # cuti bersama Idul Fitri
    assert is_working_day(world.tenant, D(2025, 1, 30))


def test_counting_starts_the_day_after_the_event(world):
    assert working_days_between(world.tenant, D(2026, 11, 23), D(2026, 11, 23)) == 0
    assert working_days_between(world.tenant, D(2026, 11, 23), D(2026, 11, 24)) == 1
    assert add_working_days(world.tenant, D(2026, 11, 23), 1) == D(2026, 11, 24)


def test_add_working_days_skips_a_run_of_holidays(world, holidays):
    # Isra Mikraj (Mon 27), cuti bersama (28) and Imlek (29) after a Friday.
    assert add_working_days(world.tenant, D(2025, 1, 24), 1) == D(2025, 1, 30)
    # Lebaran 2025: cuti bersama, Nyepi, Idul Fitri, four more days of cuti bersama.
    assert add_working_days(world.tenant, D(2025, 3, 27), 1) == D(2025, 4, 8)


def test_add_working_days_crosses_the_year_boundary(world, holidays):
    assert add_working_days(world.tenant, D(2025, 12, 24), 3) == D(2025, 12, 31)
    assert add_working_days(world.tenant, D(2025, 12, 24), 4) == D(2026, 1, 2)
    assert working_days_between(world.tenant, D(2025, 12, 31), D(2026, 1, 5)) == 2


def test_span_backwards_is_negative(world, holidays):
    assert working_days_between(world.tenant, D(2026, 1, 5), D(2025, 12, 31)) == -2


def test_negative_count_goes_back_to_earlier_working_days(world, holidays):
    assert add_working_days(world.tenant, D(2025, 4, 8), -1) == D(2025, 3, 27)
    assert add_working_days(world.tenant, D(2026, 11, 23), -1) == D(2026, 11, 20)


def test_zero_working_days_is_the_start_itself(world):
    assert add_working_days(world.tenant, D(2026, 11, 22), 0) == D(2026, 11, 22)


def test_absurd_counts_are_refused_with_a_code(world):
    with pytest.raises(DomainError) as error:
        add_working_days(world.tenant, D(2026, 1, 1), 10**6)
    assert error.value.code == "calendar_span_too_long"
    with pytest.raises(DomainError) as error:
        add_working_days(world.tenant, D(9999, 12, 1), 100)
    assert error.value.code == "calendar_out_of_range"


def test_local_holiday_counts_only_for_its_own_pemda(world, holidays):
    admin = world.users["admin"]
    holiday = add_local_holiday(world.tenant, admin, date=D(2026, 1, 5), name="HUT Kota")
    assert working_days_between(world.tenant, D(2025, 12, 31), D(2026, 1, 5)) == 1
    assert working_days_between(world.other_tenant, D(2025, 12, 31), D(2026, 1, 5)) == 2
    delete_local_holiday(world.tenant, admin, holiday)
    assert working_days_between(world.tenant, D(2025, 12, 31), D(2026, 1, 5)) == 2


def test_long_spans_match_the_day_by_day_count(world, holidays):
    add_local_holiday(world.tenant, world.users["admin"], date=D(2026, 7, 1), name="HUT Kota")
    start, end = D(2020, 3, 4), D(2032, 8, 19)
    assert working_days_between(world.tenant, start, end) == naive_between(world.tenant, start,
                                                                           end)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.dates(D(2024, 6, 1), D(2028, 6, 1)), days=st.integers(1, 400))
def test_adding_then_counting_gives_back_the_count(world, holidays, start, days):
    result = add_working_days(world.tenant, start, days)
    assert is_working_day(world.tenant, result)
    assert working_days_between(world.tenant, start, result) == days
    assert working_days_between(world.tenant, start, result - dt.timedelta(days=1)) == days - 1


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.dates(D(2024, 6, 1), D(2028, 6, 1)), days=st.integers(1, 400))
def test_going_back_lands_on_a_working_day(world, holidays, start, days):
    result = add_working_days(world.tenant, start, -days)
    assert is_working_day(world.tenant, result)
    expected = days - 1 + is_working_day(world.tenant, start)
    assert working_days_between(world.tenant, result, start) == expected


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.dates(D(2024, 6, 1), D(2028, 6, 1)), span=st.integers(-120, 120))
def test_between_matches_the_day_by_day_count(world, holidays, start, span):
    end = start + dt.timedelta(days=span)
    expected = naive_between(world.tenant, start, end) if span >= 0 else \
        -naive_between(world.tenant, end, start)
    assert working_days_between(world.tenant, start, end) == expected


def test_deadline_phrase_counts_days_left(world, holidays):
    with translation.override("en"):
        assert deadline_phrase(world.tenant, D(2027, 1, 15), today=D(2027, 1, 12)) == \
            "3 working days left — due 15 January 2027"
        assert deadline_phrase(world.tenant, D(2027, 1, 13), today=D(2027, 1, 12)) == \
            "1 working day left — due 13 January 2027"


def test_deadline_phrase_names_months_in_indonesian(world, holidays):
    with translation.override("id"):
        assert "15 Januari 2027" in deadline_phrase(world.tenant, D(2027, 1, 15),
                                                     today=D(2027, 1, 12))


def test_deadline_phrase_when_due_today_and_overdue(world, holidays):
    with translation.override("en"):
        assert deadline_phrase(world.tenant, D(2027, 1, 12), today=D(2027, 1, 12)) == \
            "due today"
        assert deadline_phrase(world.tenant, D(2027, 1, 15), today=D(2027, 1, 19)) == \
            "2 working days overdue"
        assert deadline_phrase(world.tenant, D(2027, 1, 15), today=D(2027, 1, 16)) == \
            "overdue — was due 15 January 2027"


def test_deadline_on_a_holiday_moves_to_the_next_working_day(world, holidays):
    with translation.override("en"):
        assert deadline_phrase(world.tenant, D(2027, 1, 1), today=D(2026, 12, 30)) == \
            "2 working days left — due 4 January 2027"


def test_local_holiday_service_validates_and_records_audit(world):
    from django_scopes import scope

    from integritas.audit.models import AuditEvent

    admin = world.users["admin"]
    add_local_holiday(world.tenant, admin, date=D(2026, 7, 1), name=" HUT Kota ", note="Perda")
    for kwargs, code in (({"date": D(2026, 7, 1), "name": "Lagi"}, "holiday_date_taken"),
                         ({"date": D(2026, 7, 2), "name": "  "}, "holiday_name_required"),
                         ({"date": D(2026, 7, 2), "name": "x" * 201}, "holiday_name_too_long")):
        with pytest.raises(DomainError) as error:
            add_local_holiday(world.tenant, admin, **kwargs)
        assert error.value.code == code
    with scope(tenant=world.tenant.pk):
        events = list(AuditEvent.objects.values_list("action", "changes"))
    assert events == [("core.localholiday.create",
                       {"date": "2026-07-01", "name": "HUT Kota", "note": "Perda"})]
