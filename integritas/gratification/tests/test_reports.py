"""Reporting a gift: the hint kept with it, its clocks, the yearly sums, and bad input."""

import datetime as dt
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integritas.audit.models import AuditEvent
from integritas.core.errors import DomainError
from integritas.gratification import selectors, services
from integritas.gratification.models import GratificationReport
from integritas.gratification.tests.helpers import gift, report

pytestmark = pytest.mark.django_db


def test_employee_reports_a_wedding_gift_for_themselves_with_the_hint_kept(world, reporter):
    made = report(world, reporter, value=900_000)
    assert made.number == "GRT-2026-0001"
    assert made.recipient == world.employees["dukcapil_staff"]
    assert made.unit == world.units["dukcapil_bidang"]
    assert (made.hint, made.hint_letter) == ("exempt", "l")
    assert "Rp900.000 ≤ Rp1.500.000" in made.hint_explanation
    assert made.status == GratificationReport.Status.SUBMITTED
    with scope(tenant=world.tenant.pk):
        assert AuditEvent.objects.filter(action="gratification.report.submit").count() == 1


def test_reports_are_numbered_per_year(world, reporter):
    report(world, reporter)
    second = report(world, reporter)
    next_year = report(world, reporter, today=dt.date(2027, 1, 4))
    assert (second.number, next_year.number) == ("GRT-2026-0002", "GRT-2027-0001")


def test_clocks_skip_idul_fitri_cuti_bersama_and_good_friday(world, reporter):
    made = report(world, reporter, received_on=dt.date(2026, 3, 16), today=dt.date(2026, 3, 17))
    # 18–24 March are Nyepi, Idul Fitri and their cuti bersama; 3 April is Good Friday.
    assert made.upg_due_on == dt.date(2026, 4, 7)
    assert made.kpk_due_on == dt.date(2026, 5, 6)
    assert made.forward_due_on == dt.date(2026, 4, 8)


@pytest.mark.parametrize("reported_on, complete_by", [
    (dt.date(2026, 1, 19), dt.date(2026, 3, 4)),   # 30 working days under 2/2019
    (dt.date(2026, 1, 20), dt.date(2026, 2, 19)),  # 20 under 1/2026, across Imlek and its cuti
])
def test_completion_period_follows_the_rules_in_force_when_reported(
        world, reporter, reported_on, complete_by):
    made = report(world, reporter, received_on=dt.date(2026, 1, 16), today=reported_on)
    upg = world.users["upg"]
    services.start_verification(world.tenant, upg, made)
    services.request_completion(world.tenant, upg, made, note="Lampirkan foto barang")
    assert made.completion_due_on == complete_by


def test_a_second_colleague_gift_in_the_year_tips_over_the_yearly_limit(world, reporter):
    colleague = {"relation": "colleague", "form": "goods", "occasion": "none",
                 "giver_name": "Rina Marlina"}
    for month in (2, 5, 8):
        assert report(world, reporter, value=500_000, received_on=dt.date(2026, month, 2),
                      **colleague).hint == "exempt"
    fourth = report(world, reporter, value=1, received_on=dt.date(2026, 9, 1),
                    giver_name="  rina   MARLINA ", **{k: v for k, v in colleague.items()
                                                      if k != "giver_name"})
    assert fourth.hint == "report"
    assert "Rp1.500.001" in fourth.hint_explanation


_givers = itertools.count()


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gifts=st.lists(st.tuples(st.integers(1, 400_000), st.integers(0, 400),
                                st.booleans()), min_size=0, max_size=5),
       day_of_year=st.integers(0, 300))
def test_yearly_sum_counts_accepted_gifts_from_the_giver_since_1_january(
        world, reporter, gifts, day_of_year):
    giver = f"Pemberi {next(_givers)}"
    start = dt.date(2026, 1, 1)
    day = start + dt.timedelta(days=day_of_year)
    expected = 0
    for value, offset, accepted in gifts:
        received = dt.date(2025, 12, 1) + dt.timedelta(days=offset)
        received = min(received, dt.date(2026, 11, 30))
        report(world, reporter, giver_name=giver, relation="colleague", form="goods",
               value=value, received_on=received, accepted=accepted,
               today=dt.date(2026, 12, 1))
        if accepted and start <= received <= day:
            expected += value
    with scope(tenant=world.tenant.pk):
        assert selectors.earlier_from_giver(world.tenant, world.employees["dukcapil_staff"],
                                            giver.upper(), day) == expected


@pytest.mark.parametrize("changes, code, field", [
    ({"value": -5}, "gratification_value_not_positive", "value"),
    ({"value": 0}, "gratification_value_not_positive", "value"),
    ({"value": 10**15}, "gratification_value_absurd", "value"),
    ({"received_on": dt.date(2026, 11, 5)}, "gratification_received_in_future", "received_on"),
    ({"occasion": "party"}, "gratification_occasion_unknown", "occasion"),
    ({"giver_name": "  "}, "gratification_giver_name_required", "giver_name"),
    ({"description": ""}, "gratification_description_required", "description"),
])
def test_bad_input_is_refused_and_nothing_is_written(world, reporter, changes, code, field):
    with pytest.raises(DomainError) as error:
        report(world, reporter, **changes)
    assert (error.value.code, error.value.field) == (code, field)
    with scope(tenant=world.tenant.pk):
        assert not GratificationReport.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="gratification").exists()


def test_someone_without_an_employee_record_cannot_report(world, libraries):
    with pytest.raises(DomainError) as error:
        report(world, world.users["auditor"])
    assert error.value.code == "gratification_no_employee_record"


def test_evidence_limits_come_from_the_rules(world, reporter):
    pdf = SimpleUploadedFile("undangan.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    made = report(world, reporter, evidence=[pdf])
    with scope(tenant=world.tenant.pk):
        assert [e.original_name for e in made.evidence.all()] == ["undangan.pdf"]
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(DomainError) as error:
        report(world, reporter, evidence=[exe])
    assert error.value.code == "gratification_file_type"
    many = [SimpleUploadedFile(f"{n}.png", b"x", content_type="image/png") for n in range(6)]
    with pytest.raises(DomainError) as error:
        report(world, reporter, evidence=many)
    assert error.value.code == "gratification_too_many_files"


def test_the_gift_values_given_are_stored_as_given(world, reporter):
    made = report(world, reporter, **gift(value=1_750_000, accepted=False,
                                          deposited_at_upg=True))
    assert (made.value, made.accepted, made.deposited_at_upg, made.hint) == (
        1_750_000, False, True, "report_refusal")
