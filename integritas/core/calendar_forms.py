"""Forms of the working-day calendar page: they parse input; the services and calendar check it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.core.calendar import MAX_WORKING_DAYS
from integritas.core.models import LocalHoliday

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LocalHolidayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    name = forms.CharField(label=_("Name"),
                           max_length=LocalHoliday._meta.get_field("name").max_length)
    note = forms.CharField(label=_("Note"), required=False,
                           max_length=LocalHoliday._meta.get_field("note").max_length,
                           help_text=_("For example the regional regulation that declares it."))


class AddDaysForm(forms.Form):
    start = forms.DateField(label=_("Start date"), widget=DATE_INPUT)
    days = forms.IntegerField(label=_("Working days"), min_value=-MAX_WORKING_DAYS,
                              max_value=MAX_WORKING_DAYS)


class BetweenForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), widget=DATE_INPUT)
