"""The surveys library (questionnaires frozen once used) and the demo data."""

import random
import shutil
import time

import pytest
import yaml
from django_scopes import scope, scopes_disabled

from integritas.core.libraries import LIBRARIES_DIR, LibraryError, read_folder
from integritas.surveys import metrics
from integritas.surveys.demo import seed_demo
from integritas.surveys.libraries import load_surveys
from integritas.surveys.models import Questionnaire, SurveyPeriod, SurveyResponse
from integritas.surveys.testing import load_surveys_library


def test_the_library_loads_both_questionnaires_and_the_policy_once(db):
    assert load_surveys_library().created == 3
    assert load_surveys_library().unchanged == 3
    assert set(Questionnaire.objects.values_list("code", "lke_item")) == {
        ("spak", "hasil.1.i.a"), ("spkp", "hasil.2.i.a")}


def test_a_used_questionnaire_cannot_change_its_questions(world, spak, tmp_path):
    folder = tmp_path / "surveys"
    shutil.copytree(LIBRARIES_DIR / "surveys", folder)
    path = folder / "spak.yaml"
    document = yaml.safe_load(path.read_text())
    document["questions"][0]["text"] = "Kata-kata baru"
    path.write_text(yaml.safe_dump(document, allow_unicode=True))
    with scopes_disabled(), pytest.raises(LibraryError, match="add version 2"):
        load_surveys(read_folder(folder))
    document["scale"] = document["scale"][:3]
    path.write_text(yaml.safe_dump(document, allow_unicode=True))
    with scopes_disabled(), pytest.raises(LibraryError, match="four points"):
        load_surveys(read_folder(folder))


def test_the_demo_gives_each_pilot_unit_answered_periods_quickly(world, libraries):
    started = time.perf_counter()
    with scope(tenant=world.tenant.pk):
        seed_demo(world.tenant, random.Random(7))
        elapsed = time.perf_counter() - started
        periods = SurveyPeriod.objects.filter(tenant=world.tenant)
        assert periods.count() == 2 * 2  # the world has two top-level agencies
        assert 34 * 4 <= SurveyResponse.objects.count() <= 46 * 4
        unit = metrics.unit_metrics(world.tenant)[world.units["dukcapil"].pk]
    assert 2 < unit["ipak"] < 4 and 2 < unit["ipkp"] < 4
    assert elapsed < 5
