"""Forms of the survey pages. They parse input; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.core.forms import DomainErrorForm
from integritas.surveys.models import Kind
from integritas.tenancy.selectors import units_for


class DateInput(forms.DateInput):
    input_type = "date"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class PeriodForm(DomainErrorForm):
    unit = UnitChoiceField(label=_("Unit"), queryset=None)
    kind = forms.ChoiceField(label=_("Questionnaire"), choices=Kind.choices)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput)
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Leave empty for e.g. “SPAK Disdukcapil 2027”."))

    def __init__(self, tenant, grant, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(tenant, grant).filter(is_active=True)
