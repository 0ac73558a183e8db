"""Forms of the perjanjian kinerja pages. They parse input; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.core.forms import DomainErrorForm
from integritas.pacts.models import Direction
from integritas.pacts.performance_selectors import QUARTERS
from integritas.pacts.signing import SCAN_MAX_BYTES
from integritas.people.forms import employee_from_nip_input

NUMBER = {"inputmode": "decimal", "autocomplete": "off"}


def _number(label, required=True) -> forms.CharField:
    return forms.CharField(label=label, max_length=40, required=required,
                           widget=forms.TextInput(attrs=NUMBER))


class AgreementForm(DomainErrorForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    first_party = forms.CharField(label=_("First party (NIP)"), max_length=30,
                                  help_text=_("The official who commits to the targets."))
    second_party = forms.CharField(
        label=_("Second party (NIP)"), max_length=30, required=False,
        help_text=_("The superior; leave empty for the regional head named below or when a "
                    "parent agreement is chosen."))
    second_party_name = forms.CharField(label=_("Regional head's name"), max_length=200,
                                        required=False)
    second_party_position = forms.CharField(label=_("Regional head's title"), max_length=200,
                                            required=False)
    parent = forms.ModelChoiceField(label=_("Parent agreement"), queryset=None, required=False,
                                    help_text=_("The superior's own agreement, for the cascade."))

    def __init__(self, tenant, agreements, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.fields["parent"].queryset = agreements

    def _employee(self, field: str):
        return employee_from_nip_input(self.tenant, self.cleaned_data.get(field, ""))

    def clean_first_party(self):
        return self._employee("first_party")

    def clean_second_party(self):
        return self._employee("second_party")


class IndicatorForm(DomainErrorForm):
    goal = forms.CharField(label=_("Strategic goal"), max_length=300)
    name = forms.CharField(label=_("Performance indicator"), max_length=300)
    unit_of_measure = forms.CharField(label=_("Unit of measure"), max_length=40)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    target = _number(_("Annual target"))
    q1_target = _number(_("Q1 target"), required=False)
    q2_target = _number(_("Q2 target"), required=False)
    q3_target = _number(_("Q3 target"), required=False)
    q4_target = _number(_("Q4 target"), required=False)
    program = forms.CharField(label=_("Programme"), max_length=300, required=False)
    activity = forms.CharField(label=_("Activity"), max_length=300, required=False)
    budget = forms.CharField(label=_("Budget (Rupiah)"), max_length=20, required=False,
                             widget=forms.TextInput(attrs={"inputmode": "numeric"}))

    def clean_budget(self):
        return self.cleaned_data["budget"].replace(".", "").replace(" ", "") or 0


class RealisationForm(DomainErrorForm):
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int,
                                     choices=[(q, f"TW {'I' * q if q < 4 else 'IV'}")
                                              for q in QUARTERS])
    value = _number(_("Realisation"))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label=_("Evidence (PDF, JPEG or PNG, at most 10 MB)"),
                               required=False, max_length=200)

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload and upload.size > SCAN_MAX_BYTES:
            raise forms.ValidationError(_("The evidence file is larger than 10 MB."))
        return upload


class SignForm(DomainErrorForm):
    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))
    on_behalf_of_regional_head = forms.BooleanField(
        label=_("I sign on behalf of the regional head, who has no account"), required=False)
