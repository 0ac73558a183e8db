"""`integritas signing_keys`: a Pemda's local CA, or a real CA's PKCS#12."""

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.management import CommandError, call_command

from integritas.audit.models import AuditEvent
from integritas.core.documents.keys import (
    DOCUMENT_SIGNING_EKU,
    decrypt_private_key,
    init_local_ca,
    load_pkcs12,
)
from integritas.core.errors import DomainError
from integritas.core.models import SigningKey

NOW = dt.datetime.now(dt.UTC)


def certificate(subject, key, *, issuer=None, issuer_key=None, ca=False, signing=True,
                start=NOW - dt.timedelta(days=1), end=NOW + dt.timedelta(days=365)):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    return (
        x509.CertificateBuilder().subject_name(name)
        .issuer_name(issuer.subject if issuer else name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=signing, content_commitment=signing, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
            encipher_only=False, decipher_only=False), critical=True)
        .sign(issuer_key or key, hashes.SHA256())
    )


def bsre_like_p12(password=b"rahasia", **leaf_options) -> bytes:
    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(
        ec.SECP256R1())
    ca = certificate("Root CA Contoh BSrE", ca_key, ca=True, signing=False)
    leaf = certificate("Pemerintah Kota Contoh", leaf_key, issuer=ca, issuer_key=ca_key,
                       **leaf_options)
    return pkcs12.serialize_key_and_certificates(
        b"contoh", leaf_key, leaf, [ca],
        serialization.BestAvailableEncryption(password))


def test_init_creates_a_local_root_ca_and_a_document_signing_certificate(world, unscoped):
    key = init_local_ca(world.tenant, world.users["admin"])
    root = x509.load_pem_x509_certificate(key.root_certificate_pem.encode())
    leaf = x509.load_pem_x509_certificate(key.certificate_pem.encode())
    assert root.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == (
        "Integritas Root CA — Pemerintah Kota Contoh")
    assert leaf.issuer == root.subject
    usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert DOCUMENT_SIGNING_EKU in leaf.extensions.get_extension_for_class(
        x509.ExtendedKeyUsage).value
    assert (key.valid_until - key.valid_from).days in range(729, 732)
    assert (root.not_valid_after_utc - root.not_valid_before_utc).days >= 3650
    assert key.kind == SigningKey.Kind.LOCAL_CA and key.is_active
    assert AuditEvent.objects.filter(tenant=world.tenant, action="core.signingkey.create").exists()


def test_private_key_is_stored_encrypted(world, unscoped):
    key = init_local_ca(world.tenant, world.users["admin"])
    private = decrypt_private_key(key.encrypted_private_key)
    raw = private.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    assert raw not in bytes(key.encrypted_private_key)
    leaf = x509.load_pem_x509_certificate(key.certificate_pem.encode())
    assert leaf.public_key().public_numbers() == private.public_key().public_numbers()


def test_init_twice_is_refused_and_rotate_keeps_the_local_root(world, unscoped):
    first = init_local_ca(world.tenant, world.users["admin"])
    with pytest.raises(DomainError) as error:
        init_local_ca(world.tenant, world.users["admin"])
    assert error.value.code == "signing_key_exists"
    second = init_local_ca(world.tenant, world.users["admin"], rotate=True)
    first.refresh_from_db()
    assert not first.is_active and second.is_active
    assert second.root_certificate_pem == first.root_certificate_pem
    assert second.fingerprint != first.fingerprint


def test_command_init_and_load_pkcs12_from_a_file_with_password_from_env(
        world, tmp_path, monkeypatch, unscoped, capsys):
    call_command("signing_keys", "init", "--tenant", "contoh")
    assert "Active signing key for Pemerintah Kota Contoh" in capsys.readouterr().out
    path = tmp_path / "bsre.p12"
    path.write_bytes(bsre_like_p12())
    monkeypatch.setenv("P12_PASSWORD", "rahasia")
    call_command("signing_keys", "load-pkcs12", "--tenant", "contoh", str(path),
                 "--password-env", "P12_PASSWORD")
    active = SigningKey.objects.get(tenant=world.tenant, is_active=True)
    assert active.kind == SigningKey.Kind.PKCS12
    assert "Root CA Contoh BSrE" in x509.load_pem_x509_certificate(
        active.root_certificate_pem.encode()).subject.rfc4514_string()
    assert SigningKey.objects.filter(tenant=world.tenant).count() == 2


def test_command_reports_errors_with_their_code(world, tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="No Pemda"):
        call_command("signing_keys", "init", "--tenant", "nowhere")
    path = tmp_path / "bsre.p12"
    path.write_bytes(bsre_like_p12())
    monkeypatch.setenv("P12_PASSWORD", "salah")
    with pytest.raises(CommandError, match="pkcs12_unreadable"):
        call_command("signing_keys", "load-pkcs12", "--tenant", "contoh", str(path),
                     "--password-env", "P12_PASSWORD")
    with pytest.raises(CommandError, match="MISSING_VAR is not set"):
        call_command("signing_keys", "load-pkcs12", "--tenant", "contoh", str(path),
                     "--password-env", "MISSING_VAR")


@pytest.mark.parametrize(("options", "code"), [
    ({"end": NOW - dt.timedelta(days=1), "start": NOW - dt.timedelta(days=30)},
     "certificate_expired"),
    ({"start": NOW + dt.timedelta(days=3)}, "certificate_not_yet_valid"),
    ({"signing": False}, "certificate_not_for_signing"),
])
def test_unusable_certificates_are_refused_and_nothing_is_stored(world, unscoped, options, code):
    with pytest.raises(DomainError) as error:
        load_pkcs12(world.tenant, world.users["admin"], data=bsre_like_p12(**options),
                    password="rahasia")
    assert error.value.code == code
    assert not SigningKey.objects.filter(tenant=world.tenant).exists()


def test_a_pkcs12_without_its_issuer_chain_is_refused(world):
    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(
        ec.SECP256R1())
    ca = certificate("Root CA", ca_key, ca=True, signing=False)
    leaf = certificate("Leaf", leaf_key, issuer=ca, issuer_key=ca_key)
    data = pkcs12.serialize_key_and_certificates(b"x", leaf_key, leaf, None,
                                                 serialization.NoEncryption())
    with pytest.raises(DomainError) as error:
        load_pkcs12(world.tenant, world.users["admin"], data=data, password=None)
    assert error.value.code == "pkcs12_chain_missing"


def test_empty_or_garbage_pkcs12_is_refused(world):
    for data, code in ((b"", "pkcs12_empty"), (b"not a p12", "pkcs12_unreadable")):
        with pytest.raises(DomainError) as error:
            load_pkcs12(world.tenant, world.users["admin"], data=data, password="x")
        assert error.value.code == code


def test_a_key_that_does_not_match_its_certificate_is_refused():
    # cryptography and openssl refuse to write such a PKCS#12, other tools do not
    from integritas.core.documents.keys import _check_usable

    key = ec.generate_private_key(ec.SECP256R1())
    leaf = certificate("Leaf", key)
    with pytest.raises(DomainError) as error:
        _check_usable(leaf, ec.generate_private_key(ec.SECP256R1()), NOW)
    assert error.value.code == "key_certificate_mismatch"
