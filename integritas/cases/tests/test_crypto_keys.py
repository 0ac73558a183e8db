"""Handler keys follow passwords; escrow recovers; tokens unlock; receipts are strong."""

import base64
import json
import math

import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from integritas.accounts.services import create_api_token
from integritas.accounts.tests.test_login import log_in_fully
from integritas.audit.models import AuditEvent
from integritas.cases import crypto, keys, vault
from integritas.cases.models import HandlerKey
from integritas.cases.testing import give_handler_key
from integritas.cases.tests.helpers import file_report
from integritas.core.errors import DomainError
from integritas.core.testing.factories import DEMO_PASSWORD

NEW_PASSWORD = "a-new-long-passphrase-2027"


def request_like(client, user):
    """A request carrying the client's session and cookies, as a view would see it."""
    request = RequestFactory().get("/")
    request.session = client.session
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    request.user = user
    return request


def test_receipts_have_80_bits_in_readable_groups():
    receipts = {crypto.new_receipt() for _ in range(2000)}
    assert len(receipts) == 2000
    sample = next(iter(receipts))
    assert len(sample) == 19 and sample.count("-") == 3
    assert len(crypto.CROCKFORD) ** 16 == 2 ** 80
    assert math.log2(len(crypto.CROCKFORD)) * crypto.RECEIPT_CHARS >= 80
    assert not set("".join(receipts)) - set(crypto.CROCKFORD + "-")
    assert crypto.normalise_receipt(sample.lower().replace("-", " ")) == sample
    assert crypto.normalise_receipt("0O1I-L000-0000-0000") == "0011-1000-0000-0000"


def test_only_a_keyed_hash_of_the_receipt_is_stored(world, settings):
    filed = file_report(world.tenant)
    with scope(tenant=world.tenant.pk):
        case = type(filed.case).objects.get(pk=filed.case.pk)
    assert filed.receipt not in case.receipt_hash
    import hashlib

    assert case.receipt_hash != hashlib.sha256(filed.receipt.encode()).hexdigest()
    settings.CASES_RECEIPT_PEPPER = "another-server"
    from integritas.cases.intake import receipt_pepper

    assert crypto.receipt_hash(receipt_pepper(), world.tenant.pk, filed.receipt) \
        != case.receipt_hash


@pytest.mark.django_db
def test_login_with_password_creates_and_unlocks_the_handlers_key(world, client):
    inspektur = world.users["inspektur"]
    log_in_fully(client, inspektur)
    assert HandlerKey.objects.filter(user=inspektur).exists()
    assert vault.COOKIE in client.cookies
    filed = file_report(world.tenant)
    private = keys.private_key(request_like(client, inspektur))
    with scope(tenant=world.tenant.pk):
        assert keys.content(keys.keys_with_private_key(filed.case, inspektur, private),
                            filed.case)["answers"]["who"].startswith("Pak Darmawan")
    session_dump = json.dumps(dict(client.session.items()))
    assert base64.b64encode(private).decode() not in session_dump


def test_vault_entry_is_useless_without_the_cookie(world, client):
    inspektur = world.users["inspektur"]
    log_in_fully(client, inspektur)
    request = request_like(client, inspektur)
    request.COOKIES = {}
    assert keys.private_key(request) is None
    with pytest.raises(keys.KeysLocked):
        keys.case_keys(request, file_report(world.tenant).case)


def test_employee_without_case_roles_gets_no_key(world, client):
    world.users["employee"].set_password(DEMO_PASSWORD)
    client.post("/akun/login/", {"login": world.users["employee"].email,
                                 "password": DEMO_PASSWORD})
    assert not HandlerKey.objects.filter(user=world.users["employee"]).exists()


def test_password_change_rewraps_the_same_key(world, client):
    inspektur = world.users["inspektur"]
    log_in_fully(client, inspektur)
    private = keys.private_key(request_like(client, inspektur))
    response = client.post(reverse("account_change_password"), {
        "oldpassword": DEMO_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    handler_key = HandlerKey.objects.get(user=inspektur)
    assert keys.unwrap_private_key(handler_key, NEW_PASSWORD) == private
    with pytest.raises(crypto.CryptoError):
        keys.unwrap_private_key(handler_key, DEMO_PASSWORD)
    assert keys.private_key(request_like(client, inspektur)) == private


def test_password_reset_gives_a_new_key_and_escrow_reseals_the_cases(world):
    inspektur = world.users["inspektur"]
    with scope(tenant=world.tenant.pk):
        give_handler_key(inspektur)
        _escrow, first, second = keys.create_escrow_key(world.tenant, inspektur)
    filed = file_report(world.tenant, identity={"name": "Rina Wati"})
    get_adapter().set_password(inspektur, NEW_PASSWORD)  # a reset: no old key at hand
    new_private = keys.unwrap_private_key(HandlerKey.objects.get(user=inspektur), NEW_PASSWORD)
    with scope(tenant=world.tenant.pk):
        with pytest.raises(keys.NoAccess):
            keys.keys_with_private_key(filed.case, inspektur, new_private)
        count = keys.reseal_with_escrow(world.tenant, inspektur, share1=second, share2=first,
                                        from_user=inspektur, to_user=inspektur)
        assert count == 1
        case_keys = keys.keys_with_private_key(filed.case, inspektur, new_private)
        assert keys.identity(case_keys, filed.case) == {"name": "Rina Wati"}


def test_escrow_moves_a_departed_handlers_cases_to_a_successor(world):
    inspektur, auditor, tpi = (world.users[n] for n in ("inspektur", "auditor", "tpi"))
    inspektur_private = give_handler_key(inspektur)
    give_handler_key(auditor)
    successor_private = give_handler_key(tpi)
    with scope(tenant=world.tenant.pk):
        _escrow, first, second = keys.create_escrow_key(world.tenant, inspektur)
    filed = file_report(world.tenant)
    with scope(tenant=world.tenant.pk):
        case_keys = keys.keys_with_private_key(filed.case, inspektur, inspektur_private)
        keys.grant(filed.case, case_keys, auditor, identity=False)
        keys.reseal_with_escrow(world.tenant, inspektur, share1=first, share2=second,
                                from_user=auditor, to_user=tpi)
        assert keys.holders(filed.case) == {inspektur.pk, tpi.pk}
        moved = keys.keys_with_private_key(filed.case, tpi, successor_private)
        assert moved.content == case_keys.content and moved.identity is None


def test_mistyped_or_foreign_shares_are_refused(world):
    inspektur = world.users["inspektur"]
    with scope(tenant=world.tenant.pk):
        _escrow, first, second = keys.create_escrow_key(world.tenant, inspektur)
    with scope(tenant=world.other_tenant.pk):
        _other, foreign, _foreign2 = keys.create_escrow_key(world.other_tenant, inspektur)
    typo = ("1" if first[0] != "1" else "2") + first[1:]
    with scope(tenant=world.tenant.pk):
        for pair in ((typo, second), (foreign, second), (first, first)):
            with pytest.raises(DomainError) as error:
                keys.reseal_with_escrow(world.tenant, inspektur, share1=pair[0],
                                        share2=pair[1], from_user=inspektur, to_user=inspektur)
            assert error.value.code == "escrow_share_invalid"


def test_external_viewer_gets_the_content_key_but_never_the_identity(world):
    inspektur, external = world.users["inspektur"], world.users["external"]
    private = give_handler_key(inspektur)
    external_private = give_handler_key(external)
    filed = file_report(world.tenant, identity={"name": "Rina Wati"})
    with scope(tenant=world.tenant.pk):
        keys.grant(filed.case, keys.keys_with_private_key(filed.case, inspektur, private),
                   external, identity=False)
        theirs = keys.keys_with_private_key(filed.case, external, external_private)
        assert keys.identity(theirs, filed.case) is None
        assert keys.content(theirs, filed.case)["answers"]["what"]
        keys.revoke(filed.case, external)
        with pytest.raises(keys.NoAccess):
            keys.keys_with_private_key(filed.case, external, external_private)


def test_an_api_token_unlocks_the_key_only_with_its_secret(world):
    inspektur = world.users["inspektur"]
    private = give_handler_key(inspektur)
    with scope(tenant=world.tenant.pk):
        token, secret = create_api_token(world.tenant, inspektur, user=inspektur, name="SIWAS")
        keys.enable_token(world.tenant, inspektur, token, secret, private)
    for header, expected in ((f"Bearer {secret}", private), ("Bearer itg_contoh.wrong", None)):
        request = RequestFactory().get("/", HTTP_AUTHORIZATION=header)
        request.user, request.auth = inspektur, token
        with scope(tenant=world.tenant.pk):
            assert keys.private_key(request) == expected


def test_no_key_material_reaches_the_audit_chain(world, client):
    inspektur = world.users["inspektur"]
    log_in_fully(client, inspektur)
    private = keys.private_key(request_like(client, inspektur))
    with scope(tenant=world.tenant.pk):
        _escrow, first, second = keys.create_escrow_key(world.tenant, inspektur)
    filed = file_report(world.tenant)
    with scopes_disabled():
        chain = json.dumps([e.changes for e in AuditEvent.objects.all()])
    for secret in (first, second, filed.receipt, private.hex(),
                   base64.b64encode(private).decode()):
        assert secret not in chain
    assert repr(keys.CaseKeys(b"k" * 32, None)) == "CaseKeys(identity=no)"


def test_escrow_command_prints_shares_once_and_recovers_with_them(world, monkeypatch):
    import io
    import re

    from django.core.management import call_command

    inspektur, tpi = world.users["inspektur"], world.users["tpi"]
    give_handler_key(inspektur)
    successor_private = give_handler_key(tpi)
    out = io.StringIO()
    call_command("cases_escrow", "init", "--tenant", "contoh", stdout=out)
    shares = re.findall(r"Share \d: (\S+)", out.getvalue())
    filed = file_report(world.tenant)
    typed = iter(shares)
    monkeypatch.setattr("integritas.cases.management.commands.cases_escrow.getpass",
                        lambda prompt: next(typed))
    call_command("cases_escrow", "recover", "--tenant", "contoh", "--from", inspektur.email,
                 "--to", tpi.email, stdout=out)
    assert "1 cases re-sealed" in out.getvalue()
    with scope(tenant=world.tenant.pk):
        assert keys.keys_with_private_key(filed.case, tpi, successor_private).identity is None
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("cases_escrow", "init", "--tenant", "contoh", stdout=out)
