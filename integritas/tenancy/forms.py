"""Forms for units and the Pemda profile. They only shape input; rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.tenancy.models import Tenant, Unit

UNIT_EDIT_FIELDS = ["name", "short_name", "kind", "code"]
TENANT_PROFILE_FIELDS = ["name", "kind", "region_code", "address", "city", "head_title",
                         "head_name", "deputy_title", "deputy_name"]


class UnitParentField(forms.ModelChoiceField):
    """A parent picker that shows the tree by indenting each unit under its parent."""

    def label_from_instance(self, obj: Unit) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class UnitForm(forms.Form):
    """Name, kind and code of a unit; the parent only when creating (moving is its own form)."""

    def __init__(self, *args, parent_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Unit, fields=UNIT_EDIT_FIELDS))
        if parent_choices is not None:
            self.fields["parent"] = UnitParentField(
                queryset=parent_choices, required=False, label=_("Parent unit"),
                empty_label=_("— none (top level) —"),
                help_text=_("Leave empty for a perangkat daerah at the top of the tree."),
            )
            self.order_fields(["parent", *UNIT_EDIT_FIELDS])


class MoveUnitForm(forms.Form):
    def __init__(self, *args, parent_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = UnitParentField(
            queryset=parent_choices, required=False, label=_("New parent unit"),
            empty_label=_("— none (top level) —"),
            help_text=_("The unit moves with all its sub-units and employees."),
        )


class TenantProfileForm(forms.Form):
    """The Pemda's identity as printed on pacts and reports. The region code is fixed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Tenant, fields=TENANT_PROFILE_FIELDS))
        region = self.fields["region_code"]
        region.disabled = True
        region.help_text = _("Set when the Pemda was created; it cannot be changed here.")
        self.fields["address"].widget.attrs["rows"] = 3


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=_("Logo"),
        help_text=_("PNG, JPEG or SVG, at most 1 MB."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/svg+xml"}),
    )
