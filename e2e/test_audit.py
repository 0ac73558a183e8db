"""The audit log as the auditor reads it after a roster import: filter, one event, chain check."""

import pytest

from e2e.roster import commit_import, upload_roster, valid_people, write_roster
from integritas.core.testing.personas import TEST_TOTP_SECRET

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_auditor_finds_the_import_events_and_verifies_the_chain(world, open_tab, tmp_path):
    people = valid_people()
    admin = open_tab()
    admin.log_in(world.users["admin"].email, TEST_TOTP_SECRET)
    upload_roster(admin, write_roster(tmp_path / "roster.xlsx", [p.cells() for p in people]))
    commit_import(admin, rows=len(people))

    tab = open_tab()
    tab.log_in(world.users["auditor"].email, TEST_TOTP_SECRET)
    page = tab.page
    tab.go("/contoh/audit/")
    with page.expect_navigation():
        page.get_by_label("Tindakan", exact=True).select_option(value="people.import")
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 3  # upload, check, import
    assert all("roster.xlsx" in text for text in rows.all_inner_texts())
    assert "admin@contoh.go.id" in rows.first.inner_text()
    tab.screenshot("audit_log")

    with page.expect_navigation():
        rows.first.get_by_role("link").click()  # newest first: the import itself
    details = page.locator("dl.props").first.inner_text()
    assert "people.import.commit" in details
    assert page.get_by_text("cocok dengan hash-nya").count() == 1
    tab.screenshot("audit_event_detail")

    with page.expect_navigation():
        page.get_by_role("button", name="Verifikasi rantai").click()
    assert page.url.endswith("/contoh/audit/")
    assert page.get_by_text("Rantai audit utuh").count() == 1
    tab.screenshot("audit_chain_verified")
    assert tab.console_errors() == []


def test_auditor_of_another_pemda_gets_the_not_found_page(world, open_tab):
    tab = open_tab()
    tab.log_in(world.users["outsider"].email, TEST_TOTP_SECRET)
    for path in ("/contoh/audit/", "/contoh/pegawai/", "/contoh/"):
        response = tab.go(path)
        assert response.status == 404, path
        assert tab.page.locator("h1").inner_text() == "Halaman tidak ditemukan"
        assert "Pemerintah Kota Contoh" not in tab.page.locator("body").inner_text()
    tab.screenshot("outsider_not_found")
    assert tab.go("/lain/audit/").status == 200  # their own Pemda still opens
