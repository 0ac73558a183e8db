"""The Inspektur's case settings page: categories, deadlines, who receives new reports, escrow.

Each section posts to its own URL; a service error re-renders the page with the form in error
(status 400, nothing saved). The escrow shares are rendered once, in the response to the POST
that created them, with `Cache-Control: no-store`; they are never put in the session or a log.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from integritas.accounts.decorators import tenant_view
from integritas.accounts.models import User
from integritas.cases import categories, deadlines, keys, reference
from integritas.cases import settings_forms as forms
from integritas.cases import settings_services as services
from integritas.cases.models import Channel, DeadlinePolicy, HandlerKey
from integritas.core.errors import DomainError, NotFound
from integritas.core.forms import show_domain_error


def _settings_url(request, anchor: str = "") -> str:
    return reverse("cases:settings", args=[request.tenant.slug]) + anchor


def grouped_fingerprint(fingerprint: str) -> str:
    head = fingerprint[:16]
    return " ".join(head[i:i + 4] for i in range(0, len(head), 4))


def _category_sections(tenant, case_settings, bound: dict) -> list[dict]:
    sections = []
    for channel in Channel.values:
        if reference.channel(channel) is None:
            continue
        offered_form = bound.get(("offered", channel)) or forms.OfferedCategoriesForm(
            channel, initial={"channel": channel, "offered": [
                code for code in categories.library_codes(channel)
                if not categories.is_hidden(case_settings, channel, code)]})
        extras = categories.extras(case_settings, channel)
        removed = [extra for extra in extras
                   if categories.is_hidden(case_settings, channel, extra["code"])]
        sections.append({
            "channel": channel, "label": Channel(channel).label, "form": offered_form,
            "extras": [extra for extra in extras if extra not in removed],
            "removed": removed,
            "extra_form": bound.get(("extra", channel)) or forms.ExtraCategoryForm(channel),
        })
    return sections


def _deadline_rows(tenant, today) -> list[dict]:
    rows = []
    for channel in Channel.values:
        if reference.channel(channel) is None:
            continue
        policy = deadlines.deadline_policy(tenant, channel, today)
        rows.append({"channel": Channel(channel).label, "policy": policy,
                     "is_default": not isinstance(policy, DeadlinePolicy)})
    return rows


def _page(request, status: int = 200, bound: dict | None = None):
    bound = bound or {}
    tenant = request.tenant
    today = timezone.localdate()
    case_settings = keys.intake_settings(tenant)
    handlers = list(case_settings.intake_handlers.order_by("full_name", "email"))
    with_key = set(HandlerKey.objects.filter(user__in=handlers).values_list("user_id", flat=True))
    members = services.still_members(tenant, handlers)
    inspekturs = list(services.intake_roles_users(tenant))
    escrow = keys.active_escrow(tenant)
    context = {
        "category_sections": _category_sections(tenant, case_settings, bound),
        "deadline_rows": _deadline_rows(tenant, today),
        "future_policies": DeadlinePolicy.objects.filter(tenant=tenant, effective_from__gt=today)
        .order_by("effective_from", "channel"),
        "deadline_form": bound.get("deadline") or forms.DeadlineForm(),
        "inspekturs": inspekturs,
        "handlers": [{"user": user, "has_key": user.pk in with_key,
                      "is_member": user.pk in members} for user in handlers],
        "handler_form": bound.get("handler") or forms.IntakeHandlerForm(
            tenant, [u.pk for u in handlers + inspekturs]),
        "escrow": escrow,
        "escrow_fingerprint": grouped_fingerprint(escrow.fingerprint) if escrow else "",
    }
    return render(request, "cases/settings.html", context, status=status)


@tenant_view("cases.manage")
def settings_page(request, tenant_slug):
    return _page(request)


def _run(request, form, key, action, success: str, anchor: str):
    """Validate `form`, call `action(form)`; on success redirect, else the page with errors."""
    if form.is_valid():
        try:
            action(form)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, success)
            return redirect(_settings_url(request, anchor))
    return _page(request, status=400, bound={key: form})


def _posted_channel(request) -> str:
    channel = request.POST.get("channel", "")
    if channel not in Channel.values or reference.channel(channel) is None:
        raise Http404
    return channel


@tenant_view("cases.manage", methods=("POST",))
def categories_offered(request, tenant_slug):
    channel = _posted_channel(request)
    form = forms.OfferedCategoriesForm(channel, request.POST)
    return _run(request, form, ("offered", channel), lambda f: services.set_offered_categories(
        request.tenant, request.user, channel=channel, offered=f.cleaned_data["offered"]),
        _("The categories on the public form were saved."), "#categories")


@tenant_view("cases.manage", methods=("POST",))
def category_add(request, tenant_slug):
    channel = _posted_channel(request)
    form = forms.ExtraCategoryForm(channel, request.POST)
    return _run(request, form, ("extra", channel), lambda f: services.add_extra_category(
        request.tenant, request.user, channel=channel, label=f.cleaned_data["label"]),
        _("The category was added to the public form."), "#categories")


@tenant_view("cases.manage", methods=("POST",))
def category_remove(request, tenant_slug):
    try:
        services.remove_extra_category(request.tenant, request.user,
                                       code=request.POST.get("code", ""))
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.render())
        return _page(request, status=400)
    messages.success(request, _("The category was removed from the public form."))
    return redirect(_settings_url(request, "#categories"))


@tenant_view("cases.manage", methods=("POST",))
def deadline_set(request, tenant_slug):
    form = forms.DeadlineForm(request.POST)
    return _run(request, form, "deadline", lambda f: services.set_deadline_policy(
        request.tenant, request.user, **f.cleaned_data),
        _("The new deadlines were saved."), "#deadlines")


@tenant_view("cases.manage", methods=("POST",))
def deadline_remove(request, tenant_slug, pk):
    policy = DeadlinePolicy.objects.filter(tenant=request.tenant, pk=pk).first()
    if policy is None:
        raise Http404
    try:
        services.remove_deadline_policy(request.tenant, request.user, policy)
    except DomainError as error:
        messages.error(request, error.render())
        return _page(request, status=400)
    messages.success(request, _("The future deadlines were removed."))
    return redirect(_settings_url(request, "#deadlines"))


@tenant_view("cases.manage", methods=("POST",))
def handler_add(request, tenant_slug):
    case_settings = keys.intake_settings(request.tenant)
    taken = [*case_settings.intake_handlers.values_list("pk", flat=True),
             *services.intake_roles_users(request.tenant).values_list("pk", flat=True)]
    form = forms.IntakeHandlerForm(request.tenant, taken, request.POST)
    return _run(request, form, "handler", lambda f: services.add_intake_handler(
        request.tenant, request.user, user=f.chosen_user()),
        _("This person now receives new reports."), "#handlers")


@tenant_view("cases.manage", methods=("POST",))
def handler_remove(request, tenant_slug, user_id):
    try:
        services.remove_intake_handler(request.tenant, request.user,
                                       user=User.objects.filter(pk=user_id).first())
    except NotFound:
        raise Http404 from None
    messages.success(request, _("This person no longer receives new reports."))
    return redirect(_settings_url(request, "#handlers"))


@never_cache
@tenant_view("cases.manage", methods=("POST",))
def escrow_create(request, tenant_slug):
    escrow, share1, share2 = keys.create_escrow_key(request.tenant, request.user)
    return render(request, "cases/escrow_shares.html", {
        "escrow": escrow, "escrow_fingerprint": grouped_fingerprint(escrow.fingerprint),
        "share1": share1, "share2": share2,
    })
