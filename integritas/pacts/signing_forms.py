"""Forms for signing and paper records. They only shape input; the checks are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.core.forms import DomainErrorForm


class SignForm(DomainErrorForm):
    password = forms.CharField(
        label=_("Your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Signing is an act of yours: confirm it with the password you log in with."),
    )
    totp_code = forms.CharField(
        label=_("Authenticator code"), required=False, max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, needs_totp: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_totp:
            del self.fields["totp_code"]


class PaperSignatureForm(DomainErrorForm):
    scan = forms.FileField(
        label=_("Scan of the signed pact"),
        help_text=_("PDF, JPEG or PNG, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    signed_on = forms.DateField(label=_("Signed on"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    witness_name = forms.CharField(
        label=_("Witness (if not the one on record)"), required=False, max_length=200)
