"""Encryption at rest for the words people write, so a copied database or backup reads as noise.

Columns typed `EncryptedText` / `EncryptedJSON` hold `enc1:<key id>:<base64url(nonce||ciphertext)>`
(AES-256-GCM, a fresh 96-bit nonce per write). The key id is a short hash of the key, so a list of
keys (newest first) can rotate: new writes use the newest, reads pick the key by id, and
`flask keys rotate` rewrites old rows. Values without the prefix are rows written before
encryption existed; they still read, and rotation encrypts them. Models and views see plain
str/dict/list. Each app keeps its own keyring (tests run several apps with different keys).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app, has_app_context
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

PREFIX = "enc1:"
NONCE_BYTES = 12
KEY_FILE = "encryption.key"


class DecryptionError(ValueError):
    """A stored value could not be decrypted: unknown key id, wrong key or damaged text."""


def decode_key(encoded: str) -> bytes:
    """A urlsafe-base64 key (padding optional) to its 32 raw bytes; anything else is refused."""
    text = encoded.strip()
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValueError("An encryption key is not valid urlsafe base64.") from error
    if len(raw) != 32:
        raise ValueError("An encryption key must be 32 bytes (44 base64 characters).")
    return raw


def generate_key() -> str:
    """A new random key in the form ENCRYPTION_KEYS expects."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def key_id(raw: bytes) -> str:
    """Short and stable, never the key itself: names which key sealed a value."""
    return hashlib.sha256(b"befriend-key-id:" + raw).hexdigest()[:8]


class Keyring:
    """The configured keys, newest first; AESGCM objects are built once, not per value."""

    def __init__(self, keys: list[str]):
        if not keys:
            raise ValueError("At least one encryption key is needed.")
        raws = [decode_key(k) for k in keys]
        self.ids = [key_id(raw) for raw in raws]
        self.ciphers = {kid: AESGCM(raw) for kid, raw in zip(self.ids, raws, strict=True)}
        self.newest = self.ids[0]

    def encrypt(self, plaintext: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self.ciphers[self.newest].encrypt(nonce, plaintext.encode(), None)
        return f"{PREFIX}{self.newest}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def decrypt(self, stored: str) -> str:
        """Clear text for a stored value; legacy values (no prefix) are already clear."""
        if not stored.startswith(PREFIX):
            return stored
        kid, _, body = stored[len(PREFIX):].partition(":")
        cipher = self.ciphers.get(kid)
        if cipher is None:
            raise DecryptionError(
                f"This value was encrypted with key {kid!r}, which is not in ENCRYPTION_KEYS. "
                "Add the old key back (after the newest) and run `flask keys rotate`."
            )
        try:
            blob = base64.urlsafe_b64decode(body)
            return cipher.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], None).decode()
        except (InvalidTag, binascii.Error, ValueError) as error:
            raise DecryptionError(f"A value sealed with key {kid!r} is damaged.") from error

    def is_current(self, stored: str | None) -> bool:
        """True when the stored value needs no rewrite by rotation."""
        return stored is None or stored == "" or stored.startswith(f"{PREFIX}{self.newest}:")


_fallback: Keyring | None = None


def keyring() -> Keyring:
    """The app's keyring; outside an app context, the one configured last."""
    if has_app_context():
        ring = current_app.extensions.get("keyring")
        if ring is not None:
            return ring
    if _fallback is None:
        raise RuntimeError("No encryption keys configured: create the app first.")
    return _fallback


def instance_key(instance_path: Path) -> str:
    """The key kept in instance/, made once (0600) when the environment names none."""
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / KEY_FILE
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(generate_key())
    return path.read_text().strip()


def parse_keys(value: str | list | tuple | None) -> list[str]:
    if isinstance(value, str):
        return [k.strip() for k in value.split(",") if k.strip()]
    return [k for k in (value or []) if k]


def init_app(app) -> None:
    """Build the keyring from ENCRYPTION_KEYS, or the instance key when none is configured."""
    global _fallback
    keys = parse_keys(app.config.get("ENCRYPTION_KEYS"))
    if not keys:
        keys = [instance_key(Path(app.instance_path))]
    app.config["ENCRYPTION_KEYS"] = keys
    ring = Keyring(keys)
    app.extensions["keyring"] = ring
    _fallback = ring


class EncryptedText(TypeDecorator):
    """Text sealed on the way in and opened on the way out; "" stays "" (nothing to hide)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None or value == "":
            return value
        return keyring().encrypt(value)

    def process_result_value(self, value, dialect):
        if value is None or value == "":
            return value
        return keyring().decrypt(value)


class EncryptedJSON(TypeDecorator):
    """A JSON document (dict or list) stored encrypted as text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return keyring().encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def process_result_value(self, value, dialect):
        if value is None or value == "":
            return None
        return json.loads(keyring().decrypt(value))


ENCRYPTED_TYPES = (EncryptedText, EncryptedJSON)
