"""Is a gift reportable? A pure function of the rules in force and the gift (no database).

The rules come from `libraries/gratification/` (see the YAML's header for the `test` keys). The
hint only advises: the UPG verifies, and KPK decides. It explains itself in one sentence that
names the point applied and the figures compared.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from integritas.core.money import rupiah
from integritas.gratification.models import Occasion, Relation


class Hint:
    EXEMPT = "exempt"
    REPORT = "report"
    REPORT_REFUSAL = "report_refusal"
    NO_RULES = "no_rules"


@dataclass(frozen=True)
class Test:
    relations: frozenset[str] = frozenset()
    occasions: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()
    non_cash: bool = False
    per_giver: int | None = None
    per_year: int | None = None
    caveat: str = ""


@dataclass(frozen=True)
class Exemption:
    letter: str
    text: str
    test: Test | None = None


@dataclass(frozen=True)
class Rules:
    regulation: str
    effective_from: dt.date
    cash_forms: frozenset[str]
    exemptions: tuple[Exemption, ...]
    deadlines: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Gift:
    relation: str
    occasion: str
    form: str
    value: int
    accepted: bool = True
    # Accepted gifts from the same giver earlier in the same calendar year, this one excluded.
    earlier_this_year: int = 0


@dataclass(frozen=True)
class Result:
    code: str
    explanation: str
    letter: str = ""
    regulation: str = ""
    limit: int | None = None
    year_limit: int | None = None
    year_total: int | None = None


def rules_from_row(row) -> Rules:
    """Build `Rules` from a `RuleSet` row (its JSON was validated by the loader)."""
    return Rules(
        regulation=row.regulation, effective_from=row.effective_from,
        cash_forms=frozenset(row.cash_forms), deadlines=row.deadlines,
        exemptions=tuple(Exemption(e["letter"], e["text"], _test(e.get("test")))
                         for e in row.exemptions),
    )


def _test(raw: dict | None) -> Test | None:
    if raw is None:
        return None
    return Test(relations=frozenset(raw.get("relations", ())),
                occasions=frozenset(raw.get("occasions", ())),
                forms=frozenset(raw.get("forms", ())), non_cash=raw.get("non_cash", False),
                per_giver=raw.get("per_giver"), per_year=raw.get("per_year"),
                caveat=raw.get("caveat", ""))


def assess(rules: Rules | None, gift: Gift) -> Result:
    """The hint for one gift. The first exemption whose limits hold wins; when an exemption
    matches the gift but a limit is exceeded, the hint says which one."""
    if rules is None:
        return Result(Hint.NO_RULES, _("No gratification rules are recorded for that date; "
                                       "report it and let the UPG decide."))
    if not gift.accepted:
        return Result(Hint.REPORT_REFUSAL, _("A refused gift is reported to the UPG too, as "
                                             "a refusal."), regulation=rules.regulation)
    exceeded: Result | None = None
    for exemption in rules.exemptions:
        test = exemption.test
        if test is None or not _matches(test, gift):
            continue
        what = _what(exemption, gift)
        if test.non_cash and gift.form in rules.cash_forms:
            exceeded = exceeded or Result(
                Hint.REPORT, _("Must be reported: point %(letter)s (%(what)s) covers only gifts "
                               "not in money or its equivalent.")
                % {"letter": exemption.letter, "what": what},
                exemption.letter, rules.regulation)
            continue
        verdict = _within_limits(exemption, test, gift, what, rules.regulation)
        if verdict.code == Hint.EXEMPT:
            return verdict
        exceeded = exceeded or verdict
    return exceeded or Result(
        Hint.REPORT, _("Must be reported: no exemption of %(regulation)s applies to this gift.")
        % {"regulation": rules.regulation}, regulation=rules.regulation)


def _matches(test: Test, gift: Gift) -> bool:
    return ((not test.relations or gift.relation in test.relations)
            and (not test.occasions or gift.occasion in test.occasions)
            and (not test.forms or gift.form in test.forms))


def _what(exemption: Exemption, gift: Gift) -> str:
    """What the point is about, in the reader's language: the occasion or the relation."""
    test = exemption.test
    if test.occasions:
        return str(Occasion(gift.occasion).label)
    if test.relations:
        return str(Relation(gift.relation).label)
    return _("flower arrangement") if test.forms else exemption.letter


def _within_limits(exemption: Exemption, test: Test, gift: Gift, what: str,
                   regulation: str) -> Result:
    numbers = {"letter": exemption.letter, "what": what, "value": rupiah(gift.value)}
    year_total = gift.earlier_this_year + gift.value
    common = {"letter": exemption.letter, "regulation": regulation, "limit": test.per_giver,
              "year_limit": test.per_year,
              "year_total": year_total if test.per_year is not None else None}
    if test.per_giver is not None and gift.value > test.per_giver:
        return Result(Hint.REPORT, _("Must be reported: %(what)s above the limit of point "
                                     "%(letter)s, %(value)s > %(limit)s per giver.")
                      % {**numbers, "limit": rupiah(test.per_giver)}, **common)
    if test.per_year is not None and year_total > test.per_year:
        return Result(Hint.REPORT, _("Must be reported: gifts from the same giver this year "
                                     "total %(total)s > %(year_limit)s (point %(letter)s).")
                      % {**numbers, "total": rupiah(year_total),
                         "year_limit": rupiah(test.per_year)}, **common)
    return Result(Hint.EXEMPT, _exempt_sentence(test, numbers, year_total), **common)


def _exempt_sentence(test: Test, numbers: dict, year_total: int) -> str:
    if test.per_year is not None:
        return _("Exempt under point %(letter)s: %(what)s, %(value)s ≤ %(limit)s per giver and "
                 "%(total)s ≤ %(year_limit)s this year from the same giver.") % {
            **numbers, "limit": rupiah(test.per_giver), "total": rupiah(year_total),
            "year_limit": rupiah(test.per_year)}
    if test.per_giver is not None:
        return _("Exempt under point %(letter)s: %(what)s, %(value)s ≤ %(limit)s per giver.") % {
            **numbers, "limit": rupiah(test.per_giver)}
    if test.caveat == "no_coi":
        return _("Exempt under point %(letter)s: %(what)s, provided there is no conflict of "
                 "interest.") % numbers
    return _("Exempt under point %(letter)s: %(what)s.") % numbers


# --- Rupiah ------------------------------------------------------------------------------------

RUPIAH_INPUT = re.compile(r"^(?:rp\.?)?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,0{1,2})?$", re.IGNORECASE)




def parse_rupiah(text: str) -> int | None:
    """`1500000`, `1.500.000`, `Rp 1.500.000` or `Rp1.500.000,00` → 1500000; else None."""
    match = RUPIAH_INPUT.match(text.strip().replace(" ", ""))
    return int(match.group(1).replace(".", "")) if match else None
