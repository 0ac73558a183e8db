"""Periods, responses, indices and their LKE values, through the services and selectors."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope

from integritas.accounts.permissions import grant
from integritas.accounts.selectors import active_memberships
from integritas.core.errors import DomainError
from integritas.surveys import metrics, selectors, services
from integritas.surveys.models import SurveyLink, SurveyResponse
from integritas.surveys.testing import answer
from integritas.surveys.tests.conftest import CLOSES, OPENS, TODAY


def raises(code, func, *args, **kwargs):
    with pytest.raises(DomainError) as caught:
        func(*args, **kwargs)
    assert caught.value.code == code, caught.value
    return caught.value


def test_opening_a_period_gives_the_unit_its_lasting_link(world, spak, spkp):
    with scope(tenant=world.tenant.pk):
        links = SurveyLink.objects.filter(unit=world.units["dukcapil"])
        assert links.count() == 1
    assert spak.title == "SPAK Disdukcapil 2027" and spak.questionnaire.version == 1
    assert len(spkp.questionnaire.questions) == 9


def test_a_unit_has_one_open_period_per_questionnaire_and_dates_in_order(world, spak):
    coordinator = world.users["zi_coordinator"]
    raises("surveys.period_already_open", services.open_period, world.tenant, coordinator,
           unit=world.units["dukcapil"], kind="spak", opens_on=OPENS, closes_on=CLOSES)
    raises("surveys.dates_out_of_order", services.open_period, world.tenant, coordinator,
           unit=world.units["pendidikan"], kind="spak", opens_on=CLOSES, closes_on=OPENS)
    raises("surveys.unit_not_found", services.open_period, world.tenant, coordinator,
           unit=world.units["lain_inspektorat"], kind="spak", opens_on=OPENS, closes_on=CLOSES)
    services.close_period(world.tenant, coordinator, spak)
    raises("surveys.period_closed", services.close_period, world.tenant, coordinator, spak)
    again = services.open_period(world.tenant, coordinator, unit=world.units["dukcapil"],
                                 kind="spak", opens_on=OPENS, closes_on=CLOSES)
    assert again.pk != spak.pk


def test_the_index_is_the_mean_answer_and_converts_to_the_lke_hasil_value(world, spak):
    with scope(tenant=world.tenant.pk):
        answer(world.tenant, spak, 4, today=TODAY)
        answer(world.tenant, spak, [4, 4, 3, 4, 4, 3, 4, 3], today=TODAY)  # mean 3.625
        answer(world.tenant, spak, [3, 4, 3, 4, 3, 4, 3, 4], today=TODAY)  # mean 3.5
        results = selectors.period_results(spak)
    assert results.responses == 3
    assert results.index == Decimal("3.71")  # (4 + 3.625 + 3.5) / 3 = 3.7083
    pungli = next(q for q in results.questions if q.code == "pungli")
    assert pungli.mean == Decimal("4.00")
    imbalan = next(q for q in results.questions if q.code == "imbalan")
    assert [c[2] for c in imbalan.counts] == [0, 0, 2, 1]
    assert results.lke.item_code == "hasil.1.i.a" and results.lke.weight == Decimal("17.5")
    assert results.lke.value == Decimal("16.23")  # 3.71 / 4 × 17.5 = 16.23125


def test_an_incomplete_or_repeated_visit_saves_nothing(world, spak, spkp):
    with scope(tenant=world.tenant.pk):
        partial = {spak.pk: {"diskriminasi": 4}, spkp.pk: {q["code"]: 3 for q in
                                                            spkp.questionnaire.questions}}
        error = raises("surveys.answer_required", services.submit_responses, world.tenant,
                       None, periods=[spak, spkp], answers=partial, visit="v1", today=TODAY)
        assert error.field == f"{spak.pk}-prosedur"
        assert not SurveyResponse.objects.exists()
        full = {p.pk: {q["code"]: 3 for q in p.questionnaire.questions} for p in (spak, spkp)}
        services.submit_responses(world.tenant, None, periods=[spak, spkp], answers=full,
                                  visit="v2", today=TODAY)
        raises("surveys.already_received", services.submit_responses, world.tenant, None,
               periods=[spak, spkp], answers=full, visit="v2", today=TODAY)
        assert SurveyResponse.objects.count() == 2
        raises("surveys.answer_required", services.submit_responses, world.tenant, None,
               periods=[spak], answers={spak.pk: {q["code"]: 5 for q in
                                                  spak.questionnaire.questions}},
               visit="v3", today=TODAY)


def test_a_closed_or_not_yet_open_period_takes_no_answers(world, spak):
    with scope(tenant=world.tenant.pk):
        raises("surveys.period_not_open", answer, world.tenant, spak, 4,
               today=OPENS - dt.timedelta(days=1))
    services.close_period(world.tenant, world.users["zi_coordinator"], spak)
    with scope(tenant=world.tenant.pk):
        raises("surveys.period_not_open", answer, world.tenant, spak, 4, today=TODAY)


def test_unit_indices_take_the_latest_period_of_the_year_with_responses(world, spak, spkp):
    coordinator = world.users["zi_coordinator"]
    with scope(tenant=world.tenant.pk):
        answer(world.tenant, spak, 3, today=TODAY)
        answer(world.tenant, spkp, 2, today=TODAY)
    services.close_period(world.tenant, coordinator, spak)
    later = services.open_period(world.tenant, coordinator, unit=world.units["dukcapil"],
                                 kind="spak", opens_on=dt.date(2027, 9, 1),
                                 closes_on=dt.date(2027, 10, 31))
    with scope(tenant=world.tenant.pk):
        assert selectors.unit_indices(world.tenant, world.units["dukcapil"], 2027) == {
            "ipak": Decimal("3.00"), "ipkp": Decimal("2.00"), "responses": 2}
        answer(world.tenant, later, 4, today=dt.date(2027, 9, 2))
        answer(world.tenant, later, 4, today=dt.date(2027, 9, 2))
        assert selectors.unit_indices(world.tenant, world.units["dukcapil"], 2027) == {
            "ipak": Decimal("4.00"), "ipkp": Decimal("2.00"), "responses": 3}
        assert selectors.unit_indices(world.tenant, world.units["dukcapil"], 2026) == {
            "ipak": None, "ipkp": None, "responses": 0}
        unit = metrics.unit_metrics(world.tenant)[world.units["dukcapil"].pk]
        assert unit == {"ipak": Decimal("4.00"), "ipkp": Decimal("2.00"),
                        "survey_responses": 3}
        assert metrics.tenant_metrics(world.tenant) == {"survey_responses": 4}
        assert metrics.unit_metrics(world.other_tenant) == {}


def test_a_unit_limited_grant_sees_only_its_units_periods(world, spak, libraries):
    other = services.open_period(world.tenant, world.users["inspektur"],
                                 unit=world.units["pendidikan"], kind="spak", opens_on=OPENS,
                                 closes_on=CLOSES)
    with scope(tenant=world.tenant.pk):
        coordinator = grant(active_memberships(world.users["zi_coordinator"], world.tenant),
                            "surveys.view")
        seen = set(selectors.periods_for(world.tenant, coordinator).values_list("pk", flat=True))
    assert seen == {spak.pk} and other.pk not in seen
