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
    NavItem(_("Leadership overview"), "oversight:overview", "overview.view", _("Overview")),
    NavItem(_("Provincial roll-up"), "dashboards:rollup", "rollup.view", _("Overview")),
    NavItem(_("My pacts"), "pacts:my_pacts", "pacts.sign", _("Integrity")),
    NavItem(_("My conflict declarations"), "conflicts:declaration_list", "conflicts.declare",
            _("Integrity")),
    NavItem(_("My gratification reports"), "gratification:my_reports", "gratification.report",
            _("Integrity")),
    NavItem(_("Pact campaigns"), "pacts:campaign_list", "pacts.view", _("Integrity")),
    NavItem(_("Performance agreements"), "pacts:agreement_list", "pacts.view", _("Integrity")),
    NavItem(_("Zona Integritas"), "zi:programme_list", "zi.view", _("Integrity")),
    NavItem(_("ZI ranking"), "zi:ranking", "zi.view", _("Integrity")),
    NavItem(_("Surveys"), "surveys:period_list", "surveys.view", _("Integrity")),
    NavItem(_("Reports and complaints"), "cases:list", "cases.view", _("Oversight")),
    NavItem(_("Case statistics"), "cases:statistics", "cases.stats", _("Oversight")),
    NavItem(_("Case settings"), "cases:settings", "cases.manage", _("Oversight")),
    NavItem(_("Conflict register"), "conflicts:register", "conflicts.view", _("Oversight")),
    NavItem(_("Gratification register"), "gratification:register", "gratification.view",
            _("Oversight")),
    NavItem(_("Gratification statistics"), "gratification:statistics", "gratification.view",
            _("Oversight")),
    NavItem(_("Risk map"), "risk:heatmap", "risk.view", _("Oversight")),
    NavItem(_("Risk registers"), "risk:register_list", "risk.view", _("Oversight")),
    NavItem(_("SPIP maturity"), "risk:maturity_list", "risk.view", _("Oversight")),
    NavItem(_("External assessments"), "oversight:ombudsman_list", "oversight.view",
            _("Oversight")),
    NavItem(_("KPK MCP"), "oversight:mcp", "oversight.view", _("Oversight")),
    NavItem(_("BPK, AKIP and Indeks RB"), "oversight:instansi", "oversight.view",
            _("Oversight")),
    NavItem(_("Standar pelayanan"), "oversight:service_list", "oversight.view", _("Oversight")),
    NavItem(_("Units"), "tenancy:unit_list", "units.view", _("Organisation")),
    NavItem(_("Employees"), "people:employee_list", "people.view", _("Organisation")),
    NavItem(_("Roster import"), "people:import_list", "people.import", _("Organisation")),
    NavItem(_("Users and roles"), "accounts:membership_list", "accounts.manage",
            _("Administration")),
    NavItem(_("Working-day calendar"), "core:calendar", "calendar.view", _("Administration")),
    NavItem(_("LKE frameworks"), "lke:framework_list", "zi.frameworks", _("Administration")),
    NavItem(_("Audit log"), "audit:event_list", "audit.view", _("Administration")),
    NavItem(_("API tokens"), "accounts:token_list", "api.tokens", _("Administration")),
    NavItem(_("Pemda profile"), "tenancy:tenant_settings", "tenant.manage", _("Administration")),
]
