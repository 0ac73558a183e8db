"""Small frameworks built in code, so each test states exactly the tree it scores."""

from __future__ import annotations

import copy

import pytest

from integritas.core.errors import DomainError
from integritas.lke.frameworks import parse_framework


def raises(expected: str, func, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        func(*args, **kwargs)
    assert caught.value.code == expected, caught.value
    return caught.value


def area(number: int, weight, items, prefix="pemenuhan"):
    return {"code": f"{prefix}.{number}", "title": f"Area {number}", "weight": weight,
            "area": number, "children": [
                {"code": f"{prefix}.{number}.i", "title": "Indikator", "weight": weight,
                 "items": items}]}


def item(code, answer_type="abc", **extra):
    return {"code": code, "text": f"Item {code}", "answer_type": answer_type, **extra}


def small_document(**overrides) -> dict:
    """Pengungkit 60 over six areas of 10, hasil 40 = IPAK 20 + IPKP 20."""
    areas = [area(1, 10, [item("pemenuhan.1.i.a", "ya_tidak"), item("pemenuhan.1.i.b", "abc"),
                          item("pemenuhan.1.i.c", "abc")])]
    areas += [area(n, 10, [item(f"pemenuhan.{n}.i.a", "abcd")]) for n in range(2, 6)]
    areas.append(area(6, 10, [
        item("pemenuhan.6.i.a", "persen", computed_from={"numerator": "pemenuhan.6.i.a.2",
                                                          "denominator": "pemenuhan.6.i.a.1"}),
        item("pemenuhan.6.i.a.1", "jumlah"), item("pemenuhan.6.i.a.2", "jumlah"),
        item("pemenuhan.6.i.b", "abcde")]))
    document = {
        "code": "lke-uji", "title": "LKE uji", "regulation": "Peraturan uji",
        "effective_from": "2027-01-01",
        "nodes": [
            {"code": "pengungkit", "title": "Pengungkit", "weight": 60, "children": [
                {"code": "pemenuhan", "title": "Pemenuhan", "weight": 60, "children": areas}]},
            {"code": "hasil", "title": "Hasil", "weight": 40, "children": [
                {"code": "hasil.1", "title": "Bersih", "weight": 20, "children": [
                    {"code": "hasil.1.i", "title": "IPAK", "weight": 20,
                     "items": [item("hasil.1.i.a", "indeks")]}]},
                {"code": "hasil.2", "title": "Prima", "weight": 20, "children": [
                    {"code": "hasil.2.i", "title": "IPKP", "weight": 20,
                     "items": [item("hasil.2.i.a", "indeks")]}]}]},
        ],
    }
    document.update(overrides)
    return copy.deepcopy(document)


def small_framework(**overrides):
    return parse_framework(small_document(**overrides))
