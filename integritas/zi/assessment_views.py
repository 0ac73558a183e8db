"""LKE pages: the assessment with its scores and eligibility, one area of change to answer (the
ZI coordinator) or evaluate (the TPI), evidence, the Pemda ranking and the exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import has_perm
from integritas.core.errors import DomainError, NotFound
from integritas.core.listing import Column, ListSpec, apply_list
from integritas.lke.eligibility import improvement_candidates, verdict
from integritas.lke.selectors import parsed, rules_for
from integritas.zi import assessment as lke
from integritas.zi import assessment_selectors as selectors
from integritas.zi import exports
from integritas.zi.evidence import policy_in_force
from integritas.zi.live_data import LiveData, instansi_prerequisites
from integritas.zi.models import LkeAssessment, Predicate, ZiProgramme
from integritas.zi.selectors import programme_for

KIND_LABELS = {"unit": gettext_lazy("Unit value"), "tpi": gettext_lazy("TPI value"),
               "tpn": gettext_lazy("TPN value")}
CANDIDATES_PER_AREA = 3


# --- The assessment ----------------------------------------------------------------------------

@tenant_view("zi.assess", methods=("POST",))
def assessment_create(request, tenant_slug, pk):
    try:
        programme = programme_for(request.tenant, request.grant, pk)
    except NotFound:
        raise Http404 from None
    year = _int(request.POST.get("year"))
    try:
        assessment = lke.start_assessment(request.tenant, request.user, programme,
                                          year=year)
    except DomainError as error:
        messages.error(request, error.render())
        return redirect(reverse("zi:programme_detail", args=[tenant_slug, pk]) + "#lke")
    return redirect("zi:assessment_detail", tenant_slug=tenant_slug, pk=pk,
                    year=assessment.year)


@tenant_view("zi.view")
def assessment_detail(request, tenant_slug, pk, year):
    assessment = _assessment(request, pk, year)
    framework = parsed(assessment.framework)
    results = lke.results_of(assessment, framework)
    answers = selectors.answers_by_code(assessment)
    shown_kind = assessment.ranking_source
    return render(request, "zi/assessment_detail.html", {
        "assessment": assessment,
        "programme": assessment.programme,
        "framework": framework,
        "progress": selectors.progress_by_section(framework, answers),
        "score_rows": _score_rows(framework, assessment),
        "kinds": [(kind, KIND_LABELS[kind]) for kind in lke.KINDS if results[kind]],
        "shown_kind": shown_kind,
        "shown_label": KIND_LABELS[shown_kind],
        "verdicts": _verdicts(request.tenant, assessment, framework, results[shown_kind]),
        "candidates": _candidates(framework, answers, shown_kind),
        "can_assess": has_perm(request.memberships, "zi.assess"),
        "can_evaluate": has_perm(request.memberships, "zi.evaluate"),
    })


def _score_rows(framework, assessment: LkeAssessment) -> list[dict]:
    """Components, sub-components and areas (not indicators): the summary table, from the
    stored scores."""
    rows = []
    for node in framework.walk():
        depth = node.code.count(".")
        if depth > 1 or (depth == 1 and node.code.startswith("hasil")):
            continue
        rows.append({"node": node, "depth": depth + (1 if node.area else 0),
                     "values": {kind: assessment.scores.get(kind, {}).get("nodes", {})
                                .get(node.code) for kind in lke.KINDS}})
    return rows


def _verdicts(tenant, assessment, framework, result) -> list:
    rules = rules_for(framework)
    has_wbk = assessment.programme.predicate in (Predicate.WBK, Predicate.WBBM)
    prerequisites = instansi_prerequisites(tenant, assessment.year)
    return [verdict(result, predicate=predicate, has_wbk=has_wbk, prerequisites=prerequisites,
                    rules=rules, framework=framework) for predicate in ("wbk", "wbbm")]


def _candidates(framework, answers, kind: str) -> list[dict]:
    """"What would it take": the best improvements per area, for the values shown."""
    given = {code: getattr(answer, f"{kind}_value") for code, answer in answers.items()
             if getattr(answer, f"{kind}_value") and framework.has_item(code)}
    groups: dict = {}
    for candidate in improvement_candidates(framework, given, limit=CANDIDATES_PER_AREA):
        key = str(candidate.area) if candidate.area else selectors.HASIL
        groups.setdefault(key, []).append(candidate)
    return [{"section": key, "title": selectors.section_title(framework, key),
             "candidates": found} for key, found in groups.items()]


# --- One area: answers, evaluation, evidence ---------------------------------------------------

@tenant_view("zi.view")
def section(request, tenant_slug, pk, year, section):
    assessment = _assessment(request, pk, year)
    if section not in selectors.SECTIONS:
        raise Http404
    return render(request, "zi/section.html", _section_context(request, assessment, section))


@tenant_view("zi.assess", methods=("POST",))
def section_answer(request, tenant_slug, pk, year, section):
    return _save_section(request, pk, year, section, "unit")


@tenant_view("zi.evaluate", methods=("POST",))
def section_evaluate(request, tenant_slug, pk, year, section):
    return _save_section(request, pk, year, section, "tpi")


def _save_section(request, pk, year, section, kind):
    assessment = _assessment(request, pk, year)
    framework = parsed(assessment.framework)
    if section not in selectors.SECTIONS:
        raise Http404
    entries = {}
    for item in selectors.section_items(framework, section):
        if f"value-{item.code}" in request.POST:
            entries[item.code] = {"value": request.POST.get(f"value-{item.code}", ""),
                                  "note": request.POST.get(f"note-{item.code}", "")}
    try:
        if kind == "unit":
            lke.answer_items(request.tenant, request.user, assessment, entries)
        else:
            lke.evaluate_items(request.tenant, request.user, assessment, entries, stage=kind)
    except lke.AnswerErrors as error:
        messages.error(request, error.render())
        return render(request, "zi/section.html", _section_context(
            request, assessment, section, errors=error.item_errors, posted={kind: entries}),
            status=400)
    except DomainError as error:
        messages.error(request, error.render())
        return render(request, "zi/section.html", _section_context(
            request, assessment, section, errors={error.field: error.render()},
            posted={kind: entries}), status=400)
    messages.success(request, _("Saved. The scores are up to date."))
    return redirect("zi:section", tenant_slug=request.tenant.slug, pk=pk, year=year,
                    section=section)


@tenant_view("zi.evaluate", methods=("POST",))
def item_send_back(request, tenant_slug, pk, year, section):
    assessment = _assessment(request, pk, year)
    code = request.POST.get("item", "")
    try:
        lke.send_back(request.tenant, request.user, assessment, code,
                      note=request.POST.get("note", ""))
    except DomainError as error:
        messages.error(request, error.render())
    else:
        messages.success(request, _("Item %(item)s is sent back to the unit.") % {"item": code})
    return _back_to_item(request, pk, year, section, code)


@tenant_view("zi.assess", methods=("POST",))
def evidence_add(request, tenant_slug, pk, year, section):
    assessment = _assessment(request, pk, year)
    code = request.POST.get("item", "")
    title = request.POST.get("title", "")
    try:
        if request.FILES.get("file"):
            lke.add_evidence_file(request.tenant, request.user, assessment, code, title=title,
                                  upload=request.FILES["file"])
        else:
            lke.add_evidence_link(request.tenant, request.user, assessment, code, title=title,
                                  url=request.POST.get("url", ""))
    except DomainError as error:
        messages.error(request, f"{code}: {error.render()}")
    else:
        messages.success(request, _("The evidence is attached to %(item)s.") % {"item": code})
    return _back_to_item(request, pk, year, section, code)


@tenant_view("zi.view")
def evidence_download(request, tenant_slug, pk, year, evidence_pk):
    assessment = _assessment(request, pk, year)
    try:
        evidence = selectors.evidence_for(assessment, evidence_pk)
    except NotFound:
        raise Http404 from None
    if evidence.kind == evidence.Kind.LINK:
        return redirect(evidence.url)
    return FileResponse(evidence.file.open("rb"), as_attachment=True,
                        filename=exports.evidence_filename(evidence))


def _section_context(request, assessment, section, *, errors=None, posted=None) -> dict:
    tenant = request.tenant
    framework = parsed(assessment.framework)
    answers = selectors.answers_by_code(assessment)
    evidence = selectors.evidence_by_code(assessment)
    live = LiveData(tenant, assessment.unit, assessment.year)
    policy = policy_in_force(timezone.localdate())
    proposal_map = policy.proposals.get(framework.code, {})
    errors, posted = errors or {}, posted or {}
    nodes = {kind: assessment.scores.get(kind, {}).get("nodes", {}) for kind in lke.KINDS}
    indicators = selectors.section_indicators(framework, section)
    for indicator in indicators:
        indicator.scores = [(KIND_LABELS[kind], nodes[kind][indicator.node.code])
                            for kind in lke.KINDS if indicator.node.code in nodes[kind]]
        for item in indicator.node.items:
            answer = answers.get(item.code)
            indicator.rows.append({
                "item": item,
                "answerable": selectors.answerable(item),
                "answer": answer,
                "unit": _shown(answer, item.code, "unit", posted),
                "tpi": _shown(answer, item.code, "tpi", posted),
                "error": errors.get(item.code, ""),
                "evidence": evidence.get(item.code, []),
                "proposals": live.proposals_for(item.code, proposal_map),
                "live_index": live.survey_index(item.code),
            })
    return {
        "assessment": assessment,
        "programme": assessment.programme,
        "framework": framework,
        "section": section,
        "section_title": selectors.section_title(framework, section),
        "sections": selectors.progress_by_section(framework, answers),
        "indicators": indicators,
        "policy": policy,
        "accepted_types": ",".join(f".{t}" for t in policy.file_types),
        "can_assess": has_perm(request.memberships, "zi.assess"),
        "can_evaluate": has_perm(request.memberships, "zi.evaluate"),
    }


def _shown(answer, code: str, kind: str, posted: dict) -> dict:
    """What an input shows: what was just posted (a refused save), else what is stored."""
    entry = posted.get(kind, {}).get(code)
    if entry is not None:
        return entry
    return {"value": getattr(answer, f"{kind}_value", ""),
            "note": getattr(answer, f"{kind}_note", "")}


def _back_to_item(request, pk, year, section, code):
    url = reverse("zi:section", args=[request.tenant.slug, pk, year, section])
    return redirect(f"{url}#item-{code}")


# --- Ranking -----------------------------------------------------------------------------------

def _status_filter(queryset, value):
    return queryset.filter(programme__status=value)


def _eligible_filter(queryset, value):
    return queryset.filter(**{f"eligible_{value}": True}) if value in Predicate.values \
        else queryset


STATUS_BADGES = {
    ZiProgramme.Status.DECLARED: "badge-grey", ZiProgramme.Status.DEVELOPING: "badge-grey",
    ZiProgramme.Status.TPI_ASSESSED: "badge-blue", ZiProgramme.Status.PROPOSED: "badge-blue",
    ZiProgramme.Status.GUIDANCE: "badge-amber", ZiProgramme.Status.NOT_ELIGIBLE: "badge-red",
    ZiProgramme.Status.REVOKED: "badge-red",
}

RANKING = ListSpec(
    search_fields=("unit__name",),
    sorts={"score": "ranking_total", "unit": "unit__path", "unit_value": "unit_total",
           "tpi_value": "tpi_total"},
    default_sort="-score",
    extra_filters={"status": _status_filter, "eligible": _eligible_filter},
    export_columns=(
        Column(gettext_lazy("Unit"), lambda a: a.unit.name),
        Column(gettext_lazy("Year"), lambda a: a.year),
        Column(gettext_lazy("Score"), lambda a: float(a.ranking_total)),
        Column(gettext_lazy("Score from"), lambda a: str(KIND_LABELS[a.ranking_source])),
        Column(gettext_lazy("Unit value"), lambda a: float(a.unit_total)),
        Column(gettext_lazy("TPI value"),
               lambda a: float(a.tpi_total) if a.tpi_total is not None else None),
        Column(gettext_lazy("TPN value"),
               lambda a: float(a.tpn_total) if a.tpn_total is not None else None),
        Column(gettext_lazy("Meets WBK conditions"), lambda a: _("yes") if a.eligible_wbk else ""),
        Column(gettext_lazy("Meets WBBM conditions"),
               lambda a: _("yes") if a.eligible_wbbm else ""),
        Column(gettext_lazy("Status"), lambda a: a.programme.get_status_display()),
    ),
    export_name="peringkat-zi",
)


@tenant_view("zi.view")
def ranking(request, tenant_slug):
    tenant, grant = request.tenant, request.grant
    years = selectors.ranking_years(tenant, grant)
    year = _int(request.GET.get("year"))
    year = year if year in years else (years[0] if years else timezone.localdate().year)
    result = apply_list(request, selectors.ranking(tenant, grant, year), RANKING)
    if not isinstance(result, dict):
        return result
    page = result["page_obj"]
    result.update({
        "year": year, "years": years, "first_rank": page.start_index() if page else 1,
        "status_choices": ZiProgramme.Status.choices,
        # Labels resolved once: get_status_display per row costs more than the query.
        "status_labels": {code: str(label) for code, label in ZiProgramme.Status.choices},
        "status_badges": STATUS_BADGES,
        "not_yet": _("not yet"),
        "eligible_choices": [(Predicate.WBK, _("Meets WBK conditions")),
                             (Predicate.WBBM, _("Meets WBBM conditions"))],
        "kind_labels": KIND_LABELS,
    })
    return render(request, "zi/ranking.html", result)


# --- Exports -----------------------------------------------------------------------------------

@tenant_view("zi.view")
def export_workbook(request, tenant_slug, pk, year):
    assessment = _assessment(request, pk, year)
    data = exports.lke_workbook(assessment)
    response = HttpResponse(data, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = (f'attachment; filename="{exports.export_name(assessment)}'
                                       f'.xlsx"')
    return response


@tenant_view("zi.view")
def export_summary(request, tenant_slug, pk, year):
    assessment = _assessment(request, pk, year)
    framework = parsed(assessment.framework)
    results = lke.results_of(assessment, framework)
    pdf = exports.summary_pdf(request.tenant, assessment, framework, _verdicts(
        request.tenant, assessment, framework, results[assessment.ranking_source]))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{exports.export_name(assessment)}.pdf"'
    return response


@tenant_view("zi.view")
def export_evidence(request, tenant_slug, pk, year):
    assessment = _assessment(request, pk, year)
    response = StreamingHttpResponse(exports.evidence_zip(assessment),
                                     content_type="application/zip")
    response["Content-Disposition"] = (f'attachment; filename="bukti-'
                                       f'{exports.export_name(assessment)}.zip"')
    return response


def _assessment(request, pk, year) -> LkeAssessment:
    # An evaluator with a declared conflict on the unit does not see its assessment at all.
    evaluator = request.user if has_perm(request.memberships, "zi.evaluate") else None
    try:
        return selectors.assessment_for(request.tenant, request.grant, pk, year,
                                        evaluator=evaluator)
    except NotFound:
        raise Http404 from None


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
