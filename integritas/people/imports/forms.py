"""The upload form. It only shapes input; the checks live in the import services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.core.forms import DomainErrorForm


class ImportUploadForm(DomainErrorForm):
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("Excel (.xlsx) or CSV from the personnel system, up to %(limit)s MB. The "
                    "first row holds the headers."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    create_units = forms.BooleanField(
        label=_("Create units that do not exist yet"), required=False, initial=True,
        help_text=_("Otherwise a row naming an unknown unit is an error."),
    )

    def __init__(self, *args, limit_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text % {"limit": limit_mb}
