"""A register of Dukcapil with risks, for the `world` personas."""

from __future__ import annotations

import datetime as dt

import pytest

from integritas.core.errors import DomainError
from integritas.risk import services

YEAR = 2027


def raises(expected: str, func, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        func(*args, **kwargs)
    assert caught.value.code == expected, caught.value
    return caught.value


def risk_fields(**overrides) -> dict:
    fields = {
        "statement": "Pungutan liar dalam penerbitan KTP-el",
        "category": "fraud", "source": "internal",
        "cause": "Antrean panjang dan tatap muka langsung",
        "consequence": "Kerugian masyarakat, turunnya kepercayaan",
        "controls": "Papan informasi biaya nol rupiah",
        "control_effectiveness": "kurang_memadai",
        "likelihood": 4, "impact": 4, "response": "kurangi",
        "residual_likelihood": 2, "residual_impact": 3,
    }
    return {**fields, **overrides}


def make_register(world, persona="opd_head", **overrides):
    values = {"unit": world.units["dukcapil"], "year": YEAR, "level": "opd",
              "goal": "Meningkatnya kualitas layanan adminduk",
              "goal_indicator": "Indeks kepuasan masyarakat", "appetite": 10}
    return services.create_register(world.tenant, world.users[persona], **{**values, **overrides})


def plan_fields(**overrides) -> dict:
    fields = {"action": "Layanan daring KTP-el", "kind": "preventif",
              "owner": "Kepala Bidang Pelayanan", "starts_on": dt.date(YEAR, 2, 1),
              "due_on": dt.date(YEAR, 6, 30), "output_indicator": "Aplikasi berjalan",
              "budget": 50_000_000}
    return {**fields, **overrides}
