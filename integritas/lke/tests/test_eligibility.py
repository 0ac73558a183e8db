"""WBK/WBBM verdicts from the library's conditions, and what would raise the score most."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from integritas.lke.eligibility import improvement_candidates, verdict
from integritas.lke.scoring import score
from integritas.lke.selectors import framework_for, rules_for

MET = {"bpk_opinion": "WTP", "akip": "BB", "akip_score": Decimal("72.5"),
       "indeks_rb": Decimal("55.10")}


def best_answers(framework, **overrides):
    answers = {}
    for item in framework.items:
        if not item.computed_from:
            answers[item.code] = (item.choices[0] if item.is_choice else
                                  {"persen": 100, "indeks": 4, "jumlah": 10}[item.answer_type])
    return answers | overrides


@pytest.fixture
def lke(lke_library):
    framework = framework_for(None, "permenpanrb-90-2021")
    return framework, rules_for(framework)


def conditions(result, rules, framework, **kwargs):
    found = verdict(result, rules=rules, framework=framework, **kwargs)
    return found, {c.code: c for c in found.conditions}


def test_a_strong_unit_with_instansi_prerequisites_met_is_eligible_for_wbk(lke):
    framework, rules = lke
    result = score(framework, best_answers(framework, **{"hasil.1.i.a": "3.60",
                                                          "hasil.2.i.a": "3.20"}))
    found, by_code = conditions(result, rules, framework, predicate="wbk", prerequisites=MET)
    assert found.eligible, [c for c in found.failed]
    assert by_code["ipak"].actual == Decimal("15.75") and by_code["ipak"].gap == 0
    assert by_code["area_1"].label == "Area I Manajemen Perubahan"
    assert by_code["akip"].actual == "BB (72.5)"


def test_wbbm_needs_wbk_first_and_higher_thresholds_with_gaps(lke):
    framework, rules = lke
    result = score(framework, best_answers(framework, **{"hasil.1.i.a": "3.60",
                                                          "hasil.2.i.a": "3.20"}))
    found, by_code = conditions(result, rules, framework, predicate="wbbm", has_wbk=False,
                                prerequisites=MET | {"indeks_rb": Decimal("58")})
    assert not found.eligible
    assert by_code["prior_wbk"].passed is False
    assert by_code["ipkp"].passed is False and by_code["ipkp"].gap == Decimal("1.75")
    assert by_code["indeks_rb"].passed is False and by_code["indeks_rb"].gap == Decimal("2.01")
    assert by_code["akip"].passed is True


def test_a_weak_area_fails_its_own_condition_with_the_gap_in_percent(lke):
    framework, rules = lke
    weak = {item.code: "C" for item in framework.items
            if item.code.startswith("pemenuhan.5.") and item.answer_type == "abc"}
    weak |= {item.code: "D" for item in framework.items
             if item.code.startswith("pemenuhan.5.") and item.answer_type in ("abcd", "abcde")}
    weak["reform.5.i.a"] = "E"
    weak["reform.5.ii.a.1"] = 10
    weak["reform.5.ii.a.3"] = 1
    result = score(framework, best_answers(framework, **weak))
    _found, by_code = conditions(result, rules, framework, predicate="wbk", prerequisites=None)
    area5 = by_code["area_5"]
    assert area5.passed is False and area5.unit == "%"
    assert area5.gap == Decimal(60) - result.areas[5]
    assert "bpk_opinion" not in by_code  # prerequisites not given: not checked


def test_missing_prerequisite_data_fails_without_a_gap(lke):
    framework, rules = lke
    result = score(framework, best_answers(framework))
    _found, by_code = conditions(result, rules, framework, predicate="wbk",
                                 prerequisites={"bpk_opinion": "WDP", "akip": None,
                                                "akip_score": None, "indeks_rb": None})
    assert by_code["bpk_opinion"].passed is False and by_code["bpk_opinion"].actual == "WDP"
    assert by_code["akip"].actual is None and by_code["akip"].gap is None


def test_improvement_candidates_rank_items_by_the_points_they_would_add(lke):
    framework, _rules = lke
    answers = best_answers(framework, **{"pemenuhan.1.i.b": "C", "pemenuhan.1.ii.b": "B",
                                         "hasil.1.ii.a": "C"})
    candidates = improvement_candidates(framework, answers, limit=2)
    assert [c.item_code for c in candidates] == ["pemenuhan.1.i.b", "pemenuhan.1.ii.b",
                                                 "hasil.1.ii.a"]
    team, plan = candidates[0], candidates[1]
    assert team.area == 1 and team.gain == Decimal("0.25")  # 0.50 / 2 items × (1 − 0)
    assert (team.next_answer, team.next_gain) == ("B", Decimal("0.13"))  # C → B: 0.25 × 0.5
    assert plan.gain == Decimal("0.17")  # 1.00 / 3 × (1 − 0.5)
    assert (plan.next_answer, plan.next_gain) == ("A", Decimal("0.17"))
    assert candidates[2].area is None and candidates[2].gain == Decimal("2.50")


def test_the_lke_score_command_prints_nodes_total_and_verdicts(lke, tmp_path):
    answers = tmp_path / "jawaban.yaml"
    answers.write_text("pemenuhan.1.ii.a: Ya\npemenuhan.1.ii.b: C\npemenuhan.1.ii.c: A\n"
                       "hasil.1.i.a: 3.6\n")
    out = StringIO()
    call_command("lke_score", "--framework", "permenpanrb-90-2021", "--answers", str(answers),
                 stdout=out)
    report = json.loads(out.getvalue())
    assert report["nodes"]["pemenuhan.1.ii"]["score"] == "0.67"
    assert report["total"] == "16.42"
    assert {c["code"] for c in report["verdicts"]["wbbm"]["conditions"]} >= {"prior_wbk",
                                                                             "area_6"}
    answers.write_text("pemenuhan.1.ii.b: Z\n")
    with pytest.raises(CommandError, match="lke.invalid_answer"):
        call_command("lke_score", "--framework", "permenpanrb-90-2021", "--answers",
                     str(answers))


def test_the_command_reads_a_framework_file_and_lists_its_problems(lke, tmp_path):
    from integritas.lke.tests.helpers import small_document

    document = small_document()
    (tmp_path / "ok.json").write_text(json.dumps(document))
    (tmp_path / "answers.json").write_text('{"hasil.2.i.a": 4}')
    out = StringIO()
    call_command("lke_score", "--framework", str(tmp_path / "ok.json"), "--answers",
                 str(tmp_path / "answers.json"), stdout=out)
    assert json.loads(out.getvalue())["total"] == "20.00"
    document["nodes"][0]["code"] = "hasil"
    (tmp_path / "bad.json").write_text(json.dumps(document))
    with pytest.raises(CommandError, match="duplicate code"):
        call_command("lke_score", "--framework", str(tmp_path / "bad.json"), "--answers",
                     str(tmp_path / "answers.json"))
