"""The anonymous form at /<tenant>/s/<token>/: one response per visit and device, abuse-limited,
nothing about the respondent stored."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django_scopes import scope, scopes_disabled

from integritas.surveys import selectors
from integritas.surveys.models import SurveyPolicy, SurveyResponse

NOW = dt.datetime(2027, 2, 15, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(autouse=True)
def _on_a_working_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def visitor_client() -> Client:
    """A visitor whose browser chose English, the language these assertions read."""
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return visitor


def form_url(world, period):
    with scope(tenant=world.tenant.pk):
        return f"/contoh/s/{selectors.link_of(period.unit).token}/"


def filled(page, periods, value="4"):
    visit = re.search(r'name="visit" value="([^"]+)"', page.content.decode()).group(1)
    data = {"visit": visit}
    for period in periods:
        for question in period.questionnaire.questions:
            data[f"{period.pk}-{question['code']}"] = value
    return data


def test_a_visitor_answers_both_questionnaires_in_one_form(world, spak, spkp):
    visitor = visitor_client()
    url = form_url(world, spak)
    page = visitor.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Survei Persepsi Anti Korupsi" in text and "Survei Persepsi Kualitas Pelayanan" in text
    sent = visitor.post(url, filled(page, [spak, spkp]))
    assert sent.status_code == 302 and sent["Location"].endswith("/terima-kasih/")
    with scopes_disabled():
        assert SurveyResponse.objects.count() == 2
        stored = SurveyResponse.objects.first()
        assert set(vars(stored)) >= {"answers", "mean", "visit_hash"}
        assert not any("addr" in name or "ip" == name for name in vars(stored))
    thanks = visitor.get(sent["Location"])
    assert b"Thank you" in thanks.content


def test_the_same_device_is_thanked_not_asked_again(world, spak):
    visitor = visitor_client()
    url = form_url(world, spak)
    visitor.post(url, filled(visitor.get(url), [spak]))
    again = visitor.get(url)
    assert b"already answered this survey from this device" in again.content


def test_the_same_form_sent_twice_counts_once(world, spak):
    url = form_url(world, spak)
    page = visitor_client().get(url)
    data = filled(page, [spak])
    visitor_client().post(url, data)
    replay = visitor_client().post(url, data)
    assert replay.status_code == 302
    with scopes_disabled():
        assert SurveyResponse.objects.count() == 1


def test_a_missing_answer_shows_the_form_again_with_the_choices_kept(world, spak):
    visitor = visitor_client()
    url = form_url(world, spak)
    data = filled(visitor.get(url), [spak], value="3")
    del data[f"{spak.pk}-pungli"]
    response = visitor.post(url, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Please answer every statement." in text and "Please choose an answer." in text
    assert f'id="{spak.pk}-calo-3" name="{spak.pk}-calo" value="3" checked' in text
    with scopes_disabled():
        assert not SurveyResponse.objects.exists()


def test_a_forged_or_expired_visit_is_refused(world, spak):
    visitor = visitor_client()
    url = form_url(world, spak)
    data = filled(visitor.get(url), [spak])
    forged = visitor.post(url, data | {"visit": "tampered"})
    assert forged.status_code == 400 and b"expired" in forged.content
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):
        expired = visitor.post(url, data)
    assert expired.status_code == 400


def test_a_flood_from_one_address_is_stopped(world, spak):
    with scopes_disabled():
        SurveyPolicy.objects.update(responses_per_address_per_hour=2)
    url = form_url(world, spak)
    statuses = []
    for _ in range(3):
        visitor = visitor_client()
        statuses.append(visitor.post(url, filled(visitor.get(url), [spak])).status_code)
    assert statuses == [302, 302, 429]
    with scopes_disabled():
        assert SurveyResponse.objects.count() == 2


def test_unknown_links_are_not_found_and_closed_units_say_so(world, spak, client):
    assert visitor_client().get("/contoh/s/tidak-ada/").status_code == 404
    elsewhere = form_url(world, spak).replace("/contoh/", "/lain/")
    assert visitor_client().get(elsewhere).status_code == 404
    from integritas.surveys import services

    services.close_period(world.tenant, world.users["inspektur"], spak)
    closed = visitor_client().get(form_url(world, spak))
    assert closed.status_code == 200 and b"no survey open at this unit" in closed.content
