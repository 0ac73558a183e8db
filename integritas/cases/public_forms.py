"""Forms of the public pages. They only shape the input: the rules (required answers, lengths,
NIK, units, files) live in `intake.validate_report` and `attachments`, shared with the API."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.cases import categories, intake_cache, reference
from integritas.cases.intake import UNKNOWN_UNIT
from integritas.tenancy.models import Unit

IDENTITY_FIELDS = {"identity_name": _("Your name"), "identity_contact": _("Phone or e-mail"),
                   "identity_nik": _("NIK (16 digits)")}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ServiceCheckedMixin:
    """Marked required in the page (asterisk, aria), but checked by `intake.validate_report`, so
    that every error of a report comes back at once, in the same words as from the API."""

    def validate(self, value):
        if value in self.empty_values:
            return
        super().validate(value)


class ServiceCheckedCharField(ServiceCheckedMixin, forms.CharField):
    pass


class ServiceCheckedChoiceField(ServiceCheckedMixin, forms.ChoiceField):
    pass


class ReportForm(forms.Form):
    """The questions of one channel, built from its library entry."""

    def __init__(self, tenant, channel_code: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        spec = reference.channel(channel_code)
        self.fields["category"] = ServiceCheckedChoiceField(
            label=_("What is it about?"),
            choices=[("", _("Choose…")),
                     *categories.offered(intake_cache.context(tenant).settings, channel_code)])
        for question in spec.questions:
            self.fields[question.code] = _question_field(question)
        # A plain field with a select: the service says what is wrong with an unknown unit.
        self.fields["unit"] = forms.CharField(
            label=_("Which office (OPD) is it about?"), required=False,
            widget=forms.Select(choices=[(UNKNOWN_UNIT, _("I don't know / not sure")),
                                         *_unit_choices(tenant)]))
        for name, label in IDENTITY_FIELDS.items():
            self.fields[name] = forms.CharField(label=label, required=False, strip=True)
        self.fields["identity_nik"].widget.attrs.update(inputmode="numeric",
                                                        autocomplete="off")
        self.fields["files"] = MultipleFileField(
            label=_("Evidence files (optional)"), required=False,
            help_text=_("Photos (JPEG, PNG), Word and Excel documents (DOCX, XLSX), PDF or plain "
                        "text. We remove hidden information such as location and author before "
                        "storing them."))
        self.question_names = [q.code for q in spec.questions]

    def report_data(self, channel_code: str) -> dict:
        data = {"channel": channel_code, **{k: v for k, v in self.cleaned_data.items()
                                            if k not in IDENTITY_FIELDS and k != "files"}}
        identity = {name.removeprefix("identity_"): self.cleaned_data.get(name, "")
                    for name in IDENTITY_FIELDS}
        data["identity"] = identity if any(identity.values()) else None
        return data

    def identity_fields(self):
        return [self[name] for name in IDENTITY_FIELDS]

    def question_fields(self):
        return [self[name] for name in self.question_names]


def _question_field(question) -> forms.Field:
    if question.kind == "long":
        widget = forms.Textarea(attrs={"rows": 4})
    elif question.kind == "money":
        widget = forms.TextInput(attrs={"inputmode": "numeric"})
    else:
        widget = forms.TextInput()
    # Lengths are checked by the service, so that a too-long answer gets its message back
    # instead of being cut by the browser.
    field_class = ServiceCheckedCharField if question.required else forms.CharField
    return field_class(label=question.label, required=question.required, widget=widget,
                       strip=True)


def _unit_choices(tenant) -> list[tuple[str, str]]:
    units = Unit.objects.filter(tenant=tenant, is_active=True, depth=0).order_by("name")
    return [(str(u.pk), u.name) for u in units]


class ReceiptLoginForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt"), max_length=64, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false",
                                      "placeholder": "XXXX-XXXX-XXXX-XXXX"}))


class ReporterMessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("Add evidence (optional)"), required=False)
