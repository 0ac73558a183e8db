"""Public verification in a browser: no login, upload a signed pact, read the verdict."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from integritas.pacts.tests.verification_helpers import DOCUMENT_ID, signed_pact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_anyone_checks_an_authentic_pdf_and_a_one_byte_altered_copy(world, open_tab, tmp_path):
    pdf = _signed_pdf(world)
    authentic = tmp_path / "pakta.pdf"
    authentic.write_bytes(pdf)
    position = pdf.index(b"Ahmad Fauzi") + len(b"Ahm")
    altered = tmp_path / "pakta-diubah.pdf"
    altered.write_bytes(pdf[:position] + b"e" + pdf[position + 1:])

    tab = open_tab()
    page = tab.page
    tab.go("/verifikasi/")
    _upload(page, authentic)
    verdict = page.locator("[data-verdict]")
    assert verdict.get_attribute("data-verdict") == "valid"
    assert DOCUMENT_ID in verdict.inner_text()
    tab.screenshot("verification_valid")

    _upload(page, altered)
    verdict = page.locator("[data-verdict]")
    assert verdict.get_attribute("data-verdict") == "invalid"
    assert "modified" in verdict.inner_text()
    tab.screenshot("verification_modified")

    response = tab.go(f"/verifikasi/{DOCUMENT_ID}/")
    assert response.status == 200
    assert "**************" in page.locator("dl.props").inner_text()
    tab.screenshot("verification_document")
    assert tab.console_errors() == []
    assert tab.csp_violations() == []


def _signed_pdf(world) -> bytes:
    """pyHanko signs through asyncio.run, which cannot run in the thread Playwright's event loop
    occupies; a worker thread has no loop."""

    def sign() -> bytes:
        try:
            return signed_pact(world).pdf
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(sign).result()


def _upload(page, path) -> None:
    page.set_input_files("input[name=file]", str(path))
    with page.expect_navigation():
        page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
