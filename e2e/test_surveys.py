"""Surveys in Chromium: the ZI coordinator of Dukcapil opens the SPAK and SPKP periods; two
visitors scan the QR poster and answer on a phone-sized screen, without logging in; the
coordinator then sees the responses, the results per statement and the index with its LKE value.

Selectors use URLs, names and attributes, not button words, so the test holds in either language.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from e2e.conftest import MOBILE
from integritas.lke.testing import load_lke_library
from integritas.surveys.testing import load_surveys_library

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitors_answer_on_their_phones_and_the_coordinator_sees_the_index(world, open_tab):
    load_lke_library()
    load_surveys_library()
    coordinator = _signed_in(open_tab(), world.users["zi_coordinator"])
    detail_url = _open_period(coordinator, world, "spak")
    _open_period(coordinator, world, "spkp")
    coordinator.go(detail_url)
    public_url = coordinator.page.get_attribute(".survey-share a", "href")
    assert re.search(r"/contoh/s/[\w-]+/$", public_url)
    coordinator.screenshot("surveys_1_period_opened")

    first = open_tab(viewport=MOBILE)
    first.page.goto(public_url)
    assert first.page.locator("fieldset.survey-question").count() == 8 + 9
    first.screenshot("surveys_2_public_form_phone")
    _answer_all(first, lambda number: "4" if number % 3 else "3")
    first.page.click("button[type=submit]")
    first.page.wait_for_load_state()
    assert first.page.url.endswith("/terima-kasih/")
    first.screenshot("surveys_3_thanks_phone")
    first.page.goto(public_url)  # the same phone is thanked, not asked again
    assert first.page.locator("fieldset.survey-question").count() == 0

    second = open_tab(viewport=MOBILE)
    second.page.goto(public_url)
    second.page.click("button[type=submit]")  # nothing chosen: the form says what is missing
    second.page.wait_for_load_state()
    assert second.page.locator("fieldset.survey-question.has-error").count() == 17
    second.screenshot("surveys_4_missing_answers_phone")
    _answer_all(second, lambda number: "3")
    second.page.click("button[type=submit]")
    second.page.wait_for_load_state()
    assert second.page.url.endswith("/terima-kasih/")

    coordinator.go(detail_url)
    values = [v.replace(",", ".") for v in  # the page speaks Indonesian: decimal commas
              coordinator.page.locator(".cards .stat .value").all_inner_texts()]
    assert values[0] == "2" and values[1] == "3.31"  # SPAK: (29 / 8 + 3) / 2 = 3.3125
    assert values[2] == "14.48"  # 3.31 / 4 × 17.5
    coordinator.screenshot("surveys_5_results")
    coordinator.go("/contoh/survei/")
    coordinator.screenshot("surveys_6_period_list")
    poster = coordinator.page.request.get(
        f"{coordinator.base_url}/contoh/survei/poster/{world.units['dukcapil'].pk}/")
    assert poster.headers["content-type"] == "application/pdf"
    assert not coordinator.console_errors() and not first.console_errors()
    # The second visitor's incomplete form was answered 400 on purpose; nothing else failed.
    assert all("400" in error for error in second.console_errors())
    assert not any(tab.csp_violations() for tab in (coordinator, first, second))


def _signed_in(tab, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    tab.page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value,
                                   "url": tab.base_url}])
    return tab


def _open_period(tab, world, kind: str) -> str:
    today = timezone.localdate()
    tab.go("/contoh/survei/baru/")
    tab.page.select_option("select[name=unit]", str(world.units["dukcapil"].pk))
    tab.page.select_option("select[name=kind]", kind)
    tab.page.fill("input[name=opens_on]", (today - dt.timedelta(days=1)).isoformat())
    tab.page.fill("input[name=closes_on]", (today + dt.timedelta(days=30)).isoformat())
    tab.page.click("form.card button[type=submit]")
    tab.page.wait_for_load_state()
    assert re.search(r"/contoh/survei/\d+/$", tab.page.url), tab.page.url
    return tab.page.url.removeprefix(tab.base_url)


def _answer_all(tab, value_for) -> None:
    for number, fieldset in enumerate(tab.page.locator("fieldset.survey-question").all()):
        fieldset.locator(f"label:has(input[value='{value_for(number)}'])").click()
