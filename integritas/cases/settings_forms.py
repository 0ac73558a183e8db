"""Forms of the case settings page. They only parse input; the rules are in settings_services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integritas.accounts.models import User
from integritas.cases import reference, settings_services
from integritas.cases.models import Channel


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(choices=Channel.choices, widget=forms.HiddenInput)


class OfferedCategoriesForm(ChannelForm):
    offered = forms.MultipleChoiceField(
        label=_("Offered on the public form"), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, channel: str, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{channel}_%s")
        super().__init__(*args, **kwargs)
        spec = reference.channel(channel)
        self.fields["offered"].choices = [
            (code, reference.localised(labels)) for code, labels in spec.categories] if spec else []


class ExtraCategoryForm(ChannelForm):
    label = forms.CharField(label=_("New category"), required=False, max_length=1000,
                            help_text=_("Up to 80 characters."))

    def __init__(self, channel: str, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{channel}_extra_%s")
        kwargs.setdefault("initial", {"channel": channel})
        super().__init__(*args, **kwargs)


class DeadlineForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    first_response_days = forms.IntegerField(label=_("First response"), min_value=1,
                                             max_value=365)
    simple_days = forms.IntegerField(label=_("Simple request or grievance"), min_value=1,
                                     max_value=365)
    desk_days = forms.IntegerField(label=_("Without field examination"), min_value=1,
                                   max_value=365)
    field_days = forms.IntegerField(label=_("With field examination"), min_value=1,
                                    max_value=365)
    effective_from = forms.DateField(label=_("Effective from"),
                                     widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("Source"), required=False, max_length=1000,
                             help_text=_("The decree or standard the limits come from."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_deadline_%s")
        kwargs.setdefault("initial", {"effective_from": timezone.localdate()})
        super().__init__(*args, **kwargs)


class IntakeHandlerForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Person"), coerce=int, empty_value=None)

    def __init__(self, tenant, taken, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_handler_%s")
        super().__init__(*args, **kwargs)
        candidates = settings_services.staff_members(tenant).exclude(pk__in=taken)
        self.fields["user"].choices = [("", "—")] + [
            (user.pk, f"{user.full_name or user.email} ({user.email})") for user in candidates]
        # The service decides who may be added: any posted user id reaches it.
        self.fields["user"].valid_value = lambda value: str(value).isdigit()

    def chosen_user(self):
        pk = self.cleaned_data.get("user")
        return User.objects.filter(pk=pk).first() if pk else None
