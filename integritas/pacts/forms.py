"""Forms of the campaign pages. They parse input; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.accounts.roles import Role
from integritas.core.errors import DomainError
from integritas.core.forms import DomainErrorForm, show_domain_error
from integritas.pacts.models import Occasion, PactCampaign, TargetKind
from integritas.pacts.selectors import current_texts
from integritas.people.forms import employee_from_nip_input
from integritas.people.models import PositionKind
from integritas.people.nip import normalise
from integritas.people.selectors import employee_by_nip
from integritas.tenancy.selectors import units_for

# Which form field holds the values of each targeting rule.
VALUE_FIELDS = {TargetKind.UNITS: "units", TargetKind.ROLES: "roles",
                TargetKind.POSITION_KINDS: "position_kinds", TargetKind.EMPLOYEES: "employee_nips"}
WITNESS_FIELDS = ("opd_head_witness", "regional_head", "regional_head_witness")


class DateInput(forms.DateInput):
    input_type = "date"


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class TextChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} (v{obj.version})"


def nip_field(label) -> forms.CharField:
    return forms.CharField(label=label, max_length=30, required=False,
                           help_text=_("NIP; leave empty for none."),
                           widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                         "autocomplete": "off"}))


class CampaignForm(DomainErrorForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = TextChoiceField(label=_("Text version"), queryset=None, empty_label=None)
    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)
    target_kind = forms.ChoiceField(label=_("Who must sign"), choices=TargetKind.choices)
    units = UnitChoiceField(label=_("Units (with sub-units)"), queryset=None, required=False)
    roles = forms.MultipleChoiceField(label=_("Roles"), choices=Role.choices, required=False)
    position_kinds = forms.MultipleChoiceField(label=_("Position kinds"),
                                               choices=PositionKind.choices, required=False)
    employee_nips = forms.CharField(
        label=_("Employees (NIP, one per line)"), required=False,
        widget=forms.Textarea(attrs={"rows": 4, "inputmode": "numeric"}))
    joiner_allowance_days = forms.IntegerField(
        label=PactCampaign._meta.get_field("joiner_allowance_days").verbose_name,
        help_text=PactCampaign._meta.get_field("joiner_allowance_days").help_text,
        min_value=0, max_value=365, required=False)
    opd_head_witness = nip_field(_("Witness for heads of OPD"))
    regional_head = nip_field(_("Regional head (as an employee)"))
    regional_head_witness = nip_field(_("Witness for the regional head"))
    regional_head_witness_name = forms.CharField(
        label=_("Witness for the regional head (name, if not an employee)"), max_length=200,
        required=False)

    def __init__(self, tenant, grant, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.fields["text"].queryset = current_texts(tenant)
        self.fields["units"].queryset = (units_for(tenant, grant).filter(is_active=True)
                                         .order_by("path"))

    def _employee(self, field: str):
        return employee_from_nip_input(self.tenant, self.cleaned_data.get(field, ""))

    def clean_opd_head_witness(self):
        return self._employee("opd_head_witness")

    def clean_regional_head(self):
        return self._employee("regional_head")

    def clean_regional_head_witness(self):
        return self._employee("regional_head_witness")

    def clean_employee_nips(self):
        """Employees by NIP; an unknown NIP is named, so the list can be fixed."""
        employees = []
        for line in self.cleaned_data["employee_nips"].split():
            employee = employee_by_nip(self.tenant, line)
            if employee is None:
                raise forms.ValidationError(
                    _("No employee of this Pemda has the NIP %(nip)s."),
                    params={"nip": normalise(line) or line})
            employees.append(employee)
        return employees

    def service_values(self) -> dict:
        """The cleaned values named as `create_campaign`'s arguments."""
        data = self.cleaned_data
        kind = data["target_kind"]
        values = data.get(VALUE_FIELDS.get(kind), []) or []
        return {
            "title": data["title"], "text": data["text"], "occasion": data["occasion"],
            "opens_on": data["opens_on"], "due_on": data["due_on"], "target_kind": kind,
            "target_values": [getattr(value, "pk", value) for value in values],
            "joiner_allowance_days": data["joiner_allowance_days"],
            "regional_head_witness_name": data["regional_head_witness_name"],
            **{field: data[field] for field in WITNESS_FIELDS},
        }

    def add_domain_error(self, error: DomainError) -> None:
        # The service names its one `target_values`; the form has a field per rule.
        if error.field == "target_values":
            field = VALUE_FIELDS.get(self.cleaned_data.get("target_kind"), "target_kind")
            self.add_error(field, error.render())
            return
        show_domain_error(self, error)
