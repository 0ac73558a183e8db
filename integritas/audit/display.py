"""How events read to people: action labels and change summaries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VERB_LABELS = {
    "create": gettext_lazy("created"),
    "update": gettext_lazy("updated"),
    "delete": gettext_lazy("deleted"),
    "import": gettext_lazy("imported"),
    "assign": gettext_lazy("assigned"),
    "revoke": gettext_lazy("revoked"),
    "link": gettext_lazy("linked"),
    "status": gettext_lazy("status changed"),
    "login": gettext_lazy("logged in"),
    "link_user": gettext_lazy("account linked"),
    "move": gettext_lazy("moved"),
    "logo": gettext_lazy("logo changed"),
    "upload": gettext_lazy("uploaded"),
    "validate": gettext_lazy("checked"),
    "commit": gettext_lazy("imported"),
    "fail": gettext_lazy("failed"),
    "load": gettext_lazy("loaded"),
    "open": gettext_lazy("opened"),
    "close": gettext_lazy("closed"),
    "adopt": gettext_lazy("adopted"),
    "revise": gettext_lazy("revised"),
    "retire": gettext_lazy("retired"),
    "witness": gettext_lazy("witnessed"),
    "sign": gettext_lazy("signed"),
    "paper": gettext_lazy("recorded from paper"),
    "send": gettext_lazy("sent"),
    "realisation": gettext_lazy("realisation recorded"),
}
# Subjects that are not a model name.
SUBJECT_LABELS = {
    "people.import": gettext_lazy("Roster import"),
    "core.synthetic_data": gettext_lazy("Synthetic data"),
}
SUMMARY_FIELDS = 3
SUMMARY_VALUE_CHARS = 40


@dataclass(frozen=True)
class ChangeRow:
    field: str
    old: Any
    new: Any
    is_change: bool


def action_label(action: str) -> str:
    """`people.employee.update` -> "Employee updated" (model name in the active language)."""
    subject, _sep, verb = action.rpartition(".")
    verb_label = VERB_LABELS.get(verb, verb.replace("_", " "))
    return capfirst(_("%(subject)s %(verb)s") % {"subject": subject_label(subject),
                                                  "verb": verb_label})


def subject_label(subject: str) -> str:
    """`people.employee` -> the model's verbose name; an unknown subject reads as written."""
    if subject in SUBJECT_LABELS:
        return str(SUBJECT_LABELS[subject])
    app_label, _sep, model_name = subject.partition(".")
    model = _model_named(app_label, model_name)
    return str(model._meta.verbose_name) if model else subject.replace("_", " ")


def _model_named(app_label: str, name: str):
    """The app's model called `name`, or whose name ends or starts with it (`pacts.target` →
    PactTarget, `pacts.performance` → PerformanceAgreement)."""
    try:
        models = list(apps.get_app_config(app_label).get_models())
    except LookupError:
        return None
    matches = [m for m in models if m._meta.model_name == name] or \
              [m for m in models if m._meta.model_name.endswith(name)
               or m._meta.model_name.startswith(name)]
    return min(matches, key=lambda m: len(m._meta.model_name)) if matches else None


def change_rows(changes: dict[str, Any]) -> list[ChangeRow]:
    """A `{field: [old, new]}` pair is a change; any other value is a value set at creation."""
    rows = []
    for field, value in (changes or {}).items():
        if isinstance(value, list) and len(value) == 2:
            rows.append(ChangeRow(field, value[0], value[1], True))
        else:
            rows.append(ChangeRow(field, None, value, False))
    return rows


def changes_summary(changes: dict[str, Any]) -> str:
    """"name: Old → New; unit: 3 → 4 …" for one table cell."""
    rows = change_rows(changes)
    parts = [
        f"{row.field}: {_short(row.old)} → {_short(row.new)}" if row.is_change
        else f"{row.field}: {_short(row.new)}"
        for row in rows[:SUMMARY_FIELDS]
    ]
    more = " …" if len(rows) > SUMMARY_FIELDS else ""
    return "; ".join(parts) + more


def _short(value: Any) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= SUMMARY_VALUE_CHARS else text[: SUMMARY_VALUE_CHARS - 1] + "…"
