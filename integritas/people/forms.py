"""Forms for employee pages. They parse input; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.core.forms import DomainErrorForm
from integritas.people.models import Employee, PositionKind
from integritas.people.nip import format_nip
from integritas.people.selectors import employee_by_nip
from integritas.tenancy.selectors import units_for


def employee_from_nip_input(tenant, raw: str):
    """The employee of this Pemda whose NIP a person typed (spaces allowed), None when blank."""
    raw = (raw or "").strip()
    if not raw:
        return None
    employee = employee_by_nip(tenant, raw)
    if employee is None:
        raise forms.ValidationError(_("No employee of this Pemda has this NIP."))
    return employee

class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class DateInput(forms.DateInput):
    input_type = "date"


class EmployeeForm(DomainErrorForm):
    nip = forms.CharField(
        label=_("NIP"), max_length=30, help_text=_("18 digits; spaces are ignored."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    employment = forms.ChoiceField(label=_("Employment"), choices=Employee.Employment.choices)
    name = forms.CharField(
        label=_("Name"), max_length=200,
        help_text=_("As written on official documents, with titles: Dr. H. Ahmad Fauzi, S.E."),
    )
    sex = forms.ChoiceField(
        label=_("Sex"), required=False,
        choices=[("", _("As in the NIP")), *Employee.Sex.choices],
    )
    email = forms.EmailField(label=_("Email"), required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    position_title = forms.CharField(label=_("Position"), max_length=200)
    position_kind = forms.ChoiceField(label=_("Position kind"), choices=PositionKind.choices)
    echelon = forms.CharField(
        label=_("Echelon"), max_length=6, required=False,
        help_text=_("Like III.a; leave empty for positions without an echelon."),
    )
    superior = forms.CharField(
        label=_("Direct superior (NIP)"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, tenant, grant, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.fields["unit"].queryset = (
            units_for(tenant, grant).filter(is_active=True).order_by("path")
        )

    def clean_superior(self):
        return employee_from_nip_input(self.tenant, self.cleaned_data["superior"])

    def service_values(self) -> dict:
        """The cleaned values named as the service's arguments."""
        return {name: self.cleaned_data[name] for name in EMPLOYEE_INPUTS}



EMPLOYEE_INPUTS = tuple(EmployeeForm.base_fields)


class EmployeeCreateForm(EmployeeForm):
    started_on = forms.DateField(
        label=_("In this position since"), required=False, widget=DateInput,
        help_text=_("Leave empty for today."),
    )


class EmployeeEditForm(EmployeeForm):
    effective_on = forms.DateField(
        label=_("A new unit or position takes effect on"), required=False, widget=DateInput,
        help_text=_("Leave empty for today. The previous position ends on this date."),
    )

    @staticmethod
    def initial_for(employee: Employee) -> dict:
        initial = {name: getattr(employee, name) for name in EMPLOYEE_INPUTS}
        initial["unit"] = employee.unit_id
        initial["nip"] = format_nip(employee.nip)
        initial["superior"] = format_nip(employee.superior.nip) if employee.superior_id else ""
        return initial


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Employee.Status.choices)
    effective_on = forms.DateField(
        label=_("Effective on"), required=False, widget=DateInput,
        help_text=_("Leave empty for today."),
    )


class LinkUserForm(DomainErrorForm):
    email = forms.EmailField(
        label=_("Email of the user account"), max_length=254,
        help_text=_("The person must already hold a role in this Pemda."),
    )

    def add_domain_error(self, error) -> None:
        """Every refusal (unknown user, no role here, linked elsewhere) is about the email."""
        self.add_error("email", error.render())
