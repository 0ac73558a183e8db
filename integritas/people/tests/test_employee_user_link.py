"""Linking an employee's login account, on the detail page and over the API."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from integritas.audit.models import AuditEvent
from integritas.core.testing.factories import UserFactory
from integritas.people.models import Employee
from integritas.people.tests.test_employees_api import bearer

MEMBER = "employee@contoh.go.id"  # the `employee` persona holds a role in `contoh`


def api_url(employee) -> str:
    return f"/api/v1/employees/{employee.pk}/user"


def page_url(name, employee) -> str:
    return reverse(f"people:{name}", kwargs={"tenant_slug": "contoh", "pk": employee.pk})


def linked_email(employee) -> str | None:
    with scopes_disabled():
        user = Employee.objects.get(pk=employee.pk).user
    return user.email if user else None


def put(client, employee, email, headers):
    return client.put(api_url(employee), {"email": email}, content_type="application/json",
                      **headers)


@pytest.fixture
def admin_headers(world):
    return bearer(world, "admin")


# --- API ------------------------------------------------------------------------------------

def test_api_links_a_member_by_email_and_unlinks_with_null(world, client, admin_headers):
    staff = world.employees["dukcapil_staff"]
    response = put(client, staff, " Employee@Contoh.go.id ", admin_headers)
    assert (response.status_code, response.json()["user_email"]) == (200, MEMBER)
    assert linked_email(staff) == MEMBER
    response = put(client, staff, None, admin_headers)
    assert (response.status_code, response.json()["user_email"]) == (200, None)
    assert linked_email(staff) is None
    with scopes_disabled():
        changes = [e.changes for e in AuditEvent.objects.filter(
            action="people.employee.link_user").order_by("seq")]
    assert changes == [{"user": [None, MEMBER]}, {"user": [MEMBER, None]}]


def test_api_link_is_idempotent(world, client, admin_headers):
    staff = world.employees["dukcapil_staff"]
    put(client, staff, MEMBER, admin_headers)
    assert put(client, staff, MEMBER, admin_headers).status_code == 200
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="people.employee.link_user").count() == 1


@pytest.mark.parametrize(("email", "code"), [
    ("nobody@contoh.go.id", "user_not_found"),
    ("auditor@lain.go.id", "user_not_member"),  # a user of another Pemda only
])
def test_api_refuses_users_without_a_role_here_with_a_code(world, client, admin_headers,
                                                          email, code):
    staff = world.employees["dukcapil_staff"]
    response = put(client, staff, email, admin_headers)
    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        400, code, "email")
    assert linked_email(staff) is None


def test_api_refuses_a_user_linked_to_another_employee(world, client, admin_headers):
    put(client, world.employees["dukcapil_staff"], MEMBER, admin_headers)
    response = put(client, world.employees["pendidikan_staff"], MEMBER, admin_headers)
    assert (response.status_code, response.json()["code"]) == (400, "employee_user_taken")


def test_api_link_needs_an_email_key(world, client, admin_headers):
    response = client.put(api_url(world.employees["dukcapil_staff"]), {},
                          content_type="application/json", **admin_headers)
    assert (response.status_code, response.json()["code"]) == (422, "invalid_input")


def test_api_link_to_another_pemdas_employee_is_404(world, client, admin_headers):
    response = put(client, world.employees["lain_staff"], MEMBER, admin_headers)
    assert (response.status_code, response.json()["code"]) == (404, "employee_not_found")
    assert linked_email(world.employees["lain_staff"]) is None


@pytest.mark.parametrize("persona", ["auditor", "opd_head", "employee"])
def test_api_link_needs_people_manage(world, client, persona):
    staff = world.employees["dukcapil_staff"]
    response = put(client, staff, MEMBER, bearer(world, persona))
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert linked_email(staff) is None


# --- Page -----------------------------------------------------------------------------------

def test_admin_links_and_unlinks_on_the_detail_page(world, client_for):
    staff = world.employees["dukcapil_staff"]
    admin = client_for(world.users["admin"])
    page = admin.get(page_url("employee_detail", staff)).content.decode()
    assert 'name="email"' in page
    response = admin.post(page_url("employee_link_user", staff), {"email": MEMBER})
    assert response.status_code == 302
    assert linked_email(staff) == MEMBER
    page = admin.get(page_url("employee_detail", staff)).content.decode()
    assert "data-confirm=\"Unlink the user account of Siti Aminah, S.Kom.?\"" in page
    assert admin.post(page_url("employee_unlink_user", staff)).status_code == 302
    assert linked_email(staff) is None


def test_page_shows_why_a_link_is_refused_beside_the_email(world, client_for):
    staff = world.employees["dukcapil_staff"]
    UserFactory(email="tamu@contoh.go.id")  # an account without any role here
    response = client_for(world.users["admin"]).post(page_url("employee_link_user", staff),
                                                     {"email": "tamu@contoh.go.id"})
    assert response.status_code == 400
    page = response.content.decode()
    field = page[page.index('name="email"'):]
    assert "This user holds no role in this Pemda" in field[:field.index("</div>")]
    assert linked_email(staff) is None


def test_page_refuses_an_invalid_email(world, client_for):
    staff = world.employees["dukcapil_staff"]
    response = client_for(world.users["admin"]).post(page_url("employee_link_user", staff),
                                                     {"email": "bukan-email"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_viewers_see_no_link_form_and_cannot_post_it(world, client_for):
    staff = world.employees["dukcapil_staff"]
    auditor = client_for(world.users["auditor"])
    assert 'name="email"' not in auditor.get(page_url("employee_detail", staff)).content.decode()
    assert auditor.post(page_url("employee_link_user", staff),
                        {"email": MEMBER}).status_code == 403
    assert auditor.post(page_url("employee_unlink_user", staff)).status_code == 403
    assert linked_email(staff) is None


def test_outsider_gets_404_from_the_link_actions(world, client_for):
    staff = world.employees["dukcapil_staff"]
    outsider = client_for(world.users["outsider"])
    assert outsider.post(page_url("employee_link_user", staff),
                         {"email": MEMBER}).status_code == 404


def test_link_actions_are_post_only(world, client_for):
    admin = client_for(world.users["admin"])
    assert admin.get(page_url("employee_link_user",
                              world.employees["dukcapil_staff"])).status_code == 405
