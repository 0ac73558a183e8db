"""Demo surveys: an open SPAK and SPKP period for seven pilot OPDs with about forty anonymous
responses each, every unit with its own level of perceived integrity and service quality so the
indices (and the LKE hasil values they feed) differ. Everything goes through the services."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from integritas.surveys import services
from integritas.surveys.models import Kind, Questionnaire
from integritas.surveys.testing import load_surveys_library
from integritas.tenancy.models import Unit

PILOTS = 7
RESPONSES = 40
SERVICE_KINDS = (Unit.Kind.AGENCY, Unit.Kind.BOARD, Unit.Kind.HOSPITAL)


def pilot_units(tenant) -> list[Unit]:
    """The first service-giving OPDs (agencies, boards, the hospital), as the ZI pilots."""
    return list(Unit.objects.filter(tenant=tenant, parent__isnull=True, is_active=True,
                                    kind__in=SERVICE_KINDS).order_by("name")[:PILOTS])


def seed_demo(tenant, rng: random.Random) -> None:
    if not Questionnaire.objects.exists():
        load_surveys_library()
    today = timezone.localdate()
    for unit in pilot_units(tenant):
        # Most answers lean to 3–4; a unit's own lean decides its index (about 3.0 to 3.8).
        lean = rng.uniform(0.55, 0.9)
        for kind in Kind.values:
            period = services.open_period(tenant, None, unit=unit, kind=kind,
                                          opens_on=today - dt.timedelta(days=45),
                                          closes_on=today + dt.timedelta(days=45))
            questions = period.questionnaire.questions
            for _ in range(rng.randint(RESPONSES - 6, RESPONSES + 6)):
                answers = {q["code"]: _answer(rng, lean) for q in questions}
                services.submit_responses(tenant, None, periods=[period],
                                          answers={period.pk: answers},
                                          visit=f"demo-{rng.getrandbits(64):x}", today=today)


def _answer(rng: random.Random, lean: float) -> int:
    roll = rng.random()
    if roll < lean * 0.6:
        return 4
    if roll < lean + 0.08:
        return 3
    return 2 if roll < 0.97 else 1
