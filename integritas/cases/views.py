"""The handlers' workspace: the case list, a case with its content decrypted for the reader,
the workflow, team, messages, notes, evidence, tasks, referrals, and the PDF case report.

Every case page opens the case through `selectors.case_for` (a live key sealed to the reader and
no exclusion; otherwise 404) and decrypts with the reader's unlocked key (`keys.case_keys`).
"""

from __future__ import annotations

import datetime as dt
from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integritas.accounts.decorators import tenant_view
from integritas.accounts.permissions import has_perm
from integritas.cases import (
    attachments,
    categories,
    deadlines,
    forms,
    keys,
    reference,
    referrals,
    selectors,
    services,
    workflow,
)
from integritas.cases.models import (
    Assignment,
    Case,
    CaseTask,
    Channel,
    Message,
    State,
)
from integritas.core.documents.render import letterhead_context
from integritas.core.errors import DomainError, NotFound
from integritas.core.forms import show_domain_error
from integritas.core.listing import Column, Filter, ListSpec, apply_list
from integritas.tenancy.models import Unit

DUE_FILTERS = (
    ("breached", gettext_lazy("Deadline passed")),
    ("week", gettext_lazy("Due within 7 days")),
    ("running", gettext_lazy("Clock running")),
    ("paused", gettext_lazy("No clock (waiting or closed)")),
)


def _due_filter(queryset, value: str):
    today = timezone.localdate()
    if value == "breached":
        return queryset.filter(due_on__lt=today)
    if value == "week":
        return queryset.filter(due_on__gte=today,
                               due_on__lte=today + dt.timedelta(days=7))
    if value == "running":
        return queryset.filter(due_on__isnull=False)
    if value == "paused":
        return queryset.filter(due_on__isnull=True)
    return queryset


def _assignee_filter(queryset, value: str):
    return queryset.filter(selectors.q_assignee(value)).distinct() if value.isdigit() else queryset


def _category_choices(labels: dict) -> list[tuple[str, str]]:
    """The list's category filter: every category a case may carry, the Pemda's own included."""
    names = {code: spec.label for code, spec in reference.channels().items()}
    return [(code, f"{names.get(channel, channel)}: {label}")
            for (channel, code), label in labels.items()]


def _list_spec(tenant, labels: dict) -> ListSpec:
    units = [(str(pk), name) for pk, name in
             Unit.objects.filter(tenant=tenant).order_by("path").values_list("pk", "name")]
    return ListSpec(
        search_fields=("number",),
        sorts={"due_on": "due_on", "received_at": "received_at", "number": "number"},
        default_sort="-received_at",
        filters=(
            Filter("channel", "channel", gettext_lazy("Channel"), Channel.choices),
            Filter("category", "category", gettext_lazy("Category"),
                   _category_choices(labels)),
            Filter("state", "state", gettext_lazy("State"), State.choices),
            Filter("unit", "unit_id", gettext_lazy("Unit concerned"), units),
        ),
        extra_filters={"due": _due_filter, "assignee": _assignee_filter},
        export_columns=(
            Column(gettext_lazy("Case number"), lambda c: c.number),
            Column(gettext_lazy("Channel"), lambda c: c.get_channel_display()),
            Column(gettext_lazy("Category"), lambda c: categories.label(labels, c)),
            Column(gettext_lazy("Unit concerned"), lambda c: c.unit.name if c.unit else ""),
            Column(gettext_lazy("State"), lambda c: c.get_state_display()),
            Column(gettext_lazy("Received"), lambda c: timezone.localtime(c.received_at)),
            Column(gettext_lazy("Due on"), lambda c: c.due_on),
            Column(gettext_lazy("Deadline kind"),
                   lambda c: c.get_due_kind_display() if c.due_on else ""),
            Column(gettext_lazy("Deadline passed"), lambda c: bool(c.breached_at)),
            Column(gettext_lazy("Outcome"), lambda c: c.get_outcome_display()),
        ),
        export_name="kasus",
    )


@tenant_view("cases.view")
def case_list(request, tenant_slug):
    tenant = request.tenant
    labels = categories.tenant_labels(tenant)
    spec = _list_spec(tenant, labels)
    queryset = selectors.with_lead(selectors.cases_for(tenant, request.user, request.grant))
    result = apply_list(request, queryset, spec)
    if not isinstance(result, dict):
        return result
    today = timezone.localdate()
    for case in result["object_list"]:
        case.category_label = categories.label(labels, case)
        case.days_left = deadlines.days_left(tenant, case, today)
        case.deadline = deadlines.phrase(tenant, case, today)
    result.update({
        "filter_rows": [(flt, result["active_filters"].get(flt.param, ""))
                        for flt in spec.filters],
        "due_choices": DUE_FILTERS,
        "can_stats": has_perm(request.memberships, "cases.stats"),
        "can_tokens": has_perm(request.memberships, "api.tokens"),
        "assignee_choices": [(str(u.pk), u.full_name or u.email)
                             for u in selectors.handlers(tenant)],
    })
    return render(request, "cases/case_list.html", result)


# --- one case ------------------------------------------------------------------------------------

def case_page(view):
    """Open the case (or 404) and its keys (or the "locked" page) before the view runs."""

    @wraps(view)
    def wrapper(request, tenant_slug, number, *args, **kwargs):
        try:
            case = selectors.case_for(request.tenant, request.user, request.grant, number)
            k = keys.case_keys(request, case)
        except keys.KeysLocked as error:
            return render(request, "cases/keys_locked.html", {"error": error}, status=403)
        except NotFound:
            raise Http404 from None
        return view(request, case, k, *args, **kwargs)

    return wrapper


def _is_external(case: Case, user) -> bool:
    return Assignment.objects.filter(case=case, user=user, revoked_at__isnull=True,
                                     kind=Assignment.Kind.EXTERNAL).exists()


@tenant_view("cases.view")
@case_page
def case_detail(request, case, k):
    mine = selectors.my_assignment(case, request.user)
    if mine and mine.kind != Assignment.Kind.EXTERNAL and mine.no_conflict_confirmed_at is None:
        return render(request, "cases/confirm_no_conflict.html", {"case": case})
    return render(request, "cases/case_detail.html", _detail_context(request, case, k))


def _detail_context(request, case: Case, k, **forms_in_error) -> dict:
    tenant, user = request.tenant, request.user
    external = _is_external(case, user)
    can_handle = has_perm(request.memberships, "cases.handle") and not external
    can_manage = has_perm(request.memberships, "cases.manage") and not external
    answers = keys.content(k, case).get("answers", {})
    spec = reference.channel(case.channel)
    questions = [(q.label, answers.get(q.code)) for q in spec.questions] if spec else []
    context = {
        "case": case, "questions": questions,
        "category": categories.label(categories.tenant_labels(tenant), case),
        "identity": None if external else keys.identity(k, case),
        "deadline": deadlines.phrase(tenant, case),
        "public_status": reference.public_status(case.state),
        "timeline": [
            {"t": t, "reason": "" if external else keys.open_text(k, t.reason_box),
             "public_note": keys.open_text(k, t.public_note_box)}
            for t in case.transitions.select_related("actor")],
        "attachments": [{"a": a, "name": keys.open_text(k, a.name_box)}
                        for a in case.attachments.all()],
        "referrals": [{"r": r, "notes": keys.open_text(k, r.notes_box)}
                      for r in case.referrals.select_related("unit", "shared_with")],
        "external": external, "can_handle": can_handle, "can_manage": can_manage,
    }
    if external:
        return context
    conversation = case.messages.select_related("author")
    context.update({
        "conversation": [{"m": m, "body": keys.open_text(k, m.body_box)}
                         for m in conversation if m.kind != Message.Kind.INTERNAL_NOTE],
        "notes": [{"m": m, "body": keys.open_text(k, m.body_box)}
                  for m in conversation if m.kind == Message.Kind.INTERNAL_NOTE],
        "follow_ups": [{"f": f, "body": keys.open_json(k, f.body_box)}
                       for f in case.follow_ups.select_related("created_by")],
        "tasks": [{"task": t, "title": keys.open_text(k, t.title_box)}
                  for t in case.tasks.select_related("assignee")],
        "team": selectors.live_assignments(case),
        "subjects": case.subjects.select_related("employee", "employee__unit"),
        "steps": forms.step_blocks(tenant, workflow.allowed_steps(case) if can_handle else [],
                                   forms_in_error.get("step_form")),
        "message_form": forms_in_error.get("message_form") or forms.MessageForm(),
        "note_form": forms_in_error.get("note_form") or forms.MessageForm(),
        "task_form": forms_in_error.get("task_form") or forms.TaskForm(case),
        "evidence_form": forms_in_error.get("evidence_form") or forms.EvidenceForm(),
        "referral_form": forms_in_error.get("referral_form") or forms.ReferralForm(tenant),
        "assign_form": (forms_in_error.get("assign_form") or forms.AssignForm(tenant, case))
        if can_manage else None,
        "subject_form": (forms_in_error.get("subject_form") or forms.SubjectForm(tenant))
        if can_manage else None,
    })
    return context


def _detail_url(request, case: Case) -> str:
    return reverse("cases:detail", kwargs={"tenant_slug": request.tenant.slug,
                                           "number": case.number})


def _act(request, case, k, form, run, success, *, form_name: str, anchor: str = ""):
    """Validate `form`, run the service, and either go back to the case with a message or show
    the case again with the error beside the field."""
    if form.is_valid():
        try:
            run(form)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, success)
            return redirect(_detail_url(request, case) + anchor)
    context = _detail_context(request, case, k, **{form_name: form})
    return render(request, "cases/case_detail.html", context, status=400)


@tenant_view("cases.handle", methods=("POST",))
@case_page
def case_step(request, case, k):
    step = request.POST.get("step", "")
    form = forms.StepForm(request.tenant, request.POST, auto_id=f"id_{step}_%s")
    if form.is_valid():
        try:
            workflow.advance(request.tenant, request.user, case, k, form.cleaned_data["step"],
                             **form.service_values())
        except workflow.TransitionNotAllowed as error:
            messages.error(request, error.render())
            return redirect(_detail_url(request, case))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The case moved on: %(state)s.") % {
                "state": Case.objects.get(pk=case.pk).get_state_display()})
            return redirect(_detail_url(request, case))
    context = _detail_context(request, case, k, step_form=form)
    return render(request, "cases/case_detail.html", context, status=400)


@tenant_view("cases.handle", methods=("POST",))
@case_page
def case_message(request, case, k):
    return _act(request, case, k, forms.MessageForm(request.POST),
                lambda f: services.message_reporter(request.tenant, request.user, case, k,
                                                    body=f.cleaned_data["body"]),
                _("Your message was sent to the reporter."), form_name="message_form",
                anchor="#conversation")


@tenant_view("cases.handle", methods=("POST",))
@case_page
def case_note(request, case, k):
    return _act(request, case, k, forms.MessageForm(request.POST),
                lambda f: services.add_note(request.tenant, request.user, case, k,
                                            body=f.cleaned_data["body"]),
                _("The note was added."), form_name="note_form", anchor="#notes")


@tenant_view("cases.handle", methods=("POST",))
@case_page
def case_task(request, case, k):
    return _act(request, case, k, forms.TaskForm(case, request.POST),
                lambda f: services.add_task(request.tenant, request.user, case, k,
                                            **f.cleaned_data),
                _("The task was added."), form_name="task_form", anchor="#tasks")


@tenant_view("cases.handle", methods=("POST",))
@case_page
def case_task_done(request, case, k, task_id):
    task = CaseTask.objects.filter(case=case, pk=task_id).first()
    if task is None:
        raise Http404
    services.complete_task(request.tenant, request.user, case, task)
    return redirect(_detail_url(request, case) + "#tasks")


@tenant_view("cases.handle", methods=("POST",))
@case_page
def case_evidence(request, case, k):
    form = forms.EvidenceForm(request.POST, request.FILES)
    return _act(request, case, k, form,
                lambda f: services.add_evidence(request.tenant, request.user, case, k,
                                                f.cleaned_data["file"]),
                _("The file was added, encrypted."), form_name="evidence_form",
                anchor="#evidence")


@tenant_view("cases.handle", methods=("POST",))
@case_page
def case_referral(request, case, k):
    return _act(request, case, k, forms.ReferralForm(request.tenant, request.POST),
                lambda f: referrals.record_referral(request.tenant, request.user, case, k,
                                                    **f.referral_values()),
                _("The referral was recorded."), form_name="referral_form",
                anchor="#referrals")


@tenant_view("cases.handle", methods=("POST",))
@case_page
def case_confirm(request, case, k):
    try:
        services.confirm_no_conflict(request.tenant, request.user, case)
    except DomainError as error:
        messages.error(request, error.render())
    return redirect(_detail_url(request, case))


@tenant_view("cases.manage", methods=("POST",))
@case_page
def case_assign(request, case, k):
    return _act(request, case, k, forms.AssignForm(request.tenant, case, request.POST),
                lambda f: services.assign(request.tenant, request.user, case, k,
                                          **f.cleaned_data),
                _("Access was granted."), form_name="assign_form", anchor="#team")


@tenant_view("cases.manage", methods=("POST",))
@case_page
def case_revoke(request, case, k, assignment_id):
    assignment = selectors.live_assignments(case).filter(pk=assignment_id).first()
    if assignment is None:
        raise Http404
    services.revoke(request.tenant, request.user, case, assignment)
    messages.success(request, _("Access was revoked."))
    return redirect(_detail_url(request, case) + "#team")


@tenant_view("cases.manage", methods=("POST",))
@case_page
def case_subject(request, case, k):
    return _act(request, case, k, forms.SubjectForm(request.tenant, request.POST),
                lambda f: services.add_subject(request.tenant, request.user, case,
                                               employee=f.cleaned_data["nip"]),
                _("The person is named in the case and can never read it."),
                form_name="subject_form", anchor="#team")


@tenant_view("cases.view")
@case_page
def case_attachment(request, case, k, attachment_id):
    attachment = case.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    name = keys.open_text(k, attachment.name_box) or f"bukti-{attachment.pk}"
    response = StreamingHttpResponse(attachments.open_attachment(k, attachment),
                                     content_type="application/octet-stream")
    response["Content-Disposition"] = _attachment_disposition(name)
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def _attachment_disposition(name: str) -> str:
    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
                         for c in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


@tenant_view("cases.view")
@case_page
def case_report_pdf(request, case, k):
    """The case report: content, decisions and timeline — never the reporter's identity. Not
    through the documents cache: a decrypted report must never be written to disk."""
    from weasyprint import HTML  # heavy: imported when a report is printed
    from weasyprint.urls import URLFetcher

    context = _detail_context(request, case, k) | {
        "identity": None, "letterhead": letterhead_context(request.tenant),
        "today": timezone.localdate(), "tenant": request.tenant}
    html = render_to_string("cases/case_report_pdf.html", context, request=request)
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="laporan-{case.number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response

