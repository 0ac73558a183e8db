"""Forms of the gratification pages. They parse input; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.core.forms import DomainErrorForm
from integritas.gratification.models import Form, Occasion, Outcome, Relation
from integritas.gratification.rules import parse_rupiah


class DateInput(forms.DateInput):
    input_type = "date"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the services check their number, type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class RupiahField(forms.CharField):
    """`Rp1.500.000`, `1.500.000` or `1500000`; the services judge whether it is plausible."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric",
                                                           "autocomplete": "off",
                                                           "placeholder": "Rp1.500.000"}))
        super().__init__(max_length=40, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        if text.strip().startswith("-"):
            raise forms.ValidationError(_("The value must be a positive amount of rupiah."))
        amount = parse_rupiah(text)
        if amount is None:
            raise forms.ValidationError(_("Write the value in rupiah, like 1.500.000."))
        return amount


class GiftForm(DomainErrorForm):
    """What the hint needs: also the live check on the report form."""

    received_on = forms.DateField(label=_("Date received or offered"), widget=DateInput)
    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices)
    relation = forms.ChoiceField(label=_("Relation of the giver to you"),
                                 choices=Relation.choices)
    form = forms.ChoiceField(label=_("Form"), choices=Form.choices)
    value = RupiahField(label=_("Value or estimate (rupiah)"))
    giver_name = forms.CharField(label=_("Giver's name"), max_length=200)
    accepted = forms.TypedChoiceField(
        label=_("Accepted or refused"), coerce=lambda v: v == "yes", initial="yes",
        choices=(("yes", _("Accepted")), ("no", _("Refused (an offer I turned down)"))),
        widget=forms.RadioSelect)

    def gift_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in
                ("received_on", "occasion", "relation", "form", "value", "giver_name",
                 "accepted")}


class ReportForm(GiftForm):
    giver_institution = forms.CharField(label=_("Giver's institution or address"),
                                        max_length=300, required=False)
    description = forms.CharField(label=_("Description of the gift"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    value_is_estimate = forms.BooleanField(label=_("The value is an estimate"), required=False)
    place = forms.CharField(label=_("Place received"), max_length=200)
    deposited_at_upg = forms.BooleanField(label=_("I deposit the item at the UPG"),
                                          required=False)
    evidence = MultipleFileField(label=_("Evidence (photos, invitation, receipt)"),
                                 help_text=_("PDF, JPEG or PNG."))

    field_order = ["giver_name", "giver_institution", "relation", "occasion", "form",
                   "description", "value", "value_is_estimate", "received_on", "place",
                   "accepted", "deposited_at_upg", "evidence"]

    def service_values(self) -> dict:
        return {**self.gift_values(), **{name: self.cleaned_data[name] for name in (
            "giver_institution", "description", "value_is_estimate", "place",
            "deposited_at_upg", "evidence")}}


class NoteForm(DomainErrorForm):
    note = forms.CharField(label=_("Note"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class CompletionForm(DomainErrorForm):
    description = forms.CharField(label=_("What you add"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    evidence = MultipleFileField(label=_("Files"))


class ForwardForm(DomainErrorForm):
    kpk_number = forms.CharField(label=_("KPK report number"), max_length=60)
    forwarded_on = forms.DateField(label=_("Forwarded on"), widget=DateInput, required=False)


class OutcomeForm(DomainErrorForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    decision_number = forms.CharField(label=_("Decision (SK) number"), max_length=100,
                                      required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput, required=False)
    note = forms.CharField(label=_("Note"), max_length=5000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(DomainErrorForm):
    deposit_reference = forms.CharField(label=_("Deposit reference (NTPN)"), max_length=60,
                                        required=False)
    deposit_proof = forms.FileField(label=_("Proof of deposit"), required=False)


class EmptyForm(DomainErrorForm):
    """A step that needs nothing but the click."""
