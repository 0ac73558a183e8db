"""Forms of the tracker pages; each only collects input, the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.core.forms import DomainErrorForm
from integritas.oversight.models import BpkOpinion
from integritas.tenancy.models import Unit


class UnitChoiceForm(DomainErrorForm):
    def __init__(self, *args, tenant, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else (
            Unit.objects.filter(tenant=tenant, is_active=True).order_by("path"))


class OmbudsmanForm(UnitChoiceForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), initial=lambda: timezone.localdate().year)
    score = forms.DecimalField(label=_("Score (0–100)"), max_digits=5, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))


class PublicServiceForm(UnitChoiceForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("Service"), max_length=200)


class ComponentForm(DomainErrorForm):
    published = forms.BooleanField(label=_("Published"), required=False)
    evidence_url = forms.URLField(label=_("Where it is published"), required=False,
                                  assume_scheme="https")
    gap = forms.CharField(label=_("Gap to close"), required=False, max_length=300)


class OpenMcpYearForm(DomainErrorForm):
    year = forms.IntegerField(label=_("Year"), initial=lambda: timezone.localdate().year)


class AssignTaskForm(UnitChoiceForm):
    unit = forms.ModelChoiceField(label=_("OPD in charge"), queryset=Unit.objects.none(),
                                  required=False)


class EvidenceForm(DomainErrorForm):
    description = forms.CharField(label=_("Evidence"), max_length=300)
    url = forms.URLField(label=_("Link to the evidence"), max_length=500, assume_scheme="https")


class VerifyForm(DomainErrorForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=[
        ("verified", _("Verify")), ("rejected", _("Reject"))])
    score = forms.DecimalField(label=_("Score (0–100)"), required=False, max_digits=5,
                               decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class InstansiForm(DomainErrorForm):
    year = forms.IntegerField(label=_("Year"), initial=lambda: timezone.localdate().year)
    bpk_opinion = forms.ChoiceField(label=_("BPK opinion"), required=False,
                                    choices=[("", "—"), *BpkOpinion.choices])
    akip_score = forms.DecimalField(label=_("AKIP score"), required=False, max_digits=5,
                                    decimal_places=2)
    indeks_rb = forms.DecimalField(label=_("Indeks RB"), required=False, max_digits=5,
                                   decimal_places=2)
