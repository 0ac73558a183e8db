"""Input for the user and token pages. Rules live in the services; forms only shape input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.accounts.roles import Role
from integritas.core.forms import DomainErrorForm
from integritas.tenancy.models import Unit


class MembershipForm(DomainErrorForm):
    email = forms.EmailField(label=_("Email"), max_length=254)
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, required=False,
        help_text=_("Needed for a new user; ignored when the email already has an account."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False,
        help_text=_("Required for a head of OPD and an OPD ZI coordinator: they see only this "
                    "unit and the units below it."),
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(tenant=tenant, is_active=True)


class TokenForm(DomainErrorForm):
    name = forms.CharField(
        label=_("Name"), max_length=100,
        help_text=_("What the token is for, e.g. \"SIMPEG sync\"."),
    )
