"""Rule 5 of ARCHITECTURE.md, checked on the live model registry.

Every table of an integritas app is tenant-owned (a `TenantScopedModel`) unless it is listed
below with the reason it is shared; every uniqueness on a tenant-owned table starts with
`tenant`; and foreign keys between tenant-owned rows never cross tenants. The first two are
structural and checked for every model, including ones added later. The database cannot
enforce the third (no composite foreign keys), so services do; the property tests at the end
try every pairing of "acting tenant" and "tenant of the linked row" against those services.
"""

from __future__ import annotations

import itertools

import pytest
from django.apps import apps
from django.db import models
from django_scopes import ScopeError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integritas.core.models import TenantScopedModel
from integritas.tenancy.models import Tenant

SHARED_MODELS = {
    "tenancy.Tenant": "the tenant itself",
    "accounts.User": "a person may hold roles in several Pemda (a province viewer, a transfer)",
    "audit.AuditHead": "keyed by tenant as its primary key (one chain tip per tenant)",
    "core.Holiday": "national holidays and cuti bersama: reference data for every tenant",
    "core.CacheToken": "cache-invalidation tokens per cached data set; no tenant data",
    "pacts.LibraryPactText": "standard pact texts from libraries/pacts/; a tenant adopts a copy",
    "cases.HandlerKey": "a person's key pair, one per user, serving every tenant they handle in",
    "conflicts.CatalogueEntry": "COI types, sources and measures from libraries/conflicts/",
    "conflicts.ConflictRules": "dated decision deadline and file limits from libraries/conflicts/",
    "gratification.RuleSet": "dated KPK gratification limits from libraries/gratification/",
    "surveys.Questionnaire": "SPAK/SPKP questionnaires from libraries/surveys/",
    "surveys.SurveyPolicy": "dated survey abuse limits from libraries/surveys/",
    "lke.LkeFramework": "library frameworks (tenant null) beside a tenant's own uploads, which "
                        "the lke selectors filter by tenant",
    "lke.EligibilityRuleSet": "WBK/WBBM conditions from libraries/lke/",
    "zi.EvidencePolicy": "evidence file limits and proposals from libraries/zi/",
    "risk.RiskLibrary": "the default matrix, criteria and SPIP elements from libraries/risk/",
    "oversight.OversightReference": "Ombudsman bands, MCP colour bands etc. from "
                                    "libraries/oversight/",
    "oversight.McpIndicator": "KPK's MCP indicators per year from libraries/oversight/",
}

# Violations that exist today and must be fixed, not copied. When one is fixed, remove it here
# (the ratchet test below fails until then, so this list only shrinks).
KNOWN_VIOLATIONS: dict[str, str] = {}


def our_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models()
            if model._meta.app_config.name.startswith("integritas.")]


def tenant_scoped_models() -> list[type[models.Model]]:
    return [model for model in our_models() if issubclass(model, TenantScopedModel)]


def test_every_model_is_tenant_scoped_or_listed_as_shared():
    unlisted = [model._meta.label for model in our_models()
                if not issubclass(model, TenantScopedModel)
                and model._meta.label not in SHARED_MODELS]
    assert unlisted == [], "make these TenantScopedModel or add them to SHARED_MODELS"


def test_allow_lists_name_only_existing_models_and_fields():
    labels = {model._meta.label for model in our_models()}
    assert set(SHARED_MODELS) <= labels
    fields = {f"{model._meta.label}.{field.name}" for model in our_models()
              for field in model._meta.local_fields}
    assert set(KNOWN_VIOLATIONS) <= fields


def test_tenant_field_is_a_foreign_key_to_tenant():
    wrong = [model._meta.label for model in tenant_scoped_models()
             if model._meta.get_field("tenant").related_model is not Tenant]
    assert wrong == []


@pytest.mark.django_db
def test_tenant_scoped_models_refuse_queries_outside_a_scope():
    unguarded = []
    for model in tenant_scoped_models():
        try:
            list(model.objects.all()[:1])
        except ScopeError:
            continue
        unguarded.append(model._meta.label)
    assert unguarded == []


def unique_field_sets(model) -> list[tuple[str, list[str]]]:
    """(name, fields) of every multi-column uniqueness: constraints and unique_together."""
    found = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            # An expression-only constraint has no `fields`; it cannot prove it starts with tenant.
            found.append((constraint.name, list(constraint.fields)))
    for fields in model._meta.unique_together:
        found.append(("unique_together", list(fields)))
    return found


def test_unique_constraints_of_tenant_scoped_models_start_with_tenant():
    wrong = [f"{model._meta.label}: {name} {fields}"
             for model in tenant_scoped_models()
             for name, fields in unique_field_sets(model)
             if not fields or fields[0] != "tenant"]
    assert wrong == []


def test_no_single_field_is_unique_on_a_tenant_scoped_model():
    # A one-to-one link is unique on the linked row's primary key, which no two tenants share.
    wrong = [f"{model._meta.label}.{field.name}"
             for model in tenant_scoped_models()
             for field in model._meta.local_fields
             if field.unique and not field.primary_key and not field.one_to_one
             and f"{model._meta.label}.{field.name}" not in KNOWN_VIOLATIONS]
    assert wrong == [], "add UniqueConstraint(fields=['tenant', ...]) instead of unique=True"


def test_known_violations_are_still_violations():
    for label in KNOWN_VIOLATIONS:
        app_model, field_name = label.rsplit(".", 1)
        assert apps.get_model(app_model)._meta.get_field(field_name).unique, (
            f"{label} is fixed: remove it from KNOWN_VIOLATIONS")


def cross_tenant_links() -> list[str]:
    return sorted(
        f"{model._meta.label}.{field.name}"
        for model in tenant_scoped_models()
        for field in model._meta.local_fields
        if field.is_relation and field.name != "tenant"
        and issubclass(field.related_model, TenantScopedModel)
    )


def test_links_between_tenant_rows_are_known_to_this_lint():
    """A new link is fine; this only makes sure the walk sees the ones the services guard."""
    assert {"tenancy.Unit.parent", "people.Employee.unit",
            "accounts.Membership.unit"} <= set(cross_tenant_links())


# --- Foreign keys never cross tenants: the services refuse a row of another tenant ---------

HOMES = st.sampled_from(["own", "other"])
PROPERTY = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
counter = itertools.count()


def home_unit(world, home: str):
    return world.units["dukcapil"] if home == "own" else world.units["lain_inspektorat"]


def outcome(call) -> str:
    from integritas.core.errors import DomainError

    try:
        call()
    except DomainError as error:
        assert 400 <= error.status < 500, error.code
        return "refused"
    return "done"


@PROPERTY
@given(home=HOMES)
def test_create_unit_links_only_a_parent_of_the_acting_tenant(world, home):
    from integritas.tenancy.services import create_unit

    result = outcome(lambda: create_unit(world.tenant, world.users["admin"],
                                         name=f"Seksi {next(counter)}",
                                         parent=home_unit(world, home)))
    assert result == ("done" if home == "own" else "refused")


@PROPERTY
@given(home=HOMES)
def test_move_unit_links_only_a_parent_of_the_acting_tenant(world, home):
    from integritas.tenancy.services import create_unit, move_unit

    admin = world.users["admin"]
    unit = create_unit(world.tenant, admin, name=f"UPT {next(counter)}")
    result = outcome(lambda: move_unit(world.tenant, admin, unit, home_unit(world, home)))
    assert result == ("done" if home == "own" else "refused")


@PROPERTY
@given(home=HOMES)
def test_create_employee_links_only_a_unit_of_the_acting_tenant(world, home):
    from integritas.core.testing.factories import random_nip
    from integritas.people.services import create_employee

    result = outcome(lambda: create_employee(
        world.tenant, world.users["admin"], nip=random_nip(serial=next(counter) % 999 + 1),
        name="Dewi Lestari", unit=home_unit(world, home), position_title="Analis"))
    assert result == ("done" if home == "own" else "refused")


@PROPERTY
@given(home=HOMES)
def test_assign_role_links_only_a_unit_of_the_acting_tenant(world, home):
    from integritas.accounts.roles import Role
    from integritas.accounts.services import assign_role
    from integritas.core.testing.factories import UserFactory

    user = UserFactory(email=f"kepala{next(counter)}@contoh.go.id")
    result = outcome(lambda: assign_role(world.tenant, world.users["admin"], user=user,
                                         role=Role.OPD_HEAD, unit=home_unit(world, home)))
    assert result == ("done" if home == "own" else "refused")
