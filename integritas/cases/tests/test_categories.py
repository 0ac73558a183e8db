"""A Pemda's case categories: hidden per channel, its own categories labelled everywhere."""

import importlib
import io
import json

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope
from openpyxl import load_workbook

from integritas.cases import categories, keys, settings_services
from integritas.cases.models import CaseSettings
from integritas.cases.tests.helpers import REPORT
from integritas.cases.tests.ws_helpers import handler_client, new_case
from integritas.core.errors import DomainError

pytestmark = pytest.mark.django_db
SETTINGS = "/contoh/kasus/pengaturan/"
WBS_FORM = "/contoh/lapor/kirim/wbs/"
COMPLAINT_FORM = "/contoh/lapor/kirim/pengaduan/"
PUBLIC_API = "/api/v1/public/contoh/reports"
LIST = "/contoh/kasus/"
MIGRATION = importlib.import_module(
    "integritas.cases.migrations.0002_hidden_categories_per_channel")


def api_report(client, **changes):
    return client.post(PUBLIC_API, json.dumps({**REPORT, **changes}),
                       content_type="application/json")


def hidden_categories(world) -> list:
    with scope(tenant=world.tenant.pk):
        return keys.intake_settings(world.tenant).hidden_categories


@pytest.fixture
def own_category(world):
    """A WBS category of the Pemda's own."""
    return settings_services.add_extra_category(world.tenant, world.users["inspektur"],
                                                channel="wbs", label="Pungutan sekolah")


def test_hiding_a_shared_code_on_one_channel_keeps_it_on_the_other(world, client, client_for):
    wbs_library = categories.library_codes("wbs")
    response = client_for(world.users["inspektur"]).post(SETTINGS + "kategori/", {
        "channel": "wbs", "offered": [code for code in wbs_library if code != "lainnya"]})
    assert response.status_code == 302
    assert hidden_categories(world) == ["wbs:lainnya"]
    assert 'value="lainnya"' not in client.get(WBS_FORM).content.decode()
    assert 'value="lainnya"' in client.get(COMPLAINT_FORM).content.decode()
    refused = api_report(client, category="lainnya")
    assert refused.status_code == 400 and "category" in refused.json()["errors"]
    assert api_report(client, channel="complaint", category="lainnya").status_code == 201


def test_offering_a_shared_code_again_on_one_channel_leaves_the_other_hidden(world):
    inspektur = world.users["inspektur"]
    wbs, complaint = categories.library_codes("wbs"), categories.library_codes("complaint")
    settings_services.set_offered_categories(world.tenant, inspektur, channel="wbs",
                                             offered=[c for c in wbs if c != "lainnya"])
    settings_services.set_offered_categories(world.tenant, inspektur, channel="complaint",
                                             offered=[c for c in complaint if c != "lainnya"])
    settings_services.set_offered_categories(world.tenant, inspektur, channel="wbs", offered=wbs)
    assert hidden_categories(world) == ["complaint:lainnya"]


def test_the_case_list_shows_a_pemda_category_and_offers_it_in_its_filter(
        world, desk, client, own_category):
    case = new_case(world, category=own_category["code"])
    inspektur = handler_client(client, world, "inspektur")
    html = inspektur.get(LIST).content.decode()
    assert case.number in html and "Pungutan sekolah" in html
    assert f'value="{own_category["code"]}"' in html
    filtered = inspektur.get(LIST + f"?category={own_category['code']}").content.decode()
    assert case.number in filtered
    export = inspektur.get(LIST + "?format=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[1][0] == case.number and "Pungutan sekolah" in rows[1]


def test_a_removed_pemda_category_keeps_its_label_on_the_case_page(
        world, desk, client, own_category):
    case = new_case(world, category=own_category["code"])
    settings_services.remove_extra_category(world.tenant, world.users["inspektur"],
                                            code=own_category["code"])
    assert hidden_categories(world) == [f"wbs:{own_category['code']}"]
    inspektur = handler_client(client, world, "inspektur")
    assert "Pungutan sekolah" in inspektur.get(f"/contoh/kasus/{case.number}/").content.decode()
    assert "Pungutan sekolah" in inspektur.get(LIST).content.decode()


def _settings_reads(client, url) -> int:
    table = CaseSettings._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(table in query["sql"] for query in queries.captured_queries)


def test_the_case_list_and_its_export_read_the_settings_a_bounded_number_of_times(
        world, desk, client, own_category):
    for _ in range(2):
        new_case(world, category=own_category["code"])
    inspektur = handler_client(client, world, "inspektur")
    few = [_settings_reads(inspektur, url) for url in (LIST, LIST + "?format=xlsx")]
    for _ in range(18):
        new_case(world, category=own_category["code"])
    many = [_settings_reads(inspektur, url) for url in (LIST, LIST + "?format=xlsx")]
    assert many == few and max(many) <= 2


def test_statistics_show_a_pemda_categorys_label(world, desk, client, own_category):
    new_case(world, category=own_category["code"])
    inspektur = handler_client(client, world, "inspektur")
    html = inspektur.get("/contoh/kasus/statistik/").content.decode()
    assert "Pungutan sekolah" in html and own_category["code"] not in html
    export = inspektur.get("/contoh/kasus/statistik/?format=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert ("Category", "Pungutan sekolah", 1) in rows


def test_the_migration_qualifies_a_bare_code_for_every_channel_that_has_it(world):
    extras = [{"channel": "complaint", "code": "x-parkir", "label": "Parkir"}]
    with scope(tenant=world.tenant.pk):
        CaseSettings.objects.filter(tenant=world.tenant).delete()
        keys.intake_settings(world.tenant)
        CaseSettings.objects.filter(tenant=world.tenant).update(
            hidden_categories=["lainnya", "suap", "x-parkir", "gone", "wbs:korupsi"],
            extra_categories=extras)
    MIGRATION.qualify_hidden_categories(apps, None)
    assert hidden_categories(world) == ["wbs:lainnya", "complaint:lainnya", "wbs:suap",
                                        "complaint:x-parkir", "wbs:korupsi"]
    MIGRATION.qualify_hidden_categories(apps, None)  # a second run changes nothing
    assert hidden_categories(world)[:2] == ["wbs:lainnya", "complaint:lainnya"]
    MIGRATION.unqualify_hidden_categories(apps, None)
    assert hidden_categories(world) == ["lainnya", "suap", "x-parkir", "korupsi"]


def test_the_migration_turns_a_shared_bare_code_into_one_entry_per_channel():
    assert MIGRATION.qualified(["lainnya"], [], MIGRATION._library_codes) == [
        "wbs:lainnya", "complaint:lainnya"]


def test_a_member_without_a_staff_role_cannot_receive_reports(world, client_for):
    employee, auditor = world.users["employee"], world.users["auditor"]
    client = client_for(world.users["inspektur"])
    page = client.get(SETTINGS).content.decode()
    assert auditor.email in page and employee.email not in page
    response = client.post(SETTINGS + "penerima/", {"user": employee.pk})
    assert response.status_code == 400
    assert "Only staff can receive new reports" in response.content.decode()
    with pytest.raises(DomainError) as raised:
        settings_services.add_intake_handler(world.tenant, world.users["inspektur"],
                                             user=employee)
    assert raised.value.code == "intake_handler_not_staff"
    with scope(tenant=world.tenant.pk):
        assert not keys.intake_settings(world.tenant).intake_handlers.exists()

