"""The Inspektur's case settings: categories, deadlines, who receives new reports, escrow."""

import datetime as dt
import json

import pytest
from django.utils import timezone
from django_scopes import scope

from integritas.audit.models import AuditEvent
from integritas.cases import crypto, keys, settings_services
from integritas.cases.models import CaseKey, DeadlinePolicy, EscrowKey
from integritas.cases.testing import give_handler_key
from integritas.cases.tests.helpers import REPORT, file_report
from integritas.core.calendar import add_working_days
from integritas.core.errors import DomainError

PAGE = "/contoh/kasus/pengaturan/"
CATEGORIES = PAGE + "kategori/"
CATEGORY_ADD = PAGE + "kategori/tambah/"
CATEGORY_REMOVE = PAGE + "kategori/hapus/"
DEADLINES = PAGE + "tenggat/"
HANDLERS = PAGE + "penerima/"
ESCROW = PAGE + "escrow/"
PUBLIC_FORM = "/contoh/lapor/kirim/wbs/"
PUBLIC_API = "/api/v1/public/contoh/reports"
WBS_LIBRARY = ["korupsi", "suap", "gratifikasi", "benturan_kepentingan",
               "penyalahgunaan_wewenang", "pengadaan", "lainnya"]


def actions(world) -> list[str]:
    with scope(tenant=world.tenant.pk):
        return list(AuditEvent.objects.filter(tenant=world.tenant, action__startswith="cases.")
                    .order_by("seq").values_list("action", flat=True))


def sealed_to(filed) -> set[int]:
    with scope(tenant=filed.case.tenant_id):
        return set(CaseKey.objects.filter(case=filed.case, holder=CaseKey.Holder.HANDLER,
                                          purpose=CaseKey.Purpose.CONTENT)
                   .values_list("user_id", flat=True))


def api_report(client, **changes):
    return client.post(PUBLIC_API, json.dumps({**REPORT, **changes}),
                       content_type="application/json")


# --- categories ----------------------------------------------------------------------------------

def test_a_hidden_library_category_is_no_longer_offered_nor_accepted(world, client_for):
    client = client_for(world.users["inspektur"])
    offered = [code for code in WBS_LIBRARY if code != "suap"]
    response = client.post(CATEGORIES, {"channel": "wbs", "offered": offered})
    assert response.status_code == 302
    client.logout()
    assert 'value="suap"' not in client.get(PUBLIC_FORM).content.decode()
    assert 'value="korupsi"' in client.get(PUBLIC_FORM).content.decode()
    refused = api_report(client, category="suap")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_report"
    assert "category" in refused.json()["errors"]
    assert api_report(client, category="korupsi").status_code == 201
    assert "cases.settings.categories" in actions(world)


def test_the_last_category_of_a_channel_cannot_be_hidden(world, client_for):
    client = client_for(world.users["inspektur"])
    response = client.post(CATEGORIES, {"channel": "wbs"})
    assert response.status_code == 400
    assert "At least one category must stay offered" in response.content.decode()
    with scope(tenant=world.tenant.pk):
        assert keys.intake_settings(world.tenant).hidden_categories == []
    with pytest.raises(DomainError) as raised:
        settings_services.set_offered_categories(world.tenant, world.users["inspektur"],
                                                 channel="complaint", offered=[])
    assert raised.value.code == "category_none_left"


def test_an_extra_category_is_offered_accepted_and_labelled_in_the_case_list(world, client_for):
    inspektur = world.users["inspektur"]
    give_handler_key(inspektur)
    client = client_for(inspektur)
    response = client.post(CATEGORY_ADD, {"channel": "wbs", "label": "Pungutan sekolah"})
    assert response.status_code == 302
    with scope(tenant=world.tenant.pk):
        [extra] = keys.intake_settings(world.tenant).extra_categories
    assert extra == {"channel": "wbs", "code": "x-pungutan-sekolah", "label": "Pungutan sekolah"}
    assert 'value="x-pungutan-sekolah"' in client.get(PUBLIC_FORM).content.decode()
    accepted = api_report(client, category="x-pungutan-sekolah")
    assert accepted.status_code == 201
    listing = client.get("/contoh/kasus/").content.decode()
    assert accepted.json()["case_number"] in listing and "Pungutan sekolah" in listing
    # Removed while a case uses it: gone from the form, its label stays on the case.
    assert client.post(CATEGORY_REMOVE, {"code": "x-pungutan-sekolah"}).status_code == 302
    assert 'value="x-pungutan-sekolah"' not in client.get(PUBLIC_FORM).content.decode()
    assert api_report(client, category="x-pungutan-sekolah").status_code == 400
    assert "Pungutan sekolah" in client.get("/contoh/kasus/").content.decode()
    assert {"cases.settings.category_add", "cases.settings.category_remove"} <= set(
        actions(world))


def test_an_extra_category_no_case_uses_is_deleted_on_removal(world):
    inspektur = world.users["inspektur"]
    entry = settings_services.add_extra_category(world.tenant, inspektur, channel="complaint",
                                                 label="Parkir liar")
    settings_services.remove_extra_category(world.tenant, inspektur, code=entry["code"])
    with scope(tenant=world.tenant.pk):
        case_settings = keys.intake_settings(world.tenant)
        assert case_settings.extra_categories == [] and case_settings.hidden_categories == []


@pytest.mark.parametrize(("label", "code"), [
    ("", "category_label_required"),
    ("x" * 81, "category_label_too_long"),
    ("bribery / EXTORTION", "category_duplicate"),  # the library's English label
    ("Suap / pemerasan", "category_duplicate"),
])
def test_an_extra_category_label_is_required_short_and_new(world, client_for, label, code):
    with pytest.raises(DomainError) as raised:
        settings_services.add_extra_category(world.tenant, world.users["inspektur"],
                                             channel="wbs", label=label)
    assert raised.value.code == code
    response = client_for(world.users["inspektur"]).post(
        CATEGORY_ADD, {"channel": "wbs", "label": label})
    assert response.status_code == 400
    with scope(tenant=world.tenant.pk):
        assert keys.intake_settings(world.tenant).extra_categories == []


def test_two_extra_categories_with_the_same_slug_get_different_codes(world):
    inspektur = world.users["inspektur"]
    first = settings_services.add_extra_category(world.tenant, inspektur, channel="wbs",
                                                 label="Dana desa")
    second = settings_services.add_extra_category(world.tenant, inspektur, channel="complaint",
                                                  label="Dana desa")
    assert (first["code"], second["code"]) == ("x-dana-desa", "x-dana-desa-2")
    with pytest.raises(DomainError) as raised:
        settings_services.add_extra_category(world.tenant, inspektur, channel="wbs",
                                             label="DANA DESA")
    assert raised.value.code == "category_duplicate"


# --- deadlines -----------------------------------------------------------------------------------

def deadline_post(**changes):
    data = {"channel": "wbs", "first_response_days": "7", "simple_days": "10",
            "desk_days": "20", "field_days": "90",
            "effective_from": timezone.localdate().isoformat(), "source": "Perbup 12/2026"}
    data.update(changes)
    return data


def test_a_new_deadline_policy_sets_the_next_reports_first_response(world, client_for):
    client = client_for(world.users["inspektur"])
    today = timezone.localdate()
    before = file_report(world.tenant)
    assert before.case.first_response_due == add_working_days(world.tenant, today, 3)
    assert client.post(DEADLINES, deadline_post()).status_code == 302
    after = file_report(world.tenant)
    assert after.case.first_response_due == add_working_days(world.tenant, today, 7)
    page = client.get(PAGE).content.decode()
    assert "Perbup 12/2026" in page and "national default" in page  # complaint: the default
    # The same channel and date again: the row is updated, not duplicated.
    assert client.post(DEADLINES, deadline_post(first_response_days="5")).status_code == 302
    with scope(tenant=world.tenant.pk):
        assert list(DeadlinePolicy.objects.values_list("first_response_days", flat=True)) == [5]
    assert actions(world).count("cases.settings.deadline_set") == 2


@pytest.mark.parametrize(("changes", "code", "field"), [
    ({"simple_days": "2"}, "deadline_order", "simple_days"),
    ({"field_days": "15"}, "deadline_order", "field_days"),
    ({"effective_from": "2020-01-01"}, "deadline_in_past", "effective_from"),
    ({"source": "x" * 301}, "deadline_source_too_long", "source"),
])
def test_deadline_errors_are_shown_beside_the_field_and_nothing_is_saved(
        world, client_for, changes, code, field):
    response = client_for(world.users["inspektur"]).post(DEADLINES, deadline_post(**changes))
    assert response.status_code == 400
    form = response.context["deadline_form"]
    assert form.errors[field]
    with scope(tenant=world.tenant.pk):
        assert not DeadlinePolicy.objects.exists()
    values = {k: (int(v) if k.endswith("_days") else v) for k, v in
              deadline_post(**changes).items()}
    values["effective_from"] = dt.date.fromisoformat(values["effective_from"])
    with pytest.raises(DomainError) as raised:
        settings_services.set_deadline_policy(world.tenant, world.users["inspektur"], **values)
    assert (raised.value.code, raised.value.field) == (code, field)


def test_days_out_of_range_are_refused(world):
    with pytest.raises(DomainError) as raised:
        settings_services.set_deadline_policy(
            world.tenant, world.users["inspektur"], channel="wbs", first_response_days=0,
            simple_days=5, desk_days=14, field_days=366, effective_from=timezone.localdate())
    assert raised.value.code == "deadline_out_of_range"


def test_only_a_future_deadline_policy_can_be_removed(world, client_for):
    inspektur = world.users["inspektur"]
    client = client_for(inspektur)
    today = timezone.localdate()
    client.post(DEADLINES, deadline_post(effective_from=(today + dt.timedelta(days=30))
                                         .isoformat()))
    client.post(DEADLINES, deadline_post(channel="complaint"))
    with scope(tenant=world.tenant.pk):
        future = DeadlinePolicy.objects.get(channel="wbs")
        current = DeadlinePolicy.objects.get(channel="complaint")
    page = client.get(PAGE).content.decode()
    assert f"/tenggat/{future.pk}/hapus/" in page and f"/tenggat/{current.pk}/hapus/" not in page
    assert client.get(PAGE + f"tenggat/{future.pk}/hapus/").status_code == 405
    assert client.post(PAGE + f"tenggat/{future.pk}/hapus/").status_code == 302
    refused = client.post(PAGE + f"tenggat/{current.pk}/hapus/")
    assert refused.status_code == 400
    assert "Only limits that have not started yet can be removed." in refused.content.decode()
    with scope(tenant=world.tenant.pk):
        assert list(DeadlinePolicy.objects.values_list("pk", flat=True)) == [current.pk]
    with pytest.raises(DomainError) as raised:
        settings_services.remove_deadline_policy(world.tenant, inspektur, current)
    assert raised.value.code == "deadline_not_future"
    assert "cases.settings.deadline_remove" in actions(world)


# --- who receives new reports --------------------------------------------------------------------

def test_adding_and_removing_an_intake_handler_changes_who_new_reports_are_sealed_to(
        world, client_for):
    inspektur, auditor = world.users["inspektur"], world.users["auditor"]
    give_handler_key(inspektur)
    client = client_for(inspektur)
    assert sealed_to(file_report(world.tenant)) == {inspektur.pk}
    assert client.post(HANDLERS, {"user": auditor.pk}).status_code == 302
    page = client.get(PAGE).content.decode()
    assert "gets reports after their next login" in page  # no key yet
    give_handler_key(auditor)
    assert sealed_to(file_report(world.tenant)) == {inspektur.pk, auditor.pk}
    assert "gets reports after their next login" not in client.get(PAGE).content.decode()
    twice = client.post(HANDLERS, {"user": auditor.pk})
    assert twice.status_code == 400 and "already receives new reports" in twice.content.decode()
    assert client.post(HANDLERS + f"{auditor.pk}/hapus/").status_code == 302
    assert sealed_to(file_report(world.tenant)) == {inspektur.pk}
    assert client.post(HANDLERS + f"{auditor.pk}/hapus/").status_code == 404
    assert {"cases.settings.handler_add", "cases.settings.handler_remove"} <= set(actions(world))


def test_only_active_members_of_this_pemda_can_receive_reports(world, client_for):
    client = client_for(world.users["inspektur"])
    response = client.post(HANDLERS, {"user": world.users["outsider"].pk})
    assert response.status_code == 400
    assert "Choose someone with an active role in this Pemda." in response.content.decode()
    with scope(tenant=world.tenant.pk):
        assert not keys.intake_settings(world.tenant).intake_handlers.exists()
    for user in (world.users["outsider"], None):
        with pytest.raises(DomainError) as raised:
            settings_services.add_intake_handler(world.tenant, world.users["inspektur"],
                                                 user=user)
        assert raised.value.code == "intake_handler_not_member"
    with pytest.raises(DomainError) as raised:
        settings_services.add_intake_handler(world.tenant, world.users["inspektur"],
                                             user=world.users["inspektur"])
    assert raised.value.code == "intake_handler_exists"


# --- escrow --------------------------------------------------------------------------------------

def test_creating_an_escrow_key_shows_two_shares_of_its_private_key_once(world, client_for):
    client = client_for(world.users["inspektur"])
    assert "Create escrow key" in client.get(PAGE).content.decode()
    response = client.post(ESCROW)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    share1, share2 = response.context["share1"], response.context["share2"]
    html = response.content.decode()
    assert share1 in html and share2 in html
    assert "integritas cases_escrow recover --tenant contoh" in html
    with scope(tenant=world.tenant.pk):
        escrow = keys.active_escrow(world.tenant)
    assert crypto.public_key_of(crypto.join_shares(share1, share2)) == bytes(escrow.public_key)
    assert share1 not in str(dict(client.session)) and share2 not in str(dict(client.session))
    page = client.get(PAGE).content.decode()
    assert share1 not in page and "Replace escrow key" in page
    assert " ".join([escrow.fingerprint[i:i + 4] for i in range(0, 16, 4)]) in page
    assert "cases.escrow.create" in actions(world)


def test_replacing_the_escrow_key_retires_the_old_one(world, client_for):
    client = client_for(world.users["inspektur"])
    first = client.post(ESCROW)
    second = client.post(ESCROW)
    with scope(tenant=world.tenant.pk):
        old, new = EscrowKey.objects.order_by("pk")
    assert old.retired_at is not None and new.retired_at is None
    private = crypto.join_shares(second.context["share1"], second.context["share2"])
    assert crypto.public_key_of(private) == bytes(new.public_key)
    assert first.context["share1"] != second.context["share1"]
    assert client.get(ESCROW).status_code == 405


# --- who may see it ------------------------------------------------------------------------------

SETTINGS_POSTS = [CATEGORIES, CATEGORY_ADD, CATEGORY_REMOVE, DEADLINES,
                  PAGE + "tenggat/1/hapus/", HANDLERS, HANDLERS + "1/hapus/", ESCROW]


@pytest.mark.parametrize("persona", ["auditor", "admin", "regional_head"])
def test_members_without_cases_manage_get_403_on_every_settings_url(world, client_for, persona):
    client = client_for(world.users[persona])
    assert client.get(PAGE).status_code == 403
    assert [client.post(url).status_code for url in SETTINGS_POSTS] == [403] * len(
        SETTINGS_POSTS)
    assert "/kasus/pengaturan/" not in client.get("/contoh/").content.decode()
    with scope(tenant=world.tenant.pk):
        assert not EscrowKey.objects.exists()


def test_an_outsider_gets_404_and_a_visitor_the_login_page(world, client, client_for):
    assert client.get(PAGE).status_code == 302
    assert client.post(ESCROW).status_code == 302
    outsider = client_for(world.users["outsider"])
    assert outsider.get(PAGE).status_code == 404
    assert outsider.post(ESCROW).status_code == 404


def test_the_inspektur_sees_the_page_in_the_navigation_with_every_section(world, client_for):
    client = client_for(world.users["inspektur"])
    assert "/contoh/kasus/pengaturan/" in client.get("/contoh/").content.decode()
    page = client.get(PAGE)
    html = page.content.decode()
    assert page.status_code == 200
    for heading in ("Categories", "Deadlines (working days)", "Who receives new reports",
                    "Escrow key"):
        assert heading in html
    assert "Inspektur, always" in html
    for url in SETTINGS_POSTS:
        assert client.get(url).status_code == 405


def test_posts_need_a_csrf_token(world, client_for):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["inspektur"])
    assert strict.post(ESCROW).status_code == 403
    with scope(tenant=world.tenant.pk):
        assert not EscrowKey.objects.exists()


def test_the_last_offered_extra_category_cannot_be_removed(world, client_for):
    inspektur = world.users["inspektur"]
    entry = settings_services.add_extra_category(world.tenant, inspektur, channel="wbs",
                                                 label="Dana hibah")
    settings_services.set_offered_categories(world.tenant, inspektur, channel="wbs", offered=[])
    response = client_for(inspektur).post(CATEGORY_REMOVE, {"code": entry["code"]})
    assert response.status_code == 400
    assert "At least one category must stay offered" in response.content.decode()
    with scope(tenant=world.tenant.pk):
        assert keys.intake_settings(world.tenant).extra_categories == [entry]
    # Hidden on WBS only: the complaint form still offers its own "lainnya".
    with scope(tenant=world.tenant.pk):
        assert "wbs:lainnya" in keys.intake_settings(world.tenant).hidden_categories
    assert 'value="lainnya"' in client_for(inspektur).get(
        "/contoh/lapor/kirim/pengaduan/").content.decode()
