"""Public intake through the pages: the form, the receipt shown once, the reporter's portal."""

import re

import pytest
from django_scopes import scope, scopes_disabled

from integritas.cases import crypto, keys
from integritas.cases.models import Case, CaseKey, Message
from integritas.cases.testing import give_handler_key, unlock
from integritas.cases.tests.helpers import REPORT, file_report

START = "/contoh/lapor/"
FORM = "/contoh/lapor/kirim/wbs/"
RECEIPT = "/contoh/lapor/tanda-terima/"
STATUS = "/contoh/lapor/status/"
RECEIPT_PATTERN = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}")


def form_data(**changes):
    data = {k: v for k, v in REPORT.items() if k != "channel"}
    data.update(identity_name="", identity_contact="", identity_nik="")
    data.update(changes)
    return data


def receipt_of(response) -> str:
    return RECEIPT_PATTERN.search(response.content.decode()).group(0)


@pytest.mark.django_db
def test_start_page_offers_both_channels_and_explains_anonymity(world, client):
    response = client.get(START)
    html = response.content.decode()
    assert response.status_code == 200
    assert "/contoh/lapor/kirim/wbs/" in html and "/contoh/lapor/kirim/pengaduan/" in html
    assert "What anonymity means here" in html
    assert "can reveal who you are" in html
    assert "<script>" not in html and "style=" not in html


def test_form_lists_the_tenants_offices_and_unknown(world, client):
    html = client.get(FORM).content.decode()
    assert world.units["dukcapil"].name in html
    assert f'value="{world.units["lain_inspektorat"].pk}"' not in html
    assert "I don&#x27;t know" in html
    assert 'name="identity_nik"' in html


def test_report_through_the_page_shows_the_receipt_until_saved(world, client):
    response = client.post(FORM, form_data())
    assert response.status_code == 302 and response["Location"] == RECEIPT
    page = client.get(RECEIPT)
    receipt = receipt_of(page)
    html = page.content.decode()
    assert "WBS-" in html and 'data-copy="#receipt"' in html
    assert page["Cache-Control"].startswith("max-age=0")
    proof = client.get(RECEIPT + "bukti.txt")
    assert receipt in proof.content.decode() and "attachment" in proof["Content-Disposition"]
    refused = client.post(RECEIPT, {})
    assert refused.status_code == 400
    saved = client.post(RECEIPT, {"saved": "yes"})
    assert saved.status_code == 302 and saved["Location"] == STATUS
    assert client.get(RECEIPT).status_code == 410
    assert receipt not in client.get(STATUS).content.decode()


def test_receipt_is_not_stored_in_the_session_in_clear(world, client):
    client.post(FORM, form_data())
    receipt = receipt_of(client.get(RECEIPT))
    with scopes_disabled():
        from django.contrib.sessions.models import Session

        stored = "".join(str(s.get_decoded()) for s in Session.objects.all())
    assert stored and receipt not in stored and receipt.replace("-", "") not in stored


def test_empty_report_shows_the_errors_beside_the_fields(world, client):
    response = client.post(FORM, form_data(what="", category=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Please answer this question." in html
    assert "Choose a category from the list." in html
    with scopes_disabled():
        assert Case.objects.count() == 0


def test_bad_nik_and_unknown_unit_are_field_errors(world, client):
    response = client.post(FORM, form_data(identity_nik="12345", unit="99999"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "A NIK has exactly 16 digits." in html


def test_ten_megabyte_answer_is_refused_without_error_page(world, client):
    response = client.post(FORM, form_data(what="x" * 10_000_000))
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_script_tags_in_every_field_are_shown_as_text(world, client):
    script = "<script>alert(1)</script>"
    data = form_data(**{k: script for k in ("what", "who", "where", "when", "how",
                                            "how_known", "identity_name",
                                            "identity_contact")})
    client.post(FORM, data)
    receipt = receipt_of(client.get(RECEIPT))
    client.post(RECEIPT, {"saved": "yes"})
    client.post(STATUS, {"receipt": receipt})
    client.post(STATUS + "pesan/", {"body": script})
    html = client.get(STATUS).content.decode()
    assert script not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_reporter_logs_in_with_the_receipt_reads_and_answers(world, client):
    give_handler_key(world.users["inspektur"])
    filed = file_report(world.tenant)
    with scope(tenant=world.tenant.pk):
        handler_keys = keys.keys_with_private_key(
            filed.case, world.users["inspektur"], give_handler_key(world.users["inspektur"]))
        Message.objects.create(tenant=world.tenant, case=filed.case, kind="to_reporter",
                               body_box=keys.seal_text(handler_keys, "Kapan tepatnya?"))
    response = client.post(STATUS, {"receipt": filed.receipt.lower().replace("-", " ")})
    assert response.status_code == 302
    page = client.get(STATUS).content.decode()
    assert filed.case.number in page and "Kapan tepatnya?" in page
    assert "We have received your report" in page
    client.post(STATUS + "pesan/", {"body": "Tanggal 2 November, pukul 09.00."})
    with scope(tenant=world.tenant.pk):
        answer = Message.objects.get(case=filed.case, kind="from_reporter")
        assert keys.open_text(handler_keys, answer.body_box) == "Tanggal 2 November, pukul 09.00."
        assert Message.objects.get(kind="to_reporter").read_at is not None
    client.post(STATUS + "keluar/")
    assert "Type the receipt" in client.get(STATUS).content.decode()


def test_wrong_receipt_gets_the_same_answer_as_another_pemdas_receipt(world, client):
    other = file_report(world.other_tenant)
    wrong = client.post(STATUS, {"receipt": crypto.new_receipt()})
    theirs = client.post(STATUS, {"receipt": other.receipt})
    malformed = client.post(STATUS, {"receipt": "hello"})
    assert wrong.status_code == theirs.status_code == malformed.status_code == 400
    message = "This receipt does not open a report here."
    assert all(message in r.content.decode() for r in (wrong, theirs, malformed))


def test_receipt_logins_are_throttled(world, client, settings):
    settings.CASES_THROTTLE = {"window_seconds": 86400, "submissions_per_address": 5,
                               "submissions_per_tenant": 100, "logins_per_address": 3,
                               "logins_per_tenant": 100}
    codes = [client.post(STATUS, {"receipt": crypto.new_receipt()}).status_code
             for _attempt in range(5)]
    assert codes == [400, 400, 400, 429, 429]


def test_intake_seals_keys_to_the_inspektur_and_escrow_not_to_the_unit(world, client):
    inspektur, opd_head = world.users["inspektur"], world.users["opd_head"]
    give_handler_key(inspektur)
    give_handler_key(opd_head)
    with scope(tenant=world.tenant.pk):
        keys.intake_settings(world.tenant).intake_handlers.add(opd_head)
        escrow, _first, _second = keys.create_escrow_key(world.tenant, inspektur)
    filed = file_report(world.tenant, unit=str(world.units["dukcapil"].pk),
                        identity={"name": "Rina", "contact": "0812", "nik": ""})
    with scope(tenant=world.tenant.pk):
        rows = set(CaseKey.objects.filter(case=filed.case)
                   .values_list("holder", "purpose", "user_id"))
    assert rows == {
        ("receipt", "content", None), ("escrow", "content", None),
        ("escrow", "identity", None), ("handler", "content", inspektur.pk),
        ("handler", "identity", inspektur.pk),
    }


def test_handler_reads_the_report_and_identity_with_an_unlocked_key(world, client_for):
    inspektur = world.users["inspektur"]
    client = client_for(inspektur)
    private = unlock(client, inspektur)
    filed = file_report(world.tenant, identity={"name": "Rina Wati", "nik": "3171234567890123"})
    with scope(tenant=world.tenant.pk):
        case_keys = keys.keys_with_private_key(filed.case, inspektur, private)
        assert keys.content(case_keys, filed.case)["answers"]["what"] == REPORT["what"]
        assert keys.identity(case_keys, filed.case) == {"name": "Rina Wati",
                                                        "nik": "3171234567890123"}
        assert "WBS" in filed.case.number and filed.case.state == "diterima"
