"""The leadership overview: every module's figures by OPD, coloured, from `<app>/metrics.py`.

Each module publishes `unit_metrics(tenant)` and `tenant_metrics(tenant)` (keys in the
contract of its metrics.py); this module only reads those, so a module that is not yet in use
(both empty) is shown as such rather than as zeros. Colours come from the thresholds in
`libraries/oversight/overview.yaml`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from integritas.oversight.libraries import reference
from integritas.oversight.models import OversightReference, Zone
from integritas.tenancy.models import Unit

# The modules the overview reads, in the order their columns appear.
MODULES = ("pacts", "zi", "cases", "conflicts", "gratification", "risk", "surveys", "oversight")
MODULE_LABELS = {
    "pacts": _("Integrity pacts"), "zi": _("Zona Integritas"),
    "cases": _("Complaints and whistleblowing"), "conflicts": _("Conflicts of interest"),
    "gratification": _("Gratification"), "risk": _("Risk management (SPIP)"),
    "surveys": _("SPAK/SPKP surveys"), "oversight": _("External assessments"),
}
PER_MODULE_KEYS = ("by_month", "by_channel")
METRICS_CACHE_SECONDS = 24 * 3600  # a key is dead after a write or at midnight anyway
ZONE_TONES = {"hijau": "green", "biru": "green", "kuning": "amber", "merah": "red"}
PREDICATE_TONES = {"wbbm": "green", "wbk": "green"}


@dataclass(frozen=True)
class Indicator:
    key: str
    module: str
    label: str
    kind: str = "number"  # number, pct, days, score, zone, code
    drill: str = ""  # URL name of the module's list, if it has one


UNIT_COLUMNS = (
    Indicator("pact_completion_pct", "pacts", _("Pact signed"), "pct", "pacts:campaign_list"),
    Indicator("zi_status", "zi", _("ZI status"), "code", "zi:programme_list"),
    Indicator("zi_score", "zi", _("ZI score"), "score", "zi:programme_list"),
    Indicator("cases_open", "cases", _("Open cases"), "number", "cases:statistics"),
    Indicator("cases_overdue", "cases", _("Overdue cases"), "number", "cases:statistics"),
    Indicator("median_first_response_days", "cases", _("Median first response"), "days",
              "cases:statistics"),
    Indicator("coi_declarations", "conflicts", _("COI declarations"), "number",
              "conflicts:declaration_list"),
    Indicator("coi_overdue", "conflicts", _("COI overdue"), "number",
              "conflicts:declaration_list"),
    Indicator("grat_reports", "gratification", _("Gratification reports"), "number",
              "gratification:register"),
    Indicator("grat_on_time_pct", "gratification", _("Reported on time"), "pct",
              "gratification:register"),
    Indicator("risks_high", "risk", _("High risks"), "number", "risk:heatmap"),
    Indicator("rtp_overdue", "risk", _("Overdue RTPs"), "number", "risk:register_list"),
    Indicator("ombudsman_zone", "oversight", _("Ombudsman"), "zone",
              "oversight:ombudsman_list"),
)

HEADLINE = (
    Indicator("pact_completion_pct", "pacts", _("of employees signed the integrity pact"),
              "pct", "pacts:campaign_list"),
    Indicator("cases_open", "cases", _("complaints and reports open"), "number",
              "cases:statistics"),
    Indicator("cases_overdue", "cases", _("past their deadline"), "number", "cases:statistics"),
    Indicator("median_first_response_days", "cases", _("median days to first response"),
              "days", "cases:statistics"),
    Indicator("coi_pending", "conflicts", _("conflict-of-interest declarations to decide"),
              "number", "conflicts:declaration_list"),
    Indicator("grat_reports", "gratification", _("gratification reports"), "number",
              "gratification:register"),
    Indicator("risks_high", "risk", _("high risks"), "number", "risk:heatmap"),
    Indicator("rtp_overdue", "risk", _("overdue risk treatments"), "number",
              "risk:register_list"),
    Indicator("spip_level", "risk", _("SPIP maturity level"), "number", "risk:register_list"),
    Indicator("zi_wbk", "zi", _("units with a WBK predicate"), "number", "zi:programme_list"),
    Indicator("mcp_score", "oversight", _("KPK MCP score"), "score", "oversight:mcp"),
    Indicator("ombudsman_green", "oversight", _("units in the Ombudsman green zone"),
              "number", "oversight:ombudsman_list"),
)

# Figures drawn as quarterly trends, from the snapshots' Pemda figures.
TRENDS = (
    Indicator("pact_completion_pct", "pacts", _("Pact signed (%)"), "pct"),
    Indicator("cases_open", "cases", _("Open cases"), "number"),
    Indicator("cases_overdue", "cases", _("Overdue cases"), "number"),
    Indicator("risks_high", "risk", _("High risks"), "number"),
    Indicator("grat_reports", "gratification", _("Gratification reports"), "number"),
    Indicator("mcp_score", "oversight", _("KPK MCP score"), "score"),
)


@dataclass
class Cell:
    indicator: Indicator
    value: object
    tone: str = ""
    url: str = ""

    @property
    def td(self) -> SafeString:
        """The table cell, built here rather than in the template: a Pemda's table has hundreds
        of cells, and per-cell template tags were half of the page's rendering time."""
        tone = self.tone or "none"
        if self.url and self.value is not None:
            return format_html('<td class="num tone-{}"><a href="{}">{}</a></td>', tone,
                               self.url, self.text)
        return format_html('<td class="num tone-{}">{}</td>', tone, self.text)

    @property
    def text(self) -> str:
        """The value as the page shows it (formatted here: a template include per cell is too
        slow for a Pemda's hundreds of cells)."""
        return display(self.indicator.kind, self.value)


def display(kind: str, value) -> str:
    if value is None:
        return "—"
    if kind == "zone":
        return str(Zone(value).label) if value in Zone.values else str(value)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    decimals = 2 if kind == "score" else 0 if isinstance(value, int) else 1
    number = formats.number_format(value, decimal_pos=decimals, use_l10n=True)
    if kind == "pct":
        return f"{number} %"
    if kind == "days":
        return ngettext("%(n)s day", "%(n)s days", int(value) or 1) % {"n": number}
    return number


@dataclass
class Row:
    unit: Unit
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Overview:
    tenant: object
    in_use: dict[str, bool]
    headline: list[Cell]
    rows: list[Row]
    columns: list[Indicator]
    generated_at: object

    @property
    def not_in_use(self) -> list[str]:
        """Names of the modules without data yet, whose columns and figures are left out."""
        return [str(MODULE_LABELS[module]) for module, used in self.in_use.items() if not used]


def current_metrics(tenant) -> tuple[dict, dict[int, dict]]:
    """`collect_metrics`, cached until the Pemda's next write or the next day.

    Every service write appends to the tenant's audit chain, so the chain's head sequence is a
    version of all module data; the date is in the key because figures such as "overdue" change
    at midnight without a write. A Monday-morning page thus costs one small query after the
    first visitor."""
    from integritas.audit.models import AuditHead

    version = (AuditHead.objects.filter(tenant_id=tenant.pk).values_list("seq", flat=True)
               .first() or 0)
    key = f"oversight:metrics:{tenant.pk}:{version}:{timezone.localdate().isoformat()}"
    figures = cache.get(key)
    if figures is None:
        figures = collect_metrics(tenant)
        cache.set(key, figures, METRICS_CACHE_SECONDS)
    return figures


def collect_metrics(tenant) -> tuple[dict, dict[int, dict]]:
    """(Pemda figures, figures per unit id) of every module, merged; a module's `in use` flag
    is `_in_use.<module>` in the Pemda figures and its monthly series `by_month_<module>`."""
    tenant_figures: dict = {}
    unit_figures: dict[int, dict] = {}
    for module in MODULES:
        metrics = importlib.import_module(f"integritas.{module}.metrics")
        own_tenant, own_units = metrics.tenant_metrics(tenant), metrics.unit_metrics(tenant)
        tenant_figures.update({_namespaced(module, key): value
                               for key, value in own_tenant.items()})
        tenant_figures[f"_in_use.{module}"] = bool(own_tenant or own_units)
        for unit_id, values in own_units.items():
            unit_figures.setdefault(unit_id, {}).update(values)
    return tenant_figures, unit_figures


def _namespaced(module: str, key: str) -> str:
    """Several modules name their monthly series `by_month`: keep them apart."""
    return f"{key}_{module}" if key in PER_MODULE_KEYS else key


def build_overview(tenant, grant, sort: str = "", sub_units: bool = True) -> Overview:
    """The page's content: the headline, and one row per OPD the grant covers (with `sub_units`,
    also the sub-units with figures of their own under their OPD), sorted by a column key."""
    from integritas.tenancy.selectors import unit_paths_q

    tenant_figures, unit_figures = current_metrics(tenant)
    in_use = {m: tenant_figures.get(f"_in_use.{m}", False) for m in MODULES}
    thresholds = colour_thresholds()
    columns = [column for column in UNIT_COLUMNS if in_use[column.module]]
    units = list(Unit.objects.filter(tenant=tenant, is_active=True)
                 .filter(unit_paths_q(grant)).order_by("path"))
    shown = {unit.pk for unit in units}
    urls = {item.drill: _drill_url(tenant, item.drill) for item in (*columns, *HEADLINE)}
    rows = [Row(unit, [_cell(column, unit_figures.get(unit.pk, {}).get(column.key),
                             thresholds, urls) for column in columns])
            for unit in units
            if unit.parent_id not in shown or (sub_units and unit.pk in unit_figures)]
    if grant.unit_paths is not None:  # a unit-limited reader sees no Pemda-wide figures
        headline = []
    else:
        headline = [_cell(item, tenant_figures.get(item.key), thresholds, urls)
                    for item in HEADLINE if in_use[item.module]]
    return Overview(tenant, in_use, headline, sort_rows(rows, columns, sort), columns,
                    timezone.now())


def sort_rows(rows: list[Row], columns: list[Indicator], sort: str) -> list[Row]:
    """By a column key (a leading "-" for descending); units without a figure go last."""
    keys = [column.key for column in columns]
    key = sort.lstrip("-")
    if key not in keys:
        return rows
    index = keys.index(key)
    with_value = [row for row in rows if row.cells[index].value is not None]
    without = [row for row in rows if row.cells[index].value is None]
    with_value.sort(key=lambda row: _comparable(row.cells[index].value),
                    reverse=sort.startswith("-"))
    return with_value + without


def _comparable(value):
    return (0, float(value), "") if isinstance(value, int | float | Decimal) else (1, 0, str(value))


def _cell(indicator: Indicator, value, thresholds: dict, urls: dict[str, str]) -> Cell:
    return Cell(indicator, value, tone_of(indicator, value, thresholds), urls[indicator.drill])


def tone_of(indicator: Indicator, value, thresholds: dict) -> str:
    """green / amber / red by the thresholds of the figure, "" when it has none."""
    if value is None:
        return ""
    if indicator.kind == "zone":
        return ZONE_TONES.get(str(value), "")
    rule = thresholds.get(indicator.key)
    if rule is None or not isinstance(value, int | float | Decimal):
        return PREDICATE_TONES.get(str(value), "")
    value = float(value)
    if rule["higher_is_better"]:
        return "green" if value >= rule["good"] else "amber" if value >= rule["watch"] else "red"
    return "green" if value <= rule["good"] else "amber" if value <= rule["watch"] else "red"


def colour_thresholds() -> dict:
    version = reference(OversightReference.Kind.OVERVIEW, timezone.localdate().year)
    return version.data["thresholds"] if version else {}


def _drill_url(tenant, name: str) -> str:
    """The module's list page; empty while that module has no such page yet."""
    if not name:
        return ""
    try:
        return reverse(name, kwargs={"tenant_slug": tenant.slug})
    except NoReverseMatch:
        return ""


def jsonable(figures: dict) -> dict:
    """Decimals as floats, so that snapshots can be stored as JSON."""
    return {key: float(value) if isinstance(value, Decimal) else value
            for key, value in figures.items()}
