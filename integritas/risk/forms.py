"""Forms of the risk pages. They parse input; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.core.forms import DomainErrorForm
from integritas.risk import reference, selectors
from integritas.risk.models import Level, Monitoring, Register
from integritas.risk.reference import SCALE


class DateInput(forms.DateInput):
    input_type = "date"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


def _this_year() -> int:
    return timezone.localdate().year


def _scale_choices(items) -> list[tuple[int, str]]:
    """"4 — Sering terjadi"; the criteria are in the tables beside the form."""
    return [(i["value"], f"{i['value']} — {i['label']}") for i in items]


class RegisterForm(DomainErrorForm):
    unit = UnitChoiceField(label=_("UPR (unit)"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    goal = forms.CharField(label=_("Goal (sasaran)"), max_length=500)
    goal_indicator = forms.CharField(label=_("Goal indicator"), max_length=500, required=False)
    appetite = forms.IntegerField(
        label=_("Risk appetite"), min_value=1, max_value=100,
        help_text=_("A matrix score: risks scoring above it must have a treatment plan (RTP)."))

    def __init__(self, tenant, grant, *args, register: Register | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.units_for(tenant, grant)
        if register is not None:  # editing: the UPR, year and level are the register's identity
            for name in ("unit", "year", "level"):
                del self.fields[name]
        else:
            self.initial.setdefault("year", _this_year())
            self.initial.setdefault("appetite", 10)


class ReviewForm(DomainErrorForm):
    note = forms.CharField(label=_("Review note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class RiskForm(DomainErrorForm):
    code = forms.CharField(label=_("Risk code"), max_length=30, required=False,
                           help_text=_("Leave empty for the next number (R01, R02 …)."))
    activity = forms.ModelChoiceField(label=_("Activity (kegiatan)"), queryset=None,
                                      required=False, empty_label=_("— none —"))
    statement = forms.CharField(label=_("Risk statement"), max_length=500,
                                widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ChoiceField(label=_("Category"))
    source = forms.ChoiceField(label=_("Source"))
    cause = forms.CharField(label=_("Cause"), widget=forms.Textarea(attrs={"rows": 2}))
    consequence = forms.CharField(label=_("Impact"), widget=forms.Textarea(attrs={"rows": 2}))
    controls = forms.CharField(label=_("Existing controls"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    control_effectiveness = forms.ChoiceField(label=_("Control effectiveness"))
    likelihood = forms.TypedChoiceField(label=_("Likelihood"), coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact (dampak)"), coerce=int)
    response = forms.ChoiceField(label=_("Response"))
    residual_likelihood = forms.TypedChoiceField(
        label=_("Residual likelihood"), coerce=int, required=False, empty_value=None,
        help_text=_("Expected after the treatment plan; empty means unchanged."))
    residual_impact = forms.TypedChoiceField(label=_("Residual impact"), coerce=int,
                                             required=False, empty_value=None)

    def __init__(self, register: Register, words: reference.Vocabulary, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = selectors.register_activities(register)
        for name, items in (("category", words.categories), ("source", words.sources),
                            ("control_effectiveness", words.effectiveness),
                            ("response", words.responses)):
            self.fields[name].choices = words.choices(items)
        for name, items in (("likelihood", words.likelihood), ("impact", words.impact)):
            self.fields[name].choices = _scale_choices(items)
            self.fields[f"residual_{name}"].choices = [("", _("unchanged")),
                                                       *_scale_choices(items)]

    def service_values(self) -> dict:
        return dict(self.cleaned_data)


class PlanForm(DomainErrorForm):
    action = forms.CharField(label=_("Action"), max_length=500)
    kind = forms.ChoiceField(label=_("Type"))
    owner = forms.CharField(label=_("Owner (penanggung jawab)"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)
    budget = forms.IntegerField(label=_("Budget (Rp)"), min_value=0, initial=0)
    output_indicator = forms.CharField(label=_("Output indicator"), max_length=300)

    def __init__(self, words: reference.Vocabulary, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = words.choices(words.rtp_kinds)


class MonitoringForm(DomainErrorForm):
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int,
                                     choices=[(q, f"TW {q}") for q in (1, 2, 3, 4)])
    status = forms.ChoiceField(label=_("Status"), choices=Monitoring.Status.choices)
    realisation = forms.CharField(label=_("RTP realisation"),
                                  widget=forms.Textarea(attrs={"rows": 2}))
    realisation_pct = forms.IntegerField(label=_("Realisation (%)"), min_value=0,
                                         max_value=100, initial=0)
    risk_events = forms.IntegerField(label=_("Risk events"), min_value=0, initial=0)
    loss_events = forms.CharField(label=_("Loss events"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    loss_amount = forms.IntegerField(label=_("Loss (Rp)"), min_value=0, initial=0)


class ActivityForm(DomainErrorForm):
    unit = UnitChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Activity (kegiatan)"), max_length=300)
    program = forms.CharField(label=_("Programme"), max_length=300, required=False)
    budget = forms.IntegerField(label=_("Budget (Rp)"), min_value=0, initial=0)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)

    def __init__(self, tenant, grant, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.units_for(tenant, grant)
        self.initial.setdefault("year", _this_year())


class MatrixForm(DomainErrorForm):
    """The 25 cells (likelihood 5 at the top) and the bands, one per line:
    `code; label; min; max; colour; rtp` (rtp = "ya" when a treatment plan is required)."""

    bands = forms.CharField(
        label=_("Bands"), widget=forms.Textarea(attrs={"rows": 6, "class": "mono"}),
        help_text=_("One band per line: code; label; lowest score; highest score; colour "
                    "(blue, green, yellow, orange, red); ya when an RTP is required."))
    note = forms.CharField(label=_("Note (e.g. the Perkada)"), max_length=300, required=False)

    def __init__(self, matrix: reference.Matrix, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for likelihood in reversed(SCALE):
            for impact in SCALE:
                name = self.cell_name(likelihood, impact)
                self.fields[name] = forms.IntegerField(
                    label=_("L%(l)s × I%(i)s") % {"l": likelihood, "i": impact}, min_value=1,
                    initial=matrix.score(likelihood, impact),
                    widget=forms.NumberInput(attrs={"class": "matrix-input"}))
        self.initial.setdefault("bands", "\n".join(
            f"{b.code}; {b.label}; {b.min}; {b.max}; {b.colour}; "
            f"{'ya' if b.rtp_required else 'tidak'}" for b in matrix.bands))

    @staticmethod
    def cell_name(likelihood: int, impact: int) -> str:
        return f"cell_{likelihood}_{impact}"

    def cell_rows(self):
        return [[self[self.cell_name(row, i)] for i in SCALE] for row in reversed(SCALE)]

    def clean_bands(self) -> list[dict]:
        bands = []
        for number, line in enumerate(self.cleaned_data["bands"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            try:
                code, label, low, high, colour, *rest = parts
                bands.append({"code": code, "label": label, "min": int(low), "max": int(high),
                              "colour": colour,
                              "rtp_required": bool(rest) and rest[0].lower() in ("ya", "yes")})
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(n)s: write code; label; min; max; colour; ya/tidak."),
                    params={"n": number}) from None
        return bands

    def service_values(self) -> dict:
        data = self.cleaned_data
        cells = {str(row): [data.get(self.cell_name(row, i)) for i in SCALE] for row in SCALE}
        return {"cells": cells, "bands": data["bands"], "note": data.get("note", "")}


class MaturityItemForm(DomainErrorForm):
    level = forms.TypedChoiceField(label=_("Level"), coerce=int,
                                   choices=[(n, str(n)) for n in range(6)])
    evidence = forms.CharField(label=_("Evidence"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))


class MaturityQaForm(DomainErrorForm):
    qa_level = forms.TypedChoiceField(label=_("Inspektorat level"), coerce=int,
                                      choices=[(n, str(n)) for n in range(6)])
    qa_note = forms.CharField(label=_("Note"), max_length=500, required=False)
