"""Parsing the interchange format: a good document builds a tree, a bad one lists every problem."""

import datetime as dt
from decimal import Decimal

import pytest

from integritas.lke.frameworks import FrameworkError, parse_framework
from integritas.lke.tests.helpers import small_document, small_framework


def problems_of(document) -> dict[str, list[str]]:
    with pytest.raises(FrameworkError) as caught:
        parse_framework(document)
    found: dict[str, list[str]] = {}
    for code, message in caught.value.problems:
        found.setdefault(code, []).append(message)
    return found


def test_a_framework_document_builds_an_indexed_tree():
    framework = small_framework()
    assert framework.code == "lke-uji" and framework.effective_from == dt.date(2027, 1, 1)
    assert framework.node("pemenuhan.1").area == 1
    assert framework.node("pemenuhan.1.i").weight == Decimal(10)
    assert framework.item("pemenuhan.1.i.b").choices == ("A", "B", "C")
    assert framework.item("pemenuhan.6.i.a").computed_from == ("pemenuhan.6.i.a.2",
                                                              "pemenuhan.6.i.a.1")
    assert framework.area_of("pemenuhan.6.i.a.1") == 6 and framework.area_of("hasil.1.i.a") is None
    assert [n.code for n in framework.walk()][:3] == ["pengungkit", "pemenuhan", "pemenuhan.1"]


def test_a_framework_round_trips_through_its_dictionary():
    framework = small_framework()
    again = parse_framework(framework.to_dict())
    assert [i.code for i in again.items] == [i.code for i in framework.items]
    assert again.content_hash == parse_framework(framework.to_dict()).content_hash


def test_every_problem_is_listed_with_its_code():
    document = small_document()
    pemenuhan = document["nodes"][0]["children"][0]
    pemenuhan["children"][0]["weight"] = 9  # the children of pemenuhan no longer add up
    indicator = pemenuhan["children"][1]["children"][0]
    indicator["items"].append({"code": "pemenuhan.1.i.a", "text": "again", "answer_type": "abc"})
    indicator["items"].append({"code": "pemenuhan.2.i.z", "text": "z", "answer_type": "yes_no"})
    area6 = pemenuhan["children"][5]["children"][0]
    area6["items"][0]["computed_from"]["denominator"] = "pemenuhan.6.i.x"
    pemenuhan["children"][2]["area"] = 9

    found = problems_of(document)

    assert any("add up to 59, not to the node's weight 60" in m for m in found["pemenuhan"])
    assert any("add up to 10, not to the node's weight 9" in m for m in found["pemenuhan.1"])
    assert found["pemenuhan.1.i.a"] == ["duplicate code"]
    assert "unknown answer type 'yes_no'" in found["pemenuhan.2.i.z"][0]
    assert "not an item of this framework" in found["pemenuhan.6.i.a"][0]
    assert "from 1 to 6" in found["pemenuhan.3"][0]
    assert any("areas 3 have no node" in m for m in found["(framework)"])


def test_a_computed_percentage_must_point_at_jumlah_rows_and_never_at_itself():
    document = small_document()
    area6 = document["nodes"][0]["children"][0]["children"][5]["children"][0]
    area6["items"][0]["computed_from"] = {"numerator": "pemenuhan.6.i.a",
                                          "denominator": "pemenuhan.6.i.b"}
    found = problems_of(document)["pemenuhan.6.i.a"]
    assert any("circular" in m for m in found)
    assert any("must be a `jumlah` item" in m for m in found)


def test_a_framework_needs_both_components_adding_up_to_100():
    document = small_document()
    document["nodes"] = document["nodes"][:1]
    found = problems_of(document)["(framework)"]
    assert "a top-level node `hasil` is required" in found
    assert "the top-level weights add up to 60, not to 100" in found


def test_a_node_with_both_children_and_items_and_missing_fields_are_refused():
    document = small_document(code="X", effective_from="soon")
    document["nodes"][1]["children"][0]["items"] = []
    found = problems_of(document)
    assert any("lowercase" in m for m in found["(framework)"])
    assert any("effective_from" in m for m in found["(framework)"])
    assert found["hasil.1"] == ["a node has either `children` or `items` (exactly one)"]


def test_a_scale_can_be_overridden_by_the_document():
    framework = small_framework(scales={"abcd": {"A": 1, "B": "0.66", "C": "0.33", "D": 0}})
    assert dict(framework.item("pemenuhan.2.i.a").scale)["B"] == Decimal("0.66")
    assert problems_of(small_document(scales={"abcd": {"A": 1}}))["(framework)"]
