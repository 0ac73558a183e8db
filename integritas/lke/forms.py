from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.core.forms import DomainErrorForm


class FrameworkUploadForm(DomainErrorForm):
    file = forms.FileField(
        label=_("Framework file (JSON or YAML)"),
        help_text=_("The format is described on this page; a framework with the same code as "
                    "one of this Pemda's replaces it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.yaml,.yml"}))
