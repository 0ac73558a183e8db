"""Forms of the handlers' workspace. They parse input; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from integritas.accounts.models import User
from integritas.cases import selectors
from integritas.cases.models import (
    AdminCriterion,
    Assignment,
    ExamKind,
    Outcome,
    Referral,
)
from integritas.cases.services import MAX_MESSAGE, MAX_TASK_TITLE
from integritas.cases.workflow import MAX_TEXT
from integritas.core.forms import DomainErrorForm
from integritas.people.forms import UnitChoiceField, employee_from_nip_input
from integritas.tenancy.models import Unit

YES_NO = (("", "—"), ("yes", _("Yes")), ("no", _("No")))


class DateInput(forms.DateInput):
    input_type = "date"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


def _text(label, *, required=False, rows=3, max_length=MAX_TEXT, help_text=""):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}))


class ReferralFields(DomainErrorForm):
    """The letter of a referral; shared by the `refer` step and a referral that moves nothing."""

    authority_kind = forms.ChoiceField(label=_("Authority"), required=False,
                                       choices=[("", "—"), *Referral.Authority.choices])
    authority_name = forms.CharField(label=_("Name of the authority"), required=False,
                                     max_length=200,
                                     help_text=_("For example: Kejaksaan Negeri Kota Contoh."))
    unit = UnitChoiceField(label=_("OPD (for a complaint handed to the responsible OPD)"),
                           queryset=Unit.objects.none(), required=False)
    letter_number = forms.CharField(label=_("Letter number"), required=False, max_length=100)
    letter_date = forms.DateField(label=_("Letter date"), required=False, widget=DateInput)
    shared_with = UserChoiceField(
        label=_("Share with the authority's viewer"), queryset=User.objects.none(), required=False,
        help_text=_("They read the case without the reporter's identity, and cannot change it."))
    notes = _text(_("Notes on the referral"))

    def __init__(self, tenant, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(tenant=tenant).order_by("path")
        self.fields["shared_with"].queryset = selectors.external_viewers(tenant)

    def referral_values(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in (
            "authority_kind", "authority_name", "unit", "letter_number", "letter_date",
            "shared_with", "notes")} | {"notes": data.get("notes") or ""}


class StepForm(ReferralFields):
    step = forms.CharField(widget=forms.HiddenInput)
    reason = _text(_("Reason (internal)"), help_text=_("Why, for the team and the audit trail."))
    public_note = _text(_("What the reporter reads"),
                        help_text=_("Plain words; never a name or a detail that could identify "
                                    "anyone."))
    exam_kind = forms.ChoiceField(label=_("Examination"), required=False,
                                  choices=[("", "—"), *ExamKind.choices])
    audit_relevant = forms.ChoiceField(label=_("Berkadar pengawasan (needs examination by APIP)?"),
                                    required=False, choices=YES_NO)
    admin_criterion = forms.ChoiceField(label=_("Criterion of the administrative error"),
                                        required=False,
                                        choices=[("", "—"), *AdminCriterion.choices])
    findings = _text(_("Findings"))
    recommendations = _text(_("Recommendations"))
    sanctions = _text(_("Sanctions proposed"))
    recovered_amount = forms.IntegerField(label=_("Loss recovered (rupiah)"), required=False,
                                          min_value=0)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", "—"), *Outcome.choices])

    def service_values(self) -> dict:
        data = self.cleaned_data
        step = data["step"]
        values = {"reason": data.get("reason") or "", "public_note": data.get("public_note") or ""}
        if step == "examine":
            values["exam_kind"] = data.get("exam_kind") or ""
        elif step == "refer":
            values |= self.referral_values()
            if data.get("audit_relevant"):
                values["audit_relevant"] = data["audit_relevant"] == "yes"
        elif step == "follow_up":
            values |= {name: data.get(name) or "" for name in (
                "admin_criterion", "findings", "recommendations", "sanctions")}
            values["recovered_amount"] = data.get("recovered_amount") or 0
        elif step == "close":
            values["outcome"] = data.get("outcome") or ""
        return values


class MessageForm(DomainErrorForm):
    body = forms.CharField(label=_("Message"), max_length=MAX_MESSAGE,
                           widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(DomainErrorForm):
    user = UserChoiceField(label=_("Handler"), queryset=User.objects.none())
    kind = forms.ChoiceField(label=_("Role in the case"), choices=[
        (Assignment.Kind.LEAD, Assignment.Kind.LEAD.label),
        (Assignment.Kind.MEMBER, Assignment.Kind.MEMBER.label)],
        initial=Assignment.Kind.MEMBER)

    def __init__(self, tenant, case, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.assignable_users(tenant, case)


class SubjectForm(DomainErrorForm):
    nip = forms.CharField(label=_("NIP of the person named"), max_length=30)

    def __init__(self, tenant, *args, **kwargs):
        self.tenant = tenant
        super().__init__(*args, **kwargs)

    def clean_nip(self):
        return employee_from_nip_input(self.tenant, self.cleaned_data["nip"])


class TaskForm(DomainErrorForm):
    title = forms.CharField(label=_("Task"), max_length=MAX_TASK_TITLE)
    assignee = UserChoiceField(label=_("For"), queryset=User.objects.none(),
                               required=False)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput)

    def __init__(self, case, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(
            pk__in=selectors.live_assignments(case).values("user")).order_by("full_name")


class ReferralForm(ReferralFields):
    direction = forms.ChoiceField(label=_("Direction"), choices=Referral.Direction.choices)
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DateInput)

    def referral_values(self) -> dict:
        return super().referral_values() | {"direction": self.cleaned_data["direction"],
                                            "received_on": self.cleaned_data.get("received_on")}


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"))


# The inputs each workflow step shows (StepForm fields), in order.
STEP_FIELDS = {
    "verify": ("reason",),
    "request_information": ("public_note", "reason"),
    "review": ("reason",),
    "examine": ("exam_kind", "reason", "public_note"),
    "refer": ("audit_relevant", "authority_kind", "authority_name", "unit", "letter_number",
              "letter_date", "shared_with", "notes", "reason", "public_note"),
    "reject": ("public_note", "reason"),
    "follow_up": ("admin_criterion", "findings", "recommendations", "sanctions",
                  "recovered_amount", "reason", "public_note"),
    "close": ("outcome", "public_note", "reason"),
}


def step_blocks(tenant, steps, failed: StepForm | None = None) -> list[tuple]:
    """(step, form, bound fields) for each allowed step; the failed one keeps its input."""
    blocks = []
    for step in steps:
        form = failed if failed is not None and failed.data.get("step") == step.name else (
            StepForm(tenant, initial={"step": step.name}, auto_id=f"id_{step.name}_%s"))
        blocks.append((step, form, [form[name] for name in STEP_FIELDS[step.name]]))
    return blocks
