"""The side navigation, by module. Each entry is shown only to roles that hold its permission."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str
    section: str


NAVIGATION = [
    NavItem(_("Home"), "home_tenant", "dashboard.view", _("Overview")),
    NavItem(_("Provincial roll-up"), "dashboards:rollup", "rollup.view", _("Overview")),
    NavItem(_("My pacts"), "pacts:my_pacts", "pacts.sign", _("Integrity")),
    NavItem(_("Pact campaigns"), "pacts:campaign_list", "pacts.view", _("Integrity")),
    NavItem(_("Performance agreements"), "pacts:agreement_list", "pacts.view", _("Integrity")),
    NavItem(_("Units"), "tenancy:unit_list", "units.view", _("Organisation")),
    NavItem(_("Employees"), "people:employee_list", "people.view", _("Organisation")),
    NavItem(_("Roster import"), "people:import_list", "people.import", _("Organisation")),
    NavItem(_("Users and roles"), "accounts:membership_list", "accounts.manage",
            _("Administration")),
    NavItem(_("Working-day calendar"), "core:calendar", "calendar.view", _("Administration")),
    NavItem(_("Audit log"), "audit:event_list", "audit.view", _("Administration")),
    NavItem(_("API tokens"), "accounts:token_list", "api.tokens", _("Administration")),
    NavItem(_("Pemda profile"), "tenancy:tenant_settings", "tenant.manage", _("Administration")),
]
