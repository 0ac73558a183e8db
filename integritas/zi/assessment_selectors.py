"""Reads of LKE self-assessments: one assessment as the grant and the evaluator's conflicts
allow, its rows area by area with answers and evidence, progress, and the Pemda ranking."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from integritas.accounts.permissions import Grant
from integritas.core.errors import NotFound
from integritas.lke.frameworks import AREAS, Framework, Item, Node
from integritas.tenancy.selectors import unit_paths_q
from integritas.zi.models import LkeAnswer, LkeAssessment, LkeEvidence, ZiProgramme

HASIL = "hasil"
SECTIONS = (*(str(area) for area in AREAS), HASIL)


def assessments_for(tenant, grant: Grant) -> QuerySet[LkeAssessment]:
    if not grant.allowed:
        return LkeAssessment.objects.none()
    return (LkeAssessment.objects.filter(tenant=tenant)
            .filter(unit_paths_q(grant, "unit__path"))
            .select_related("unit", "framework", "programme"))


def assessments_of(programme: ZiProgramme) -> list[LkeAssessment]:
    rows = list(LkeAssessment.objects.filter(tenant_id=programme.tenant_id, programme=programme)
                .select_related("framework").order_by("-year"))
    for row in rows:
        row.framework_title = row.framework.title
    return rows


def assessment_for(tenant, grant: Grant, programme_pk, year, *, evaluator=None
                   ) -> LkeAssessment:
    """One assessment; for an evaluator with a declared conflict on the unit, none (404)."""
    assessment = assessments_for(tenant, grant).filter(programme_id=programme_pk,
                                                       year=year).first()
    if assessment is None:
        raise NotFound("zi_assessment_not_found", _("The self-assessment does not exist."))
    if evaluator is not None:
        from integritas.zi.assessment import ensure_not_conflicted

        ensure_not_conflicted(tenant, evaluator, assessment)
    return assessment


def answers_by_code(assessment: LkeAssessment) -> dict[str, LkeAnswer]:
    return {a.item_code: a for a in LkeAnswer.objects.filter(
        tenant_id=assessment.tenant_id, assessment=assessment)}


def evidence_by_code(assessment: LkeAssessment, *, current_only: bool = False
                     ) -> dict[str, list[LkeEvidence]]:
    rows = (LkeEvidence.objects.filter(tenant_id=assessment.tenant_id,
                                       answer__assessment=assessment)
            .select_related("answer").order_by("title_key", "-version"))
    if current_only:
        rows = rows.filter(is_current=True)
    found: dict[str, list[LkeEvidence]] = {}
    for evidence in rows:
        found.setdefault(evidence.answer.item_code, []).append(evidence)
    return found


def evidence_for(assessment: LkeAssessment, pk) -> LkeEvidence:
    evidence = (LkeEvidence.objects.filter(tenant_id=assessment.tenant_id,
                                           answer__assessment=assessment, pk=pk).first())
    if evidence is None:
        raise NotFound("zi_evidence_not_found", _("The evidence does not exist."))
    return evidence


# --- Sections (areas) and their rows -----------------------------------------------------------

def section_nodes(framework: Framework, section: str) -> tuple[Node, ...]:
    """The nodes of an area of change (across pemenuhan and reform) or of the hasil component."""
    if section == HASIL:
        return (framework.node(HASIL),) if framework.has_node(HASIL) else ()
    if section in SECTIONS:
        return framework.area_nodes(int(section))
    return ()


def section_title(framework: Framework, section: str) -> str:
    nodes = section_nodes(framework, section)
    return nodes[0].title if nodes else ""


def answerable(item: Item) -> bool:
    """Rows the unit enters: everything but a percentage computed from two `jumlah` rows."""
    return not item.computed_from


def section_items(framework: Framework, section: str) -> list[Item]:
    items = []
    for node in section_nodes(framework, section):
        items.extend(_items_below(node))
    return items


def _items_below(node: Node) -> list[Item]:
    if node.children:
        return [item for child in node.children for item in _items_below(child)]
    return list(node.items)


@dataclass
class Indicator:
    """An indicator (a node with items) and its rows, for the answer and evaluation pages."""

    node: Node
    path: list[str]
    rows: list[dict] = field(default_factory=list)


def section_indicators(framework: Framework, section: str) -> list[Indicator]:
    indicators = []

    def walk(node: Node, path: list[str]):
        if node.children:
            for child in node.children:
                walk(child, [*path, node.title])
        else:
            indicators.append(Indicator(node, path))

    for node in section_nodes(framework, section):
        walk(node, [])
    return indicators


@dataclass(frozen=True)
class SectionProgress:
    section: str
    title: str
    items: int
    answered: int
    evaluated: int
    returned: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.items) if self.items else 0


def progress_by_section(framework: Framework, answers: dict[str, LkeAnswer]
                        ) -> list[SectionProgress]:
    rows = []
    for section in SECTIONS:
        items = [item for item in section_items(framework, section) if answerable(item)]
        given = [answers[item.code] for item in items if item.code in answers]
        rows.append(SectionProgress(
            section, section_title(framework, section), len(items),
            sum(1 for a in given if a.unit_value), sum(1 for a in given if a.tpi_value),
            sum(1 for a in given if a.needs_correction)))
    return rows


# --- Ranking -----------------------------------------------------------------------------------

def ranking(tenant, grant: Grant, year: int) -> QuerySet[LkeAssessment]:
    """The units' assessments of `year`, best first: stored totals, nothing re-scored."""
    return (assessments_for(tenant, grant).filter(year=year)
            .only("id", "year", "unit_total", "tpi_total", "tpn_total", "ranking_total",
                  "ranking_source", "eligible_wbk", "eligible_wbbm", "answered", "item_count",
                  "programme_id", "programme__status", "programme__predicate",
                  "unit__name", "unit__path", "framework__code")
            .order_by("-ranking_total", "unit__path"))


def ranking_years(tenant, grant: Grant) -> list[int]:
    return sorted(set(assessments_for(tenant, grant).values_list("year", flat=True)),
                  reverse=True)
