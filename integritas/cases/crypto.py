"""The cryptography of cases (libsodium through PyNaCl), free of Django models.

- Data keys: 32 random bytes per case and purpose; `box`/`unbox` are XSalsa20-Poly1305
  secretbox with a random nonce (the nonce travels in front of the ciphertext).
- Sealing a data key to a public key (a handler's or the escrow's) is a libsodium sealed box:
  an ephemeral X25519 key per seal, so the sealer needs no private key and leaves no trace of
  itself.
- Handler private keys are wrapped (secretbox) under an Argon2id key derived from the password;
  Argon2id runs only when a password is typed (login, password change), never at intake.
- Receipts carry 80 random bits (16 Crockford base32 characters, `XXXX-XXXX-XXXX-XXXX`). With that
  much entropy a fast key derivation (keyed BLAKE2b with the tenant's salt) is safe; the
  server stores only an HMAC of the receipt under a server pepper, for lookup.
- Files are encrypted with secretstream (XChaCha20-Poly1305) in 64 KiB chunks, so a large
  file never sits decrypted in memory as a whole and a truncated file is detected.

No function here logs or puts key material in an exception message.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import IO

import nacl.bindings as sodium
import nacl.pwhash
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox

KEY_BYTES = 32
CHUNK_BYTES = 64 * 1024
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_CHARS = 16  # 16 x 5 bits = 80 bits
_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


class CryptoError(Exception):
    """Decryption failed: wrong key, tampered ciphertext or wrong password. Says nothing more."""


# --- data keys and boxes ------------------------------------------------------------------------

def new_data_key() -> bytes:
    return nacl.utils.random(KEY_BYTES)


def box(key: bytes, data: bytes | str) -> bytes:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return bytes(SecretBox(key).encrypt(data))


def unbox(key: bytes, blob: bytes | memoryview) -> bytes:
    try:
        return SecretBox(key).decrypt(bytes(blob))
    except Exception:  # nacl raises CryptoError/ValueError/TypeError; never say which
        raise CryptoError("cannot decrypt") from None


def box_json(key: bytes, value) -> bytes:
    return box(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def unbox_json(key: bytes, blob: bytes | memoryview):
    return json.loads(unbox(key, blob))


# --- sealing to key pairs ----------------------------------------------------------------------

def new_key_pair() -> tuple[bytes, bytes]:
    """(public, private) raw 32-byte keys."""
    private = PrivateKey.generate()
    return bytes(private.public_key), bytes(private)


def seal(public_key: bytes | memoryview, data_key: bytes) -> bytes:
    return bytes(SealedBox(PublicKey(bytes(public_key))).encrypt(data_key))


def unseal(private_key: bytes, sealed: bytes | memoryview) -> bytes:
    try:
        return SealedBox(PrivateKey(private_key)).decrypt(bytes(sealed))
    except Exception:
        raise CryptoError("cannot decrypt") from None


def public_key_of(private_key: bytes) -> bytes:
    return bytes(PrivateKey(private_key).public_key)


def fingerprint(public_key: bytes | memoryview) -> str:
    return hashlib.sha256(bytes(public_key)).hexdigest()


# --- password wrapping (handlers) ----------------------------------------------------------------

def new_kdf_salt() -> bytes:
    return nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)


def password_key(password: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    return nacl.pwhash.argon2id.kdf(KEY_BYTES, password.encode("utf-8"), bytes(salt),
                                    opslimit=opslimit, memlimit=memlimit)


# --- receipts ------------------------------------------------------------------------------------

def new_receipt() -> str:
    chars = "".join(secrets.choice(CROCKFORD) for _ in range(RECEIPT_CHARS))
    return "-".join(chars[i:i + 4] for i in range(0, RECEIPT_CHARS, 4))


def normalise_receipt(text: str) -> str | None:
    """The canonical `XXXX-XXXX-XXXX-XXXX` form of what a person typed, or None.

    Spaces, dashes and case are ignored and the letters Crockford base32 leaves out are read
    as the digits they look like, so a receipt read aloud or copied by hand still works.
    """
    if not isinstance(text, str) or len(text) > 64:
        return None
    chars = "".join(c for c in text.upper() if c not in " -\t\r\n").translate(_TYPOS)
    if len(chars) != RECEIPT_CHARS or any(c not in CROCKFORD for c in chars):
        return None
    return "-".join(chars[i:i + 4] for i in range(0, RECEIPT_CHARS, 4))


def receipt_hash(pepper: bytes, tenant_id: int, receipt: str) -> str:
    message = f"{tenant_id}:{receipt}".encode()
    return hmac.new(pepper, message, hashlib.sha256).hexdigest()


def receipt_key(salt: bytes | memoryview, receipt: str) -> bytes:
    """The key that seals the case's content key for the reporter (fast: 80-bit input)."""
    return hashlib.blake2b(receipt.encode(), digest_size=KEY_BYTES, key=bytes(salt),
                           person=b"itg-case-receipt").digest()


def token_key(secret: str) -> bytes:
    """The key that wraps a handler's private key for one API token (the secret is random)."""
    return hashlib.blake2b(secret.encode(), digest_size=KEY_BYTES,
                           person=b"itg-case-apitokn").digest()


# --- escrow shares -------------------------------------------------------------------------------

def split_secret(secret: bytes) -> tuple[str, str]:
    """Two shares that are each random on their own and give `secret` only together (XOR)."""
    first = nacl.utils.random(len(secret))
    second = bytes(a ^ b for a, b in zip(secret, first, strict=True))
    return _encode_share(1, first), _encode_share(2, second)


def join_shares(first: str, second: str) -> bytes:
    parts = sorted((_decode_share(first), _decode_share(second)))
    if [n for n, _ in parts] != [1, 2]:
        raise CryptoError("need share 1 and share 2")
    return bytes(a ^ b for a, b in zip(parts[0][1], parts[1][1], strict=True))


def _encode_share(number: int, data: bytes) -> str:
    payload = bytes([number]) + data
    check = hashlib.sha256(payload).digest()[:2]
    text = _base32(payload + check)
    return "-".join(text[i:i + 5] for i in range(0, len(text), 5))


def _decode_share(text: str) -> tuple[int, bytes]:
    raw = _unbase32("".join(c for c in str(text).upper() if c not in " -\n\r\t").translate(_TYPOS))
    if raw is None or len(raw) != 1 + KEY_BYTES + 2:
        raise CryptoError("not a share")
    payload, check = raw[:-2], raw[-2:]
    if not hmac.compare_digest(hashlib.sha256(payload).digest()[:2], check):
        raise CryptoError("share mistyped")
    return payload[0], payload[1:]


def _base32(data: bytes) -> str:
    number, bits = int.from_bytes(data, "big"), len(data) * 8
    length = -(-bits // 5)
    number <<= length * 5 - bits
    return "".join(CROCKFORD[(number >> (5 * i)) & 31] for i in reversed(range(length)))


def _unbase32(text: str) -> bytes | None:
    if any(c not in CROCKFORD for c in text):
        return None
    number = 0
    for c in text:
        number = number * 32 + CROCKFORD.index(c)
    size = len(text) * 5 // 8
    return (number >> (len(text) * 5 - size * 8)).to_bytes(size, "big")


# --- files ---------------------------------------------------------------------------------------

def encrypt_stream(key: bytes, source: IO[bytes], target: IO[bytes]) -> int:
    """Encrypt `source` into `target` in chunks; returns the plaintext size."""
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    target.write(sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key))
    size = 0
    chunk = source.read(CHUNK_BYTES)
    while True:
        following = source.read(CHUNK_BYTES)
        tag = (sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL if not following
               else sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
        target.write(sodium.crypto_secretstream_xchacha20poly1305_push(state, chunk, None, tag))
        size += len(chunk)
        if not following:
            return size
        chunk = following


def decrypt_stream(key: bytes, source: IO[bytes]):
    """Yield the plaintext chunks of an `encrypt_stream` file; CryptoError if tampered/cut."""
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    header = source.read(sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES)
    try:
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
        overhead = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
        while True:
            block = source.read(CHUNK_BYTES + overhead)
            if not block:
                raise CryptoError("file cut short")
            chunk, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, block, None)
            yield chunk
            if tag == sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL:
                return
    except CryptoError:
        raise
    except Exception:
        raise CryptoError("cannot decrypt") from None
