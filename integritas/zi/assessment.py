"""Writes of the LKE self-assessment and its evaluation: the unit's answers, evidence, the TPI's
(and TPN's) values, items sent back for correction.

Every write re-scores the assessment with the engine (`integritas.lke`) and stores the totals
and node scores on the row, inside the same transaction: a value the engine refuses (an answer
outside the item's type, a denominator of 0) refuses the whole save, so nothing is half-written
and the stored totals are never stale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping

from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from integritas.audit.services import record
from integritas.core.errors import DomainError, NotFound
from integritas.core.services import service
from integritas.lke.eligibility import verdict
from integritas.lke.frameworks import Framework
from integritas.lke.scoring import ScoreResult, convert, score
from integritas.lke.selectors import framework_in_force, framework_row, parsed, rules_for
from integritas.zi.evidence import checked_type, policy_in_force
from integritas.zi.models import (
    LkeAnswer,
    LkeAssessment,
    LkeEvidence,
    Predicate,
    ZiProgramme,
)

KINDS = ("unit", "tpi", "tpn")
EVALUATION_KINDS = ("tpi", "tpn")
VALUE_MAX_LENGTH = LkeAnswer._meta.get_field("unit_value").max_length
TITLE_MAX_LENGTH = LkeEvidence._meta.get_field("title").max_length
WRITTEN_FIELDS = {
    "unit": ("unit_value", "unit_note", "answered_by", "answered_at", "needs_correction"),
    "tpi": ("tpi_value", "tpi_note", "evaluated_by", "evaluated_at"),
    "tpn": ("tpn_value", "tpn_note", "evaluated_by", "evaluated_at"),
}


class AnswerErrors(DomainError):
    """Some answers of a batch were refused; `item_errors` maps each item code to its message.

    Nothing of the batch is saved, so the form can show every message beside its item."""

    def __init__(self, item_errors: dict[str, str]):
        self.item_errors = item_errors
        super().__init__("zi_answers_invalid", ngettext_lazy(
            "%(count)s answer needs correcting; nothing was saved.",
            "%(count)s answers need correcting; nothing was saved.", "count"),
            field=next(iter(item_errors)), count=len(item_errors))

    def as_dict(self) -> dict:
        return {**super().as_dict(), "items": self.item_errors}


# --- Assessments -------------------------------------------------------------------------------

@service
def start_assessment(tenant, actor, programme: ZiProgramme, *, year: int) -> LkeAssessment:
    """The unit's LKE for `year`, on the framework in force at the end of that year."""
    if not isinstance(programme, ZiProgramme) or programme.tenant_id != tenant.pk:
        raise NotFound("zi_programme_not_found", _("The programme does not exist."))
    if not isinstance(year, int) or not programme.declared_on.year <= year <= 2100:
        raise DomainError("zi_assessment_year",
                          _("Choose a year from %(first)s, the year of the declaration."),
                          field="year", first=programme.declared_on.year)
    if LkeAssessment.objects.filter(tenant=tenant, unit=programme.unit_id, year=year).exists():
        raise DomainError("zi_assessment_exists",
                          _("The self-assessment for %(year)s already exists."), field="year",
                          year=year)
    framework = framework_in_force(tenant, dt.date(year, 12, 31))
    assessment = LkeAssessment.objects.create(
        tenant=tenant, programme=programme, unit_id=programme.unit_id, year=year,
        framework=framework_row(tenant, framework.code),
        item_count=sum(1 for item in framework.items if not item.computed_from),
    )
    rescore(assessment, framework)
    record(tenant, actor, "zi.assessment.start", assessment,
           {"unit": programme.unit_id, "year": year, "framework": framework.code})
    return assessment


@service
def answer_items(tenant, actor, assessment: LkeAssessment,
                 answers: Mapping[str, Mapping[str, str]]) -> LkeAssessment:
    """The unit's answers: `{item_code: {"value": "B", "note": "..."}}` (either key optional).

    Answering an item that was sent back marks its correction as done."""
    return _write(tenant, actor, assessment, answers, "unit")


@service
def evaluate_items(tenant, actor, assessment: LkeAssessment,
                   values: Mapping[str, Mapping[str, str]], *, stage: str = "tpi"
                   ) -> LkeAssessment:
    """The TPI's (or, later, the TPN's) own values and notes, item by item."""
    if stage not in EVALUATION_KINDS:
        raise DomainError("zi_stage_unknown", _("The stage is TPI or TPN."), field="stage")
    ensure_not_conflicted(tenant, actor, assessment)
    return _write(tenant, actor, assessment, values, stage)


@service
def send_back(tenant, actor, assessment: LkeAssessment, item_code: str, *, note: str
              ) -> LkeAnswer:
    """The TPI returns an item to the unit with what to correct."""
    assessment = _locked(tenant, assessment)
    ensure_not_conflicted(tenant, actor, assessment)
    framework = parsed(assessment.framework)
    _item(framework, item_code)
    note = (note or "").strip()
    if not note:
        raise DomainError("zi_correction_note_required",
                          _("Say what the unit must correct."), field="note")
    answer = _answers(tenant, assessment, [item_code])[item_code]
    answer.needs_correction = True
    answer.correction_note = note
    answer.save()
    rescore(assessment, framework)
    record(tenant, actor, "zi.answer.send_back", answer,
           {"assessment": assessment.pk, "item": item_code, "note": note})
    return answer


def ensure_not_conflicted(tenant, actor, assessment: LkeAssessment) -> None:
    """An evaluator with a declared conflict on the unit does not see the assessment (404)."""
    from integritas.conflicts.selectors import conflicted_user_ids

    excluded = conflicted_user_ids(tenant, subject_kind="zi_assessment",
                                   subject_ref=str(assessment.pk), unit=assessment.unit)
    if getattr(actor, "pk", None) in excluded:
        raise NotFound("zi_assessment_not_found", _("The self-assessment does not exist."))


# --- Evidence ----------------------------------------------------------------------------------

@service
def add_evidence_file(tenant, actor, assessment: LkeAssessment, item_code: str, *,
                      title: str, upload, today: dt.date | None = None) -> LkeEvidence:
    """A file as evidence for one row; a new file under an existing title is its next version."""
    assessment = _locked(tenant, assessment)
    _item(parsed(assessment.framework), item_code)
    if upload is None:
        raise DomainError("zi_evidence_file_required", _("Choose the file to upload."),
                          field="file")
    file_type = checked_type(upload, policy_in_force(today or timezone.localdate()))
    data = upload.read()
    evidence = _new_evidence(tenant, actor, assessment, item_code, title,
                             kind=LkeEvidence.Kind.FILE, file_type=file_type, size=len(data),
                             sha256=hashlib.sha256(data).hexdigest())
    upload.seek(0)
    evidence.file.save(upload.name or f"bukti.{file_type}", upload, save=True)
    record(tenant, actor, "zi.evidence.upload", evidence, {
        "assessment": assessment.pk, "item": item_code, "title": evidence.title,
        "version": evidence.version, "sha256": evidence.sha256, "bytes": evidence.size})
    return evidence


@service
def add_evidence_link(tenant, actor, assessment: LkeAssessment, item_code: str, *,
                      title: str, url: str) -> LkeEvidence:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    assessment = _locked(tenant, assessment)
    _item(parsed(assessment.framework), item_code)
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise DomainError("zi_evidence_url", _("Enter a link starting with https:// or http://."),
                          field="url") from None
    evidence = _new_evidence(tenant, actor, assessment, item_code, title,
                             kind=LkeEvidence.Kind.LINK, url=url[:500])
    evidence.save()
    record(tenant, actor, "zi.evidence.link", evidence, {
        "assessment": assessment.pk, "item": item_code, "title": evidence.title,
        "version": evidence.version, "url": evidence.url})
    return evidence


def _new_evidence(tenant, actor, assessment, item_code, title, **fields) -> LkeEvidence:
    title = " ".join((title or "").split())
    if not title:
        raise DomainError("zi_evidence_title_required",
                          _("Give the evidence a title (for example “SK Tim ZI 2026”)."),
                          field="title")
    title = title[:TITLE_MAX_LENGTH]
    key = slugify(title)[:60] or "bukti"
    answer = _answers(tenant, assessment, [item_code])[item_code]
    previous = LkeEvidence.objects.filter(tenant=tenant, answer=answer, title_key=key)
    version = (previous.aggregate(top=Max("version"))["top"] or 0) + 1
    previous.filter(is_current=True).update(is_current=False, updated_at=timezone.now())
    return LkeEvidence(tenant=tenant, answer=answer, title=title, title_key=key,
                       version=version, uploaded_by=actor if getattr(actor, "pk", None) else None,
                       **fields)


# --- Scoring -----------------------------------------------------------------------------------

def results_of(assessment: LkeAssessment, framework: Framework | None = None
               ) -> dict[str, ScoreResult | None]:
    """The engine's result for each of the unit, TPI and TPN values (None: not evaluated)."""
    return _results(framework or parsed(assessment.framework), _given(assessment))


def _given(assessment: LkeAssessment) -> dict[str, dict[str, str]]:
    """The values given per kind, `{"unit": {item_code: value}, ...}`, and `"returned"`: the
    codes sent back for correction; one query."""
    rows = LkeAnswer.objects.filter(tenant_id=assessment.tenant_id, assessment=assessment)
    given = {kind: {} for kind in (*KINDS, "returned")}
    for code, needs_correction, *values in rows.values_list(
            "item_code", "needs_correction", "unit_value", "tpi_value", "tpn_value"):
        for kind, value in zip(KINDS, values, strict=True):
            if value:
                given[kind][code] = value
        if needs_correction:
            given["returned"][code] = True
    return given


def _results(framework: Framework, given: dict) -> dict[str, ScoreResult | None]:
    values = {kind: {code: value for code, value in given[kind].items()
                     if framework.has_item(code)} for kind in KINDS}
    return {kind: score(framework, values[kind]) if kind == "unit" or values[kind] else None
            for kind in KINDS}


def rescore(assessment: LkeAssessment, framework: Framework | None = None) -> LkeAssessment:
    """Store the totals, node scores, counts and the LKE conditions met (prerequisites of the
    instansi aside: they change without the LKE and are checked when shown)."""
    framework = framework or parsed(assessment.framework)
    given = _given(assessment)
    results = _results(framework, given)
    ranked_kind = next(kind for kind in reversed(KINDS) if results[kind] is not None)
    ranked = results[ranked_kind]
    rules = rules_for(framework)
    has_wbk = assessment.programme.predicate in (Predicate.WBK, Predicate.WBBM)
    assessment.unit_total = results["unit"].total
    assessment.tpi_total = results["tpi"].total if results["tpi"] else None
    assessment.tpn_total = results["tpn"].total if results["tpn"] else None
    assessment.ranking_total = ranked.total
    assessment.ranking_source = ranked_kind
    assessment.eligible_wbk = verdict(ranked, predicate="wbk", has_wbk=has_wbk,
                                      prerequisites=None, rules=rules).eligible
    assessment.eligible_wbbm = verdict(ranked, predicate="wbbm", has_wbk=has_wbk,
                                       prerequisites=None, rules=rules).eligible
    assessment.answered = len(given["unit"])
    assessment.evaluated = len(given["tpi"])
    assessment.returned = len(given["returned"])
    assessment.scores = {kind: _stored(result) for kind, result in results.items() if result}
    assessment.scored_at = timezone.now()
    assessment.save()
    return assessment


def _stored(result: ScoreResult) -> dict:
    """The result as stored on the assessment: every node, and each answered item's value."""
    values = {code: str(value) for code, value in result.values.items() if value is not None}
    return {**result.to_dict(), "values": values}


# --- Shared ------------------------------------------------------------------------------------

def _write(tenant, actor, assessment, entries: Mapping[str, Mapping[str, str]], kind: str
           ) -> LkeAssessment:
    assessment = _locked(tenant, assessment)
    framework = parsed(assessment.framework)
    cleaned, errors = _cleaned(framework, entries)
    if errors:
        raise AnswerErrors(errors)
    answers = _answers(tenant, assessment, list(cleaned))
    now = timezone.now()
    changes, changed = {}, []
    for code, entry in cleaned.items():
        answer = answers[code]
        before = (getattr(answer, f"{kind}_value"), getattr(answer, f"{kind}_note"))
        value = entry.get("value", before[0])
        note = entry.get("note", before[1])
        if (value, note) == before:
            continue
        setattr(answer, f"{kind}_value", value)
        setattr(answer, f"{kind}_note", note)
        if kind == "unit":
            answer.answered_by, answer.answered_at = _user(actor), now
            answer.needs_correction = False
        else:
            answer.evaluated_by, answer.evaluated_at = _user(actor), now
        answer.updated_at = now
        changed.append(answer)
        changes[code] = [before[0], value]
    if changes:
        LkeAnswer.objects.bulk_update(changed, [*WRITTEN_FIELDS[kind], "updated_at"])
        rescore(assessment, framework)
        record(tenant, actor, f"zi.answer.{'answer' if kind == 'unit' else kind}", assessment,
               {"values": changes})
    return assessment


def _cleaned(framework: Framework, entries) -> tuple[dict, dict[str, str]]:
    """Each entry's value normalised and checked by the engine; errors by item code."""
    cleaned, errors = {}, {}
    for code, entry in (entries or {}).items():
        try:
            item = _item(framework, code)
        except DomainError as error:
            errors[str(code)] = error.render()
            continue
        entry = dict(entry or {})
        if "value" in entry:
            value = " ".join(str(entry["value"] if entry["value"] is not None else "").split())
            try:
                _check_value(item, value)
            except DomainError as error:
                errors[code] = error.render()
                continue
            entry["value"] = _canonical(item, value)
        if "note" in entry:
            entry["note"] = str(entry["note"] or "").strip()
        cleaned[code] = entry
    return cleaned, errors


def _check_value(item, value: str) -> None:
    if item.computed_from and value:
        raise DomainError("lke.computed_item", _(
            "Item %(item)s is computed from %(numerator)s and %(denominator)s: answer those "
            "instead."), field=item.code, item=item.code, numerator=item.computed_from[0],
            denominator=item.computed_from[1])
    if len(value) > VALUE_MAX_LENGTH:
        raise DomainError("zi_value_too_long", _("The answer is too long."), field=item.code)
    convert(item, value)


def _canonical(item, value: str) -> str:
    """Choices as the LKE writes them ("ya" → "Ya", "b" → "B"); numbers as entered."""
    if item.is_choice and value:
        return next(choice for choice in item.choices if choice.casefold() == value.casefold())
    return value


def _item(framework: Framework, code):
    if not isinstance(code, str) or not framework.has_item(code):
        raise DomainError("lke.unknown_item",
                          _("%(item)s is not an item of the framework %(framework)s."),
                          field=str(code), item=code, framework=framework.code)
    return framework.item(code)


def _answers(tenant, assessment, codes: list[str]) -> dict[str, LkeAnswer]:
    """The answer rows of `codes`, created empty where missing."""
    rows = {a.item_code: a for a in LkeAnswer.objects.filter(
        tenant=tenant, assessment=assessment, item_code__in=codes)}
    missing = [LkeAnswer(tenant=tenant, assessment=assessment, item_code=code)
               for code in codes if code not in rows]
    if missing:
        LkeAnswer.objects.bulk_create(missing)
        rows.update({a.item_code: a for a in LkeAnswer.objects.filter(
            tenant=tenant, assessment=assessment, item_code__in=[m.item_code for m in missing])})
    return rows


def _locked(tenant, assessment) -> LkeAssessment:
    if not isinstance(assessment, LkeAssessment) or assessment.tenant_id != tenant.pk:
        raise NotFound("zi_assessment_not_found", _("The self-assessment does not exist."))
    return (LkeAssessment.objects.select_for_update(of=("self",))
            .select_related("framework", "programme", "unit").get(pk=assessment.pk))


def _user(actor):
    return actor if getattr(actor, "pk", None) else None
