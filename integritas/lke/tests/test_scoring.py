"""The scoring engine against REFERENCE §1.5's published examples and its invariants."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from integritas.lke.frameworks import parse_framework
from integritas.lke.scoring import convert, score
from integritas.lke.tests.helpers import raises, small_framework


def one_indicator(items):
    """Rencana Pembangunan ZI-like: one indicator of weight 1.00 padded to a full framework."""
    from integritas.lke.tests.helpers import small_document

    document = small_document()
    area1 = document["nodes"][0]["children"][0]["children"][0]
    area1["children"] = [
        {"code": "pemenuhan.1.ii", "title": "Rencana Pembangunan ZI", "weight": 1,
         "items": items},
        {"code": "pemenuhan.1.iii", "title": "Sisa", "weight": 9,
         "items": [{"code": "pemenuhan.1.iii.a", "text": "x", "answer_type": "abc"}]}]
    return parse_framework(document)


def test_bppt_2020_items_1_half_1_under_weight_one_score_0_83():
    framework = one_indicator([{"code": f"pemenuhan.1.ii.{c}", "text": c, "answer_type": "abc"}
                               for c in "abc"])
    result = score(framework, {"pemenuhan.1.ii.a": "A", "pemenuhan.1.ii.b": "B",
                               "pemenuhan.1.ii.c": "A"})
    weight, value, percent = result.nodes["pemenuhan.1.ii"]
    assert (weight, value, percent) == (Decimal(1), Decimal("0.83"), Decimal("83.33"))


def test_pn_serang_2022_ya_c_a_under_weight_one_scores_0_67():
    framework = one_indicator([
        {"code": "pemenuhan.1.ii.a", "text": "dokumen", "answer_type": "ya_tidak"},
        {"code": "pemenuhan.1.ii.b", "text": "target", "answer_type": "abc"},
        {"code": "pemenuhan.1.ii.c", "text": "media", "answer_type": "abc"}])
    result = score(framework, {"pemenuhan.1.ii.a": "Ya", "pemenuhan.1.ii.b": "C",
                               "pemenuhan.1.ii.c": "A"})
    assert result.nodes["pemenuhan.1.ii"].score == Decimal("0.67")
    assert result.nodes["pemenuhan.1.ii"].percent == Decimal("66.67")


def test_four_option_b_is_the_literal_0_67_and_percent_comes_from_the_unrounded_sum():
    framework = one_indicator([{"code": f"pemenuhan.1.ii.{c}", "text": c, "answer_type": "abcd"}
                               for c in "abcd"])
    result = score(framework, {"pemenuhan.1.ii.a": "D", "pemenuhan.1.ii.b": "a",
                               "pemenuhan.1.ii.c": "d", "pemenuhan.1.ii.d": "B"})
    assert result.nodes["pemenuhan.1.ii"].exact == Decimal("0.4175")
    assert result.nodes["pemenuhan.1.ii"].percent == Decimal("41.75")


def test_survey_indices_convert_to_the_hasil_values():
    result = score(small_framework(), {"hasil.1.i.a": "3.60", "hasil.2.i.a": "3,2"})
    assert result.nodes["hasil.1.i"].score == Decimal("18.00")  # 3.6 / 4 × 20
    assert result.nodes["hasil.2.i"].score == Decimal("16.00")
    assert result.hasil == Decimal("34.00") and result.total == Decimal("34.00")


def test_a_computed_percentage_divides_its_jumlah_rows_and_caps_at_100():
    framework = small_framework()
    capped = score(framework, {"pemenuhan.6.i.a.1": 4, "pemenuhan.6.i.a.2": 15})
    assert capped.values["pemenuhan.6.i.a"] == Decimal(1)
    # (1 + 0) / 2 × 10: the jumlah rows are not averaged
    assert capped.nodes["pemenuhan.6.i"].score == Decimal("5.00")
    half = score(framework, {"pemenuhan.6.i.a.1": "8", "pemenuhan.6.i.a.2": "4"})
    assert half.values["pemenuhan.6.i.a"] == Decimal("0.5")


def test_a_zero_denominator_is_a_coded_error_naming_the_row():
    error = raises("lke.zero_denominator", score, small_framework(),
                   {"pemenuhan.6.i.a.1": 0, "pemenuhan.6.i.a.2": 3})
    assert error.field == "pemenuhan.6.i.a.1" and "pemenuhan.6.i.a" in error.render("en")


def test_answers_outside_the_item_type_are_coded_errors_with_the_item_code():
    framework = small_framework()
    error = raises("lke.invalid_answer", score, framework, {"pemenuhan.1.i.b": "D"})
    assert error.field == "pemenuhan.1.i.b" and "A, B, C" in error.render("en")
    raises("lke.invalid_answer", score, framework, {"pemenuhan.1.i.a": "mungkin"})
    raises("lke.answer_out_of_range", score, framework, {"hasil.1.i.a": 4.2})
    raises("lke.answer_out_of_range", score, framework, {"pemenuhan.6.i.a.1": -1})
    raises("lke.invalid_answer", score, framework, {"hasil.1.i.a": "tinggi"})
    raises("lke.unknown_item", score, framework, {"pemenuhan.9.i.a": "A"})
    raises("lke.computed_item", score, framework, {"pemenuhan.6.i.a": 80})


def test_unanswered_items_count_zero_and_are_reported():
    result = score(small_framework(), {"pemenuhan.1.i.a": "YA"})
    assert result.nodes["pemenuhan.1.i"].score == Decimal("3.33")
    assert (result.answered, result.scored_items) == (1, 11)
    assert result.areas[1] == Decimal("33.33") and result.areas[2] == Decimal("0.00")


def test_a_full_library_lke_scores_100_when_everything_is_best(lke_library):
    from integritas.lke.selectors import framework_for

    framework = framework_for(None, "permenpanrb-90-2021")
    answers = {}
    for item in framework.items:
        if item.computed_from:
            continue
        answers[item.code] = (item.choices[0] if item.is_choice
                              else {"persen": 100, "indeks": 4, "jumlah": 7}[item.answer_type])
    result = score(framework, answers)
    assert result.total == Decimal("100.00")
    assert result.pengungkit == Decimal("60.00") and result.hasil == Decimal("40.00")
    assert result.nodes["pemenuhan"].weight == 30 and result.nodes["reform.5.iii"].weight == 2


# --- properties ------------------------------------------------------------------------------

FRAMEWORK = small_framework()
CHOICE_ITEMS = [i for i in FRAMEWORK.items if i.is_choice]


def answer_for(item):
    if item.is_choice:
        return st.sampled_from([*item.choices, *(c.lower() for c in item.choices), None])
    if item.answer_type == "indeks":
        return st.decimals(0, 4, places=2) | st.none()
    if item.answer_type == "jumlah":
        return st.integers(1, 500)
    return st.none()


answers_strategy = st.fixed_dictionaries({i.code: answer_for(i) for i in FRAMEWORK.items
                                          if not i.computed_from})


@settings(max_examples=60, deadline=None)
@given(answers_strategy)
def test_scores_stay_within_weights_and_parents_are_the_sum_of_children(answers):
    result = score(FRAMEWORK, answers)
    for node in FRAMEWORK.walk():
        node_score = result.nodes[node.code]
        assert 0 <= node_score.exact <= node.weight
        assert 0 <= node_score.percent <= 100
        if node.children:
            assert node_score.exact == sum(result.nodes[c.code].exact for c in node.children)
    assert result.total == (result.nodes["pengungkit"].exact + result.nodes["hasil"].exact
                            ).quantize(Decimal("0.01"))


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(CHOICE_ITEMS), st.data())
def test_conversion_tables_hold(item, data):
    tables = {"ya_tidak": {"Ya": "1", "Tidak": "0"}, "abc": {"A": "1", "B": "0.5", "C": "0"},
              "abcd": {"A": "1", "B": "0.67", "C": "0.33", "D": "0"},
              "abcde": {"A": "1", "B": "0.75", "C": "0.5", "D": "0.25", "E": "0"}}
    answer = data.draw(st.sampled_from(item.choices))
    spelled = data.draw(st.sampled_from([answer, answer.lower(), answer.upper(), f" {answer} "]))
    assert convert(item, spelled) == Decimal(tables[item.answer_type][answer])


@settings(max_examples=40, deadline=None)
@given(st.decimals(0, 100, places=2))
def test_percentages_and_indices_convert_linearly(value):
    persen = FRAMEWORK.item("pemenuhan.6.i.a")
    indeks = FRAMEWORK.item("hasil.1.i.a")
    assert convert(persen, value) == value / 100
    if value <= 4:
        assert convert(indeks, value) == value / 4
