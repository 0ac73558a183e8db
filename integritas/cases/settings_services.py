"""The Inspektur's case settings: categories offered on the public form, deadline policies, who
receives new reports. (The escrow key is created by `keys.create_escrow_key`.)

Every write here saves a row the intake context is built from (`CaseSettings`, its intake
handlers, `DeadlinePolicy`) through `save()`, `delete()` or the M2M manager, so `receivers.py`
bumps the intake token and the next report reads the new settings.

Categories (what is offered, hidden or labelled: `categories.py`): hiding is per channel. An extra
category that cases already use is not deleted when removed: it stays in `extra_categories`,
hidden on its channel, so the public form no longer offers it while old cases keep its label.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from integritas.accounts.models import Membership
from integritas.accounts.roles import Role
from integritas.accounts.selectors import active_users_with_roles
from integritas.audit.services import record
from integritas.cases import categories, keys, reference
from integritas.cases.models import Case, CaseSettings, Channel, DeadlinePolicy
from integritas.core.errors import DomainError, NotFound
from integritas.core.services import service

LABEL_MAX = 80
CODE_MAX = 40  # Case.category
DAYS_MIN, DAYS_MAX = 1, 365
SOURCE_MAX = 300
DAY_FIELDS = ("first_response_days", "simple_days", "desk_days", "field_days")


# --- categories ----------------------------------------------------------------------------------

def _channel_spec(channel: str):
    spec = reference.channel(channel) if channel in Channel.values else None
    if spec is None:
        raise DomainError("channel_unknown", _("Choose a channel: WBS or complaint."),
                          field="channel")
    return spec


def _check_something_offered(case_settings: CaseSettings) -> None:
    for channel in Channel.values:
        if reference.channel(channel) is None or categories.offered(case_settings, channel):
            continue
        raise DomainError("category_none_left", _(
            "At least one category must stay offered on the public form of %(channel)s."),
            field="offered", channel=Channel(channel).label)


def _settings_for_update(tenant) -> CaseSettings:
    keys.intake_settings(tenant)  # create it if needed
    return CaseSettings.objects.select_for_update().get(tenant=tenant)


@service
def set_offered_categories(tenant, actor, *, channel: str, offered) -> CaseSettings:
    """Offer exactly `offered` of the channel's library categories on the public form."""
    _channel_spec(channel)
    case_settings = _settings_for_update(tenant)
    codes = categories.library_codes(channel)
    offered = set(offered or ())
    before = [code for code in codes if categories.is_hidden(case_settings, channel, code)]
    categories.set_hidden(case_settings, channel, codes, hidden=set(codes) - offered)
    hidden = [code for code in codes if categories.is_hidden(case_settings, channel, code)]
    _check_something_offered(case_settings)
    if hidden != before:
        case_settings.save(update_fields=["hidden_categories", "updated_at"])
        record(tenant, actor, "cases.settings.categories", case_settings, {
            "channel": channel,
            "hidden": sorted(set(hidden) - set(before)),
            "offered": sorted(set(before) - set(hidden)),
        })
    return case_settings


def _labels_in_use(case_settings: CaseSettings, channel: str) -> set[str]:
    """Lower-cased labels of the channel's library categories (both languages, hidden or not)
    and of its own categories on offer."""
    spec = reference.channel(channel)
    labels = {label.casefold() for _code, names in spec.categories for label in names.values()}
    labels |= {extra["label"].casefold() for extra in categories.extras(case_settings, channel)
               if not categories.is_hidden(case_settings, channel, extra["code"])}
    return labels


def _new_code(case_settings: CaseSettings, label: str) -> str:
    taken = {extra.get("code") for extra in case_settings.extra_categories or ()}
    taken |= {code for channel in Channel.values for code in categories.library_codes(channel)}
    base = "x-" + (slugify(label)[:CODE_MAX - 6].strip("-") or "kategori")
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


@service
def add_extra_category(tenant, actor, *, channel: str, label: str) -> dict:
    """A category of the tenant's own on the channel's public form; returns its entry."""
    _channel_spec(channel)
    label = " ".join((label or "").split())
    if not label:
        raise DomainError("category_label_required", _("Enter the category's name."),
                          field="label")
    if len(label) > LABEL_MAX:
        raise DomainError("category_label_too_long", _(
            "Keep the name to %(max)s characters or fewer."), field="label", max=LABEL_MAX)
    case_settings = _settings_for_update(tenant)
    if label.casefold() in _labels_in_use(case_settings, channel):
        raise DomainError("category_duplicate", _(
            "This channel already has a category called “%(label)s”."), field="label",
            label=label)
    revived = next((extra for extra in categories.extras(case_settings, channel)
                    if extra["label"].casefold() == label.casefold()
                    and categories.is_hidden(case_settings, channel, extra["code"])), None)
    if revived is not None:
        # Removed earlier while cases used it: offer the same code again.
        entry = revived
        categories.set_hidden(case_settings, channel, [entry["code"]], hidden=())
    else:
        entry = {"channel": channel, "code": _new_code(case_settings, label), "label": label}
        case_settings.extra_categories = [*(case_settings.extra_categories or []), entry]
    case_settings.save(update_fields=["extra_categories", "hidden_categories", "updated_at"])
    record(tenant, actor, "cases.settings.category_add", case_settings, dict(entry))
    return entry


@service
def remove_extra_category(tenant, actor, *, code: str) -> None:
    """Take one of the tenant's own categories off the public form. Cases that use it keep its
    code and label (the entry stays, hidden); one no case uses is deleted."""
    case_settings = _settings_for_update(tenant)
    entry = next((extra for extra in case_settings.extra_categories or ()
                  if extra.get("code") == code
                  and not categories.is_hidden(case_settings, extra.get("channel"), code)), None)
    if entry is None:
        raise NotFound("category_not_found", _("There is no such category."), field="code")
    used = Case.objects.filter(tenant=tenant, channel=entry["channel"], category=code).exists()
    if used:
        categories.set_hidden(case_settings, entry["channel"], [code], hidden={code})
    else:
        case_settings.extra_categories = [extra for extra in case_settings.extra_categories
                                          if extra.get("code") != code]
    _check_something_offered(case_settings)
    case_settings.save(update_fields=["extra_categories", "hidden_categories", "updated_at"])
    record(tenant, actor, "cases.settings.category_remove", case_settings,
           {**entry, "kept_for_cases": used})


# --- deadlines -----------------------------------------------------------------------------------

@service
def set_deadline_policy(tenant, actor, *, channel: str, first_response_days: int,
                        simple_days: int, desk_days: int, field_days: int,
                        effective_from: dt.date, source: str = "",
                        today: dt.date | None = None) -> DeadlinePolicy:
    """New working-day limits for a channel from `effective_from` (today or later); a policy of
    the same channel and date is updated."""
    _channel_spec(channel)
    days = dict(zip(DAY_FIELDS, (first_response_days, simple_days, desk_days, field_days),
                    strict=True))
    for name, value in days.items():
        if not isinstance(value, int) or not DAYS_MIN <= value <= DAYS_MAX:
            raise DomainError("deadline_out_of_range", _(
                "Enter a number of working days from %(min)s to %(max)s."), field=name,
                min=DAYS_MIN, max=DAYS_MAX)
    values = list(days.values())
    for name, previous, value in zip(DAY_FIELDS[1:], values[:-1], values[1:], strict=True):
        if value < previous:
            raise DomainError("deadline_order", _(
                "Each limit must be at least the one before: first response ≤ simple ≤ "
                "without field examination ≤ with field examination."), field=name)
    today = today or timezone.localdate()
    if effective_from is None or effective_from < today:
        raise DomainError("deadline_in_past", _(
            "New limits start today or later; past deadlines stay as they were."),
            field="effective_from")
    source = (source or "").strip()
    if len(source) > SOURCE_MAX:
        raise DomainError("deadline_source_too_long", _(
            "Keep the source to %(max)s characters or fewer."), field="source", max=SOURCE_MAX)
    policy = DeadlinePolicy.objects.filter(tenant=tenant, channel=channel,
                                           effective_from=effective_from).first()
    created = policy is None
    if created:
        policy = DeadlinePolicy(tenant=tenant, channel=channel, effective_from=effective_from)
    for name, value in days.items():
        setattr(policy, name, value)
    policy.source = source
    policy.save()
    record(tenant, actor, "cases.settings.deadline_set", policy, {
        "channel": channel, "effective_from": effective_from.isoformat(), **days,
        "source": source, "created": created})
    return policy


@service
def remove_deadline_policy(tenant, actor, policy: DeadlinePolicy,
                           today: dt.date | None = None) -> None:
    """Withdraw a policy that has not started yet."""
    today = today or timezone.localdate()
    if policy.effective_from <= today:
        raise DomainError("deadline_not_future", _(
            "Only limits that have not started yet can be removed."))
    changes = {"channel": policy.channel, "effective_from": policy.effective_from.isoformat(),
               **{name: getattr(policy, name) for name in DAY_FIELDS}}
    record(tenant, actor, "cases.settings.deadline_remove", policy, changes)
    policy.delete()


# --- who receives new reports --------------------------------------------------------------------

STAFF_ROLES = frozenset(Role) - {Role.EMPLOYEE}


def staff_members(tenant):
    """Users with an active staff role (any but employee) in `tenant`: the people who may
    receive reports, offered by the settings page's select."""
    return active_users_with_roles(tenant, STAFF_ROLES)


def intake_roles_users(tenant):
    """The users who receive every new report by their role (the Inspektur)."""
    return active_users_with_roles(tenant, keys.INTAKE_ROLES)


@service
def add_intake_handler(tenant, actor, *, user) -> None:
    """`user` (an active member with a staff role) also receives every new report (sealed to
    their key) from now on."""
    if user is None or not active_users_with_roles(tenant, Role.values).filter(pk=user.pk).exists():
        raise DomainError("intake_handler_not_member", _(
            "Choose someone with an active role in this Pemda."), field="user")
    if not staff_members(tenant).filter(pk=user.pk).exists():
        raise DomainError("intake_handler_not_staff", _(
            "Only staff can receive new reports; %(name)s has no staff role in this Pemda."),
            field="user", name=user.full_name or user.email)
    case_settings = _settings_for_update(tenant)
    if (case_settings.intake_handlers.filter(pk=user.pk).exists()
            or intake_roles_users(tenant).filter(pk=user.pk).exists()):
        raise DomainError("intake_handler_exists", _(
            "%(name)s already receives new reports."), field="user",
            name=user.full_name or user.email)
    case_settings.intake_handlers.add(user)
    record(tenant, actor, "cases.settings.handler_add", case_settings, {"user": user.pk})


@service
def remove_intake_handler(tenant, actor, *, user) -> None:
    """`user` no longer receives new reports; cases already sealed to them stay as they are."""
    case_settings = _settings_for_update(tenant)
    if user is None or not case_settings.intake_handlers.filter(pk=user.pk).exists():
        raise NotFound("intake_handler_not_found", _(
            "This person is not on the list of those who receive new reports."))
    case_settings.intake_handlers.remove(user)
    record(tenant, actor, "cases.settings.handler_remove", case_settings, {"user": user.pk})


def still_members(tenant, users) -> set[int]:
    return set(Membership.objects.filter(tenant=tenant, is_active=True, user__in=users)
               .values_list("user_id", flat=True))
