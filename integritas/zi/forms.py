"""Forms of the ZI pages. They collect input; the services check it and say what is wrong."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.core.forms import DomainErrorForm
from integritas.people.models import Employee
from integritas.zi.models import TeamRole, ZiActivity

AREA_CHOICES = [(1, _("I. Change management")), (2, _("II. Governance (tatalaksana)")),
                (3, _("III. Human resources")), (4, _("IV. Performance accountability")),
                (5, _("V. Supervision")), (6, _("VI. Public service quality"))]
PEOPLE_HELP = _("One person a line: name; position (for example “AKBP Eko Prasetyo, S.I.K.; "
                "Kapolresta”).")


def parse_people(text: str) -> list[dict]:
    people = []
    for line in (text or "").splitlines():
        name, _sep, position = line.partition(";")
        if name.strip() or position.strip():
            people.append({"name": name.strip(), "position": position.strip()})
    return people


def people_text(people: list[dict]) -> str:
    return "\n".join(f"{p['name']}; {p['position']}" if p.get("position") else p["name"]
                     for p in people)


class DeclarationForm(DomainErrorForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    declared_on = forms.DateField(label=_("Declared on"),
                                  widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    signers = forms.CharField(label=_("Signers of the commitment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}), help_text=PEOPLE_HELP)
    witnesses = forms.CharField(label=_("Witnesses"), required=False,
                                widget=forms.Textarea(attrs={"rows": 5}), help_text=PEOPLE_HELP)

    def __init__(self, units, *args, programme=None, **kwargs):
        if programme is not None:
            kwargs.setdefault("initial", {
                "declared_on": programme.declared_on, "place": programme.place,
                "signers": people_text(programme.signers),
                "witnesses": people_text(programme.witnesses),
            })
        super().__init__(*args, **kwargs)
        if programme is None:
            self.fields["unit"].queryset = units
        else:
            del self.fields["unit"]

    def service_values(self) -> dict:
        data = self.cleaned_data
        values = {"declared_on": data["declared_on"], "place": data["place"],
                  "signers": parse_people(data["signers"]),
                  "witnesses": parse_people(data["witnesses"])}
        if "unit" in data:
            values["unit"] = data["unit"]
        return values


class ScanForm(DomainErrorForm):
    scan = forms.FileField(label=_("Scan of the signed commitment (PDF, JPEG or PNG, at most "
                                   "10 MB)"))


class DecreeForm(DomainErrorForm):
    number = forms.CharField(label=_("SK Tim ZI number"), max_length=120)
    decided_on = forms.DateField(label=_("Date"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))


class TeamMemberForm(DomainErrorForm):
    employee = forms.ModelChoiceField(label=_("Employee"), queryset=Employee.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)
    area = forms.TypedChoiceField(label=_("Area of change"), required=False, coerce=int,
                                  empty_value=None, choices=[("", "—"), *AREA_CHOICES])

    def __init__(self, employees, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees


class ActivityForm(DomainErrorForm):
    area = forms.TypedChoiceField(label=_("Area of change"), coerce=int, choices=AREA_CHOICES)
    title = forms.CharField(label=_("Activity"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Employee.objects.none(),
                                   required=False)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, employees, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = employees


class ProgressForm(DomainErrorForm):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Status"), choices=ZiActivity.Status.choices)


class TransitionForm(DomainErrorForm):
    action = forms.CharField(widget=forms.HiddenInput)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
