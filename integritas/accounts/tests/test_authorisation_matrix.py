"""Every role against every tenant page, with `PERMISSIONS` as the oracle; every API call needs
a token.

The URL patterns and API operations are read from the URL resolver and the NinjaAPI at run time,
so pages and endpoints added by any app are checked without touching this file.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from integritas.accounts.permissions import PERMISSIONS, has_perm
from integritas.accounts.roles import UNIT_SCOPED_ROLES, Role
from integritas.core.testing.factories import UserFactory, enrol_totp, grant_role
from integritas.core.testing.personas import TEST_TOTP_SECRET

TENANT_PREFIX = "<slug:tenant_slug>/"
MISSING_PK = 987654321


@dataclass(frozen=True)
class TenantPage:
    name: str
    route: str
    view: object
    needs_object: bool  # the route takes more than the tenant slug

    def url(self, tenant_slug: str) -> str:
        return "/" + _fill(self.route, tenant_slug)

    @property
    def permission(self) -> str | None:
        view_class = getattr(self.view, "view_class", None)
        return getattr(self.view, "permission", None) or getattr(view_class, "permission", None)


def tenant_pages() -> list[TenantPage]:
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and str(pattern.pattern) == TENANT_PREFIX:
            return sorted(_walk(pattern.url_patterns, TENANT_PREFIX, ""), key=lambda p: p.route)
    raise AssertionError("no tenant URL patterns under <slug:tenant_slug>/")


def _walk(patterns, prefix: str, namespace: str):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            yield TenantPage(
                name=f"{namespace}{pattern.name or pattern.lookup_str}",
                route=route,
                view=pattern.callback,
                needs_object="<" in route[len(TENANT_PREFIX):],
            )


def _fill(route: str, tenant_slug: str) -> str:
    """Replace converters: the tenant slug, and values no object of any tenant has."""
    samples = {"int": str(MISSING_PK), "slug": "tidak-ada", "str": "tidak-ada",
               "uuid": str(uuid.UUID(int=MISSING_PK)), "path": "tidak-ada"}

    def value(match):
        converter, name = match.group(1) or "str", match.group(2)
        return tenant_slug if name == "tenant_slug" else samples.get(converter, "tidak-ada")

    return re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


PAGES = tenant_pages()


def _persona_for(world, role: Role):
    """The persona holding `role` in `contoh` (unit-scoped roles get Dukcapil)."""
    for user in world.users.values():
        memberships = list(user.memberships.all())
        if len(memberships) == 1 and memberships[0].role == role \
                and memberships[0].tenant_id == world.tenant.pk:
            return user
    user = UserFactory(email=f"{role.value}@contoh.go.id")
    grant_role(user, world.tenant, role,
               world.units["dukcapil"] if role in UNIT_SCOPED_ROLES else None)
    enrol_totp(user, TEST_TOTP_SECRET)
    return user


def test_every_tenant_page_declares_a_known_permission():
    missing = [page.name for page in PAGES if page.permission not in PERMISSIONS]
    assert not missing, f"tenant views without a @tenant_view permission: {missing}"


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_role_sees_exactly_the_pages_its_permissions_allow(world, client, unscoped, role):
    user = _persona_for(world, role)
    client.force_login(user)
    memberships = list(user.memberships.select_related("unit"))
    wrong = []
    for page in PAGES:
        if page.permission not in PERMISSIONS:
            continue  # reported by test_every_tenant_page_declares_a_known_permission
        response = client.get(page.url("contoh"))
        status = response.status_code
        allowed = has_perm(memberships, page.permission)
        if allowed and not _is_allowed_answer(page, response):
            wrong.append(f"{page.name}: expected access, got {status}")
        if not allowed and status not in (403, 405):
            wrong.append(f"{page.name}: expected 403, got {status}")
    assert not wrong, f"{role.value}: " + "; ".join(wrong)


def test_outsider_gets_404_on_every_page_of_another_pemda(world, client):
    client.force_login(world.users["outsider"])
    wrong = [f"{page.name}: {status}" for page in PAGES
             if (status := client.get(page.url("contoh")).status_code) != 404]
    assert not wrong


def test_anonymous_visitor_is_sent_to_login_from_every_page(world, client):
    wrong = []
    for page in PAGES:
        response = client.get(page.url("contoh"))
        if response.status_code != 302 or not response["Location"].startswith("/akun/login/"):
            wrong.append(f"{page.name}: {response.status_code}")
    assert not wrong


def _is_allowed_answer(page: TenantPage, response) -> bool:
    status = response.status_code
    if status == 200:
        return True
    if status == 302:  # an action-only view sends GET back to a page of the same Pemda
        return response["Location"].startswith("/contoh/")
    if status == 404:  # a route that needs an object was given one that does not exist
        return page.needs_object
    return status == 405  # a POST-only view may refuse GET before anything else




# --- API -----------------------------------------------------------------------------------

# Public verification (integritas/pacts/public_api.py) is the one API open without a token.
PUBLIC_API_PREFIX = "/api/v1/public/"


def api_operations() -> list[tuple[str, str]]:
    from integritas.api.api import api

    schema = api.get_openapi_schema()
    operations = []
    for path, methods in schema["paths"].items():
        if path.startswith(PUBLIC_API_PREFIX):
            continue
        for method in methods:
            operations.append((method.upper(), path))
    return sorted(operations)


def _fill_api_path(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_every_api_operation_requires_a_token(db, client):
    operations = api_operations()
    assert operations, "the API has no operations"
    wrong = []
    for method, path in operations:
        response = client.generic(method, _fill_api_path(path), data=b"{}",
                                  content_type="application/json")
        if response.status_code != 401:
            wrong.append(f"{method} {path}: {response.status_code}")
    assert not wrong


def test_every_api_operation_rejects_a_garbage_token(db, client):
    wrong = []
    for method, path in api_operations():
        response = client.generic(method, _fill_api_path(path), data=b"{}",
                                  content_type="application/json",
                                  headers={"Authorization": "Bearer itg_contoh.garbage"})
        if response.status_code != 401:
            wrong.append(f"{method} {path}: {response.status_code}")
    assert not wrong
