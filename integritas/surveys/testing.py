"""For tests and demo data: load `libraries/surveys/` and answer a period as a visitor would."""

from __future__ import annotations

import secrets

from integritas.core.libraries import LIBRARIES_DIR, read_folder
from integritas.surveys import services
from integritas.surveys.libraries import load_surveys


def load_surveys_library():
    return load_surveys(read_folder(LIBRARIES_DIR / "surveys"))


def answer(tenant, period, values, *, today=None):
    """One visit's response to `period`: `values` is one scale value per question, or a single
    value for every question."""
    questions = period.questionnaire.questions
    if isinstance(values, int):
        values = [values] * len(questions)
    answers = {q["code"]: value for q, value in zip(questions, values, strict=True)}
    return services.submit_responses(tenant, None, periods=[period],
                                     answers={period.pk: answers},
                                     visit=secrets.token_hex(8), today=today)[0]
