"""The OPD tree: the admin adds a sub-unit through the form; an OPD head sees only their subtree."""

import pytest

from integritas.core.testing.personas import TEST_TOTP_SECRET

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_SUB_UNIT = "Bidang Pemanfaatan Data dan Inovasi Pelayanan"


def test_admin_creates_a_sub_unit_that_appears_under_its_parent(world, open_tab):
    tab = open_tab()
    tab.log_in(world.users["admin"].email, TEST_TOTP_SECRET)
    page = tab.page
    tab.go("/contoh/organisasi/unit/")
    with page.expect_navigation():
        page.get_by_role("link", name="Unit baru").click()
    page.locator("#id_parent").select_option(label=world.units["dukcapil"].name)
    page.locator("#id_name").fill(NEW_SUB_UNIT)
    page.locator("#id_short_name").fill("Bidang PDIP")
    page.locator("#id_kind").select_option(value="division")
    page.locator("#id_code").fill("1.02.03")
    tab.screenshot("unit_form_filled")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    assert page.get_by_text("Unit dibuat.").count() == 1
    assert page.locator("main h1").inner_text().startswith(NEW_SUB_UNIT)

    tab.go("/contoh/organisasi/unit/")
    names = _tree(page)
    dukcapil = names.index(("Dinas Kependudukan dan Catatan Sipil", "indent-0"))
    assert (NEW_SUB_UNIT, "indent-1") in names[dukcapil + 1:dukcapil + 3]
    tab.screenshot("unit_tree_with_new_sub_unit")
    assert tab.console_errors() == []


def test_opd_head_sees_only_their_own_subtree(world, open_tab):
    tab = open_tab()
    tab.log_in(world.users["opd_head"].email, TEST_TOTP_SECRET)
    page = tab.page
    tab.go("/contoh/organisasi/unit/")
    assert [name for name, _indent in _tree(page)] == [
        "Dinas Kependudukan dan Catatan Sipil", "Bidang Pelayanan Pendaftaran Penduduk"]
    assert page.get_by_role("link", name="Unit baru").count() == 0
    tab.screenshot("unit_tree_opd_head")

    outside = tab.go(f"/contoh/organisasi/unit/{world.units['pendidikan'].pk}/")
    assert outside.status == 404


def _tree(page) -> list[tuple[str, str]]:
    """Each unit row's name and indentation class, in the order the tree lists them."""
    cells = page.locator("table.unit-tree tbody td:first-child")
    return [(cell.locator("a").inner_text(), cell.get_attribute("class"))
            for cell in cells.all()]
