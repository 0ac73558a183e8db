"""Form helpers shared by every app."""

from django import forms

from integritas.core.errors import DomainError


def show_domain_error(form: forms.Form, error: DomainError) -> None:
    """Put a service's coded error beside its field, or above the form when it names none."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.render())


class DomainErrorForm(forms.Form):
    def add_domain_error(self, error: DomainError) -> None:
        show_domain_error(self, error)
