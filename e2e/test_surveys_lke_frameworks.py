"""LKE frameworks in Chromium: the Pemda admin uploads next year's LKE file; a file whose weights
do not add up is refused with every problem listed by code, the corrected file is saved and its
tree shown. The pages are mounted as `integritas/urls.py` is to mount them (zi/kerangka/)."""

from __future__ import annotations

import pytest
import yaml
from django.conf import settings
from django.test import Client

from integritas.lke.testing import load_lke_library
from integritas.lke.tests.helpers import small_document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True),
              pytest.mark.urls("integritas.lke.tests.urls")]


def test_an_admin_uploads_a_framework_and_fixes_what_the_page_lists(world, open_tab, tmp_path):
    load_lke_library()
    admin = open_tab()
    client = Client()
    client.force_login(world.users["admin"])
    admin.page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                                     "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                                     "url": admin.base_url}])
    admin.go("/contoh/zi/kerangka/")
    admin.screenshot("lke_1_frameworks")

    document = small_document(code="lke-2027", title="LKE Zona Integritas 2027 (uji)")
    document["nodes"][1]["weight"] = 45
    document["nodes"][0]["children"][0]["children"][1]["children"][0]["items"][0][
        "answer_type"] = "ya-tidak"
    broken = tmp_path / "lke-2027.yaml"
    broken.write_text(yaml.safe_dump(document, allow_unicode=True))
    admin.go("/contoh/zi/kerangka/unggah/")
    admin.page.set_input_files("input[name=file]", str(broken))
    admin.page.click("form.lkefw-upload button[type=submit]")
    admin.page.wait_for_load_state()
    admin.screenshot("lke_2_upload_problems")
    problems = admin.page.locator(".lkefw-problems li").all_inner_texts()
    assert any(p.startswith("pemenuhan.2.i.a") for p in problems), problems
    assert any(p.startswith("(framework)") for p in problems), problems

    fixed = tmp_path / "lke-2027-fixed.yaml"
    fixed.write_text(yaml.safe_dump(small_document(code="lke-2027",
                                                   title="LKE Zona Integritas 2027 (uji)"),
                                    allow_unicode=True))
    admin.page.set_input_files("input[name=file]", str(fixed))
    admin.page.click("form.lkefw-upload button[type=submit]")
    admin.page.wait_for_load_state()
    assert admin.page.url.endswith("/contoh/zi/kerangka/lke-2027/")
    admin.screenshot("lke_3_framework_tree")
    admin.go("/contoh/zi/kerangka/permenpanrb-90-2021/")
    admin.screenshot("lke_4_library_framework")
    assert not admin.console_errors() or all("400" in e for e in admin.console_errors())
    assert not admin.csp_violations()
