"""The audit log pages: who sees them, filters, export, event detail, verifying the chain."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

LIST = "audit:event_list"
VIEWERS = ["admin", "inspektur", "auditor"]
NOT_VIEWERS = ["upg", "opd_head", "zi_coordinator", "tpi", "regional_head", "external",
               "employee"]


def url(name, *args, tenant="contoh"):
    return reverse(name, args=(tenant, *args))


@pytest.mark.parametrize("persona", VIEWERS)
def test_audit_roles_see_the_log(world, client_for, append, persona):
    append(1)
    response = client_for(world.users[persona]).get(url(LIST))
    assert response.status_code == 200
    assert "Dinas Kependudukan" in response.content.decode()


@pytest.mark.parametrize("persona", NOT_VIEWERS)
def test_other_roles_are_refused_the_log(world, client_for, persona):
    assert client_for(world.users[persona]).get(url(LIST)).status_code == 403


def test_outsider_gets_404_for_another_pemdas_log(world, client_for):
    assert client_for(world.users["outsider"]).get(url(LIST)).status_code == 404


def test_log_lists_newest_first_with_local_time_label_and_diff(world, client_for, append):
    append(1, action="tenancy.unit.create", changes={"name": "Dinas Baru"})
    append(1, action="tenancy.unit.update", changes={"name": ["Dinas Baru", "Dinas Lama"]})
    page = client_for(world.users["auditor"]).get(url(LIST), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert html.index("name: Dinas Baru → Dinas Lama") < html.index("name: Dinas Baru<")
    local = timezone.localtime().strftime("%d/%m/%Y")
    assert local in html


def test_log_filters_by_action_prefix_actor_object_type_and_text(world, client_for, append):
    append(1, action="tenancy.unit.update", changes={"name": ["A", "B"]})
    append(1, action="people.employee.update", actor=world.users["inspektur"],
           changes={"name": ["C", "D"]})
    client = client_for(world.users["auditor"])

    def rows(**params):
        return client.get(url(LIST), params).context["rows"]

    assert [r["event"].action for r in rows(action="people.employee")] == [
        "people.employee.update"]
    assert len(rows(actor="inspektur@")) == 1
    assert len(rows(object_type="tenancy.unit")) == 2
    assert len(rows(q="kependudukan")) == 2 and rows(q="nothing-like-this") == []


def test_log_filters_by_date_range_and_flags_a_bad_date(world, client_for, append):
    append(2)
    client = client_for(world.users["auditor"])
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    assert len(client.get(url(LIST), {"from": today.isoformat()}).context["rows"]) == 2
    assert client.get(url(LIST), {"from": tomorrow.isoformat()}).context["rows"] == []
    assert len(client.get(url(LIST), {"to": today.strftime("%d/%m/%Y")}).context["rows"]) == 2
    response = client.get(url(LIST), {"to": "31/02/2026"})
    assert response.status_code == 200 and "to" in response.context["date_errors"]


def test_log_paginates(world, client_for, append):
    append(60)
    client = client_for(world.users["auditor"])
    assert len(client.get(url(LIST)).context["rows"]) == 50
    assert len(client.get(url(LIST), {"page": 2}).context["rows"]) == 10
    assert client.get(url(LIST), {"page": "x"}).status_code == 200


def test_log_exports_the_filtered_events_to_excel(world, client_for, append):
    append(3)
    response = client_for(world.users["auditor"]).get(url(LIST), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[1][0] == 3 and rows[1][4] == "tenancy.unit.update"


def test_event_detail_shows_changes_hashes_and_link_status(world, client_for, append):
    first, second = append(2)
    response = client_for(world.users["auditor"]).get(url("audit:event_detail", second.pk))
    html = response.content.decode()
    assert second.hash in html and first.hash in html
    assert response.context["content_intact"] and response.context["linked"]
    assert response.context["rows"][0].new == "v2"


def test_event_of_another_pemda_is_404(world, client_for, append):
    other = append(1, tenant=world.other_tenant, actor=world.users["outsider"])[0]
    response = client_for(world.users["auditor"]).get(url("audit:event_detail", other.pk))
    assert response.status_code == 404


def test_verify_button_reports_an_intact_chain(world, client_for, append):
    append(3)
    response = client_for(world.users["inspektur"]).post(url("audit:verify"), follow=True,
                                                          HTTP_ACCEPT_LANGUAGE="en")
    assert "3 events verified" in response.content.decode()


def test_verify_button_names_the_broken_event(world, client_for, append, raw_sql):
    append(3)
    raw_sql("DELETE FROM audit_auditevent WHERE tenant_id = %s AND seq = 2", [world.tenant.pk])
    response = client_for(world.users["inspektur"]).post(url("audit:verify"), follow=True)
    assert "#2" in response.content.decode()


def test_verify_needs_post_and_the_audit_role(world, client_for):
    assert client_for(world.users["auditor"]).get(url("audit:verify")).status_code == 405
    assert client_for(world.users["upg"]).post(url("audit:verify")).status_code == 403


def test_action_labels_name_the_model_even_when_the_code_abbreviates_it():
    from integritas.audit.display import action_label

    with translation.override("en"):
        assert action_label("pacts.target.create") == "Pact target created"
        assert action_label("pacts.signature.sign") == "Pact signature signed"
        assert action_label("people.import.commit") == "Roster import imported"
