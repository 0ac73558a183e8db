"""A Pemda's signing material: a local CA for a new installation, or a real CA's PKCS#12.

Private keys are stored encrypted with a NaCl secretbox whose key is derived (HKDF-SHA256) from
`INTEGRITAS_KEY_ENCRYPTION_KEY` if set, else from SECRET_KEY: a copied database alone does not
give away a key that signs in the Pemda's name. Changing the secret makes the stored keys
unreadable, which `active_signer` reports as a coded error rather than a crash.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass

import nacl.exceptions
import nacl.secret
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scope, scopes_disabled

from integritas.audit.services import record
from integritas.core.errors import DomainError
from integritas.core.models import SigningKey
from integritas.core.services import service

ROOT_VALIDITY = dt.timedelta(days=3652)
SIGNING_VALIDITY = dt.timedelta(days=730)
BACKDATE = dt.timedelta(minutes=5)  # tolerate small clock differences between servers
KEY_ENCRYPTION_ENV = "INTEGRITAS_KEY_ENCRYPTION_KEY"
DOCUMENT_SIGNING_EKU = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")  # id-kp-documentSigning
MAX_PKCS12_BYTES = 1024 * 1024


# --- encryption at rest -----------------------------------------------------------------------

def _secret_box() -> nacl.secret.SecretBox:
    material = os.environ.get(KEY_ENCRYPTION_ENV) or settings.SECRET_KEY
    key = HKDF(algorithm=hashes.SHA256(), length=nacl.secret.SecretBox.KEY_SIZE,
               salt=b"integritas signing keys", info=b"secretbox v1").derive(material.encode())
    return nacl.secret.SecretBox(key)


def encrypt_private_key(private_key) -> bytes:
    der = private_key.private_bytes(serialization.Encoding.DER,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    return bytes(_secret_box().encrypt(der))


def decrypt_private_key(blob: bytes):
    try:
        der = _secret_box().decrypt(bytes(blob))
    except nacl.exceptions.CryptoError:
        raise DomainError("signing_key_unreadable", _(
            "The stored signing key cannot be decrypted: the key encryption secret has changed. "
            "Restore it, or load the signing key again.")) from None
    return serialization.load_der_private_key(der, password=None)


# --- certificates -----------------------------------------------------------------------------

def _name(common_name: str, tenant) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, tenant.name[:64]),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
    ])


def _issue_root(tenant, now: dt.datetime):
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(f"Integritas Root CA — {tenant.name}", tenant)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE).not_valid_after(now + ROOT_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    return certificate, key


def _issue_signing_certificate(tenant, root: x509.Certificate, root_key, now: dt.datetime):
    key = ec.generate_private_key(ec.SECP256R1())
    not_after = min(now + SIGNING_VALIDITY, root.not_valid_after_utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{tenant.name} — Penandatangan Dokumen", tenant))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE).not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([DOCUMENT_SIGNING_EKU,
                                              ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                       critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
                       critical=False)
        .sign(root_key, hashes.SHA256())
    )
    return certificate, key


def _pem(*certificates: x509.Certificate) -> str:
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in certificates)


def _check_usable(certificate: x509.Certificate, private_key, now: dt.datetime) -> None:
    """Refuse a certificate that cannot sign documents today with this key."""
    if certificate.not_valid_after_utc <= now:
        raise DomainError("certificate_expired", _(
            "The certificate expired on %(date)s; ask the certificate authority for a new one."),
            field="file", date=f"{certificate.not_valid_after_utc:%Y-%m-%d}")
    if certificate.not_valid_before_utc > now:
        raise DomainError("certificate_not_yet_valid", _(
            "The certificate is only valid from %(date)s."),
            field="file", date=f"{certificate.not_valid_before_utc:%Y-%m-%d}")
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is None or not usage.digital_signature:
        raise DomainError("certificate_not_for_signing", _(
            "The certificate does not allow digital signatures (key usage digitalSignature); "
            "it cannot sign documents."), field="file")
    if not isinstance(private_key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise DomainError("key_type_unsupported", _(
            "Only RSA and elliptic-curve keys can sign documents."), field="file")
    if _public_der(private_key.public_key()) != _public_der(certificate.public_key()):
        raise DomainError("key_certificate_mismatch", _(
            "The private key does not belong to the certificate."), field="file")


def _public_der(public_key) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)


def _chain_to_root(leaf: x509.Certificate,
                   others: list[x509.Certificate]) -> list[x509.Certificate]:
    """The issuers of `leaf` in order, up to a self-signed root or the last issuer present."""
    chain: list[x509.Certificate] = []
    current = leaf
    while current.issuer != current.subject:
        issuer = next((c for c in others if c.subject == current.issuer and c not in chain), None)
        if issuer is None:
            break
        chain.append(issuer)
        current = issuer
    return chain


def _create(tenant, actor, *, kind: str, certificate: x509.Certificate, private_key,
            chain: list[x509.Certificate], root: x509.Certificate, root_key=None) -> SigningKey:
    fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
    if SigningKey.objects.filter(tenant=tenant, fingerprint=fingerprint).exists():
        raise DomainError("certificate_already_loaded", _(
            "This certificate is already loaded for this Pemda."), field="file")
    for previous in SigningKey.objects.filter(tenant=tenant, is_active=True):
        previous.is_active = False
        previous.save(update_fields=["is_active", "updated_at"])
        record(tenant, actor, "core.signingkey.retire", previous,
               {"fingerprint": previous.fingerprint})
    key = SigningKey.objects.create(
        tenant=tenant, kind=kind, subject=certificate.subject.rfc4514_string()[:300],
        fingerprint=fingerprint, certificate_pem=_pem(certificate), chain_pem=_pem(*chain),
        root_certificate_pem=_pem(root), encrypted_private_key=encrypt_private_key(private_key),
        encrypted_root_key=encrypt_private_key(root_key) if root_key is not None else b"",
        valid_from=certificate.not_valid_before_utc, valid_until=certificate.not_valid_after_utc,
    )
    record(tenant, actor, "core.signingkey.create", key, {
        "kind": kind, "subject": key.subject, "fingerprint": fingerprint,
        "root": root.subject.rfc4514_string(), "valid_until": key.valid_until.isoformat(),
    })
    return key


# --- services ---------------------------------------------------------------------------------

@service
def init_local_ca(tenant, actor, *, rotate: bool = False) -> SigningKey:
    """Create the Pemda's root CA and a document signing certificate issued by it.

    With `rotate`, an existing active key is retired and a new signing certificate is issued
    under the same local root, so documents signed before and after verify against one anchor.
    """
    now = timezone.now()
    active = SigningKey.objects.filter(tenant=tenant, is_active=True).first()
    if active is not None and not rotate:
        raise DomainError("signing_key_exists", _(
            "This Pemda already has an active signing key; use --rotate to replace it."))
    if active is not None and active.kind == SigningKey.Kind.LOCAL_CA and active.encrypted_root_key:
        root = x509.load_pem_x509_certificate(active.root_certificate_pem.encode())
        root_key = decrypt_private_key(active.encrypted_root_key)
    else:
        root, root_key = _issue_root(tenant, now)
    certificate, private_key = _issue_signing_certificate(tenant, root, root_key, now)
    return _create(tenant, actor, kind=SigningKey.Kind.LOCAL_CA, certificate=certificate,
                   private_key=private_key, chain=[root], root=root, root_key=root_key)


@service
def load_pkcs12(tenant, actor, *, data: bytes, password: str | None) -> SigningKey:
    """Load a real CA's PKCS#12 (certificate, key and chain) as the active signing key."""
    if not data:
        raise DomainError("pkcs12_empty", _("The PKCS#12 file is empty."), field="file")
    if len(data) > MAX_PKCS12_BYTES:
        raise DomainError("pkcs12_too_large", _("A PKCS#12 file is at most 1 MB."), field="file")
    try:
        private_key, certificate, others = pkcs12.load_key_and_certificates(
            data, password.encode() if password else None)
    except (ValueError, TypeError):
        raise DomainError("pkcs12_unreadable", _(
            "The file is not a PKCS#12 file, or the password is wrong."), field="file") from None
    if private_key is None or certificate is None:
        raise DomainError("pkcs12_incomplete", _(
            "The PKCS#12 file must hold both the certificate and its private key."), field="file")
    now = timezone.now()
    _check_usable(certificate, private_key, now)
    chain = _chain_to_root(certificate, list(others or []))
    if not chain and certificate.issuer != certificate.subject:
        raise DomainError("pkcs12_chain_missing", _(
            "The PKCS#12 file does not include the issuing CA's certificate; export it with "
            "the full certificate chain."), field="file")
    root = chain[-1] if chain else certificate
    return _create(tenant, actor, kind=SigningKey.Kind.PKCS12, certificate=certificate,
                   private_key=private_key, chain=chain, root=root)


# --- reads ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActiveSigner:
    key_id: int
    fingerprint: str
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    private_key: object


def active_signer(tenant) -> ActiveSigner:
    """The tenant's usable signing key, decrypted once per process and key."""
    with scope(tenant=tenant.pk):
        key = SigningKey.objects.filter(tenant=tenant, is_active=True).first()
    if key is None:
        raise DomainError("signing_key_missing", _(
            "This Pemda has no signing key yet; an administrator runs "
            "`integritas signing_keys init`."))
    now = timezone.now()
    if not key.valid_from <= now < key.valid_until:
        raise DomainError("signing_key_expired", _(
            "The Pemda's signing certificate is not valid today (valid %(start)s to %(end)s); "
            "renew it with `integritas signing_keys init --rotate` or load a new PKCS#12."),
            start=f"{key.valid_from:%Y-%m-%d}", end=f"{key.valid_until:%Y-%m-%d}")
    return _decrypted(key.pk, key.fingerprint, key.certificate_pem, key.chain_pem,
                      bytes(key.encrypted_private_key))


@functools.lru_cache(maxsize=64)
def _decrypted(key_id: int, fingerprint: str, certificate_pem: str, chain_pem: str,
               encrypted: bytes) -> ActiveSigner:
    return ActiveSigner(
        key_id=key_id, fingerprint=fingerprint,
        certificate=x509.load_pem_x509_certificate(certificate_pem.encode()),
        chain=tuple(x509.load_pem_x509_certificates(chain_pem.encode())) if chain_pem else (),
        private_key=decrypt_private_key(encrypted),
    )


def trust_roots(tenant=None) -> list[asn1_x509.Certificate]:
    """The roots verification trusts: the tenant's, or those of every active tenant.

    Retired keys count too: a document signed before a rotation stays verifiable.
    """
    with scopes_disabled():
        keys = SigningKey.objects.filter(tenant__is_active=True)
        if tenant is not None:
            keys = keys.filter(tenant=tenant)
        pems = set(keys.values_list("root_certificate_pem", flat=True))
    return [asn1_x509.Certificate.load(der) for der in sorted(
        x509.load_pem_x509_certificate(pem.encode()).public_bytes(serialization.Encoding.DER)
        for pem in pems)]
