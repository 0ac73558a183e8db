"""Reads of LKE frameworks and eligibility rule sets.

Frameworks are reference data: every staff member of a tenant may read the library's and the
tenant's own; nothing here is limited by unit. Parsed frameworks are cached per process by content
hash, so scoring many assessments parses each framework once.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from integritas.core.errors import NotFound
from integritas.lke.eligibility import EligibilityRules, parse_rules
from integritas.lke.frameworks import Framework, parse_framework
from integritas.lke.models import EligibilityRuleSet, LkeFramework


def visible_frameworks(tenant) -> QuerySet[LkeFramework]:
    """The library's frameworks and the tenant's own, newest first."""
    return LkeFramework.objects.filter(Q(tenant__isnull=True) | Q(tenant=tenant)).order_by(
        "-effective_from", "tenant_id", "code")


def framework_row(tenant, code: str) -> LkeFramework:
    """The tenant's own framework with this code, else the library's; `NotFound` otherwise."""
    rows = sorted(visible_frameworks(tenant).filter(code=code),
                  key=lambda row: row.tenant_id is None)
    if not rows:
        raise NotFound("lke.framework_not_found", _("There is no LKE framework “%(framework)s”."),
                       field="framework", framework=code)
    return rows[0]


def framework_for(tenant, code: str) -> Framework:
    return parsed(framework_row(tenant, code))


def framework_in_force(tenant, on: dt.date) -> Framework:
    """The framework with the latest `effective_from` on or before `on` (a tenant's own wins a
    tie with the library's); `NotFound` if none is in force yet."""
    rows = sorted(visible_frameworks(tenant).filter(effective_from__lte=on),
                  key=lambda row: (row.effective_from, row.tenant_id is not None), reverse=True)
    if not rows:
        raise NotFound("lke.no_framework_in_force",
                       _("No LKE framework is in force on %(date)s."), date=on.isoformat())
    return parsed(rows[0])


# Parsed documents by content hash: reference data, a handful per process.
_FRAMEWORKS: dict[str, Framework] = {}
_RULES: dict[str, EligibilityRules] = {}


def parsed(row: LkeFramework) -> Framework:
    framework = _FRAMEWORKS.get(row.content_hash)
    if framework is None:
        framework = _FRAMEWORKS[row.content_hash] = parse_framework(row.document)
    return framework


def rules_for(framework: Framework) -> EligibilityRules:
    """The eligibility rule set naming this framework's code, else the latest one in force on the
    framework's `effective_from` (a tenant's framework for a new year inherits the regulation's
    conditions until the library has a newer rule set)."""
    sets = list(EligibilityRuleSet.objects.all())
    named = [s for s in sets if framework.code in s.document.get("frameworks", [])]
    in_force = sorted((s for s in sets if s.effective_from <= framework.effective_from),
                      key=lambda s: s.effective_from, reverse=True)
    chosen = (named or in_force or [None])[0]
    if chosen is None:
        raise NotFound("lke.no_eligibility_rules",
                       _("No WBK/WBBM conditions are defined for %(framework)s."),
                       framework=framework.code)
    rules = _RULES.get(chosen.content_hash)
    if rules is None:
        rules = _RULES[chosen.content_hash] = parse_rules(_with_dates(dict(chosen.document)))
    return rules


def _with_dates(document: dict) -> dict:
    # JSON stores the date as text; the parser wants a date.
    value = document.get("effective_from")
    if isinstance(value, str):
        document["effective_from"] = dt.date.fromisoformat(value)
    return document
