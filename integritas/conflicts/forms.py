"""Forms of the conflicts pages. They parse input; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.conflicts import selectors
from integritas.conflicts.models import (
    CatalogueEntry,
    ConflictKind,
    Evaluation,
    Relation,
    SubjectKind,
)
from integritas.core.forms import DomainErrorForm
from integritas.tenancy.models import Unit

PARTY_ROWS = 3


class DateInput(forms.DateInput):
    input_type = "date"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files; their number, types and sizes are checked by the service."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def _catalogue_choices(kind: str) -> list[tuple[str, str]]:
    return [(e.code, e.label) for e in selectors.catalogue(kind)]


class DeclarationForm(DomainErrorForm):
    kind = forms.ChoiceField(label=_("Kind of conflict"), choices=ConflictKind.choices,
                             widget=forms.RadioSelect)
    conflict_type = forms.ChoiceField(label=_("Type"))
    source = forms.ChoiceField(label=_("Source"))
    subject_kind = forms.ChoiceField(label=_("Decision or activity affected"),
                                     choices=SubjectKind.choices)
    subject_ref = forms.CharField(
        label=_("Reference"), max_length=120, required=False,
        help_text=_("The number or name of the procurement, permit, case or assessment."))
    subject_unit = forms.ModelChoiceField(label=_("Unit concerned"), queryset=None,
                                          required=False, empty_label=_("(none)"))
    description = forms.CharField(label=_("Description"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    files = MultipleFileField(label=_("Evidence"), required=False,
                              help_text=_("PDF or photos; several files may be chosen."))

    def __init__(self, tenant, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conflict_type"].choices = _catalogue_choices(CatalogueEntry.Kind.TYPE)
        self.fields["source"].choices = _catalogue_choices(CatalogueEntry.Kind.SOURCE)
        self.fields["subject_unit"].queryset = Unit.objects.filter(tenant=tenant).order_by(
            "path")


class PartyForm(forms.Form):
    name = forms.CharField(label=_("Related party"), max_length=200, required=False)
    relation = forms.ChoiceField(label=_("Relation"), required=False,
                                 choices=[("", "—"), *Relation.choices])


PartyFormSet = forms.formset_factory(PartyForm, extra=PARTY_ROWS, max_num=20)


def parties_of(formset) -> list[tuple[str, str]]:
    """The filled rows; a row with a name and no relation reaches the service, which says so."""
    return [(row.cleaned_data["name"], row.cleaned_data["relation"])
            for row in formset if row.cleaned_data.get("name")]


class DecisionForm(DomainErrorForm):
    is_real = forms.TypedChoiceField(
        label=_("Is the conflict real?"), widget=forms.RadioSelect,
        choices=[("yes", _("Yes, the situation is real")),
                 ("no", _("No, there is no real conflict"))],
        coerce=lambda value: value == "yes")
    impact = forms.CharField(label=_("Possible impact"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    measure = forms.ChoiceField(label=_("Control measure"), widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = _catalogue_choices(CatalogueEntry.Kind.MEASURE)


class CampaignForm(DomainErrorForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class EvaluationForm(DomainErrorForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period"), choices=Evaluation.Period.choices)
    findings = forms.CharField(label=_("Findings"), max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 6}))
    follow_ups = forms.CharField(label=_("Follow-ups"), max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class OfficerForm(DomainErrorForm):
    unit = forms.ModelChoiceField(label=_("Unit (with sub-units)"), queryset=None)
    nip = forms.CharField(label=_("Officer's NIP"), max_length=30)

    def __init__(self, tenant, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(tenant=tenant).order_by("path")
