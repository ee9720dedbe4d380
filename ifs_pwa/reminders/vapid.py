"""The VAPID key pair that signs every push, so push services know the sender is this app.

Kept like the secret key: from VAPID_PRIVATE_KEY when set (several hosts must share one key,
or the subscriptions made through one host can't be pushed from another), else generated once
into instance/vapid_private.pem. The public key is what the page hands to pushManager.subscribe.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from py_vapid import Vapid02

FILE_NAME = "vapid_private.pem"
DEFAULT_SUBJECT = "mailto:reminders@befriend.invalid"


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def instance_pem(instance_path: Path) -> bytes:
    """The key file in instance/, made once (O_EXCL: two workers starting together make one)."""
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / FILE_NAME
    if not path.exists():
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_bytes()
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
    return path.read_bytes()


def load(configured: str | None, instance_path: Path) -> Vapid02:
    """VAPID_PRIVATE_KEY as PEM or as the raw base64url key `vapid --gen` prints, else the file."""
    if configured:
        configured = configured.strip()
        if configured.startswith("-----BEGIN"):
            return Vapid02.from_pem(configured.encode())
        return Vapid02.from_string(configured)
    return Vapid02.from_pem(instance_pem(instance_path))


def vapid() -> Vapid02:
    """This app's key, read once per process."""
    cached = current_app.extensions.get("vapid")
    if cached is None:
        cached = load(current_app.config.get("VAPID_PRIVATE_KEY"), Path(current_app.instance_path))
        current_app.extensions["vapid"] = cached
    return cached


def public_key() -> str:
    """The applicationServerKey: the uncompressed P-256 point, base64url without padding."""
    point = vapid().public_key.public_bytes(serialization.Encoding.X962,
                                            serialization.PublicFormat.UncompressedPoint)
    return b64url(point)


def subject() -> str:
    return current_app.config.get("VAPID_SUBJECT") or DEFAULT_SUBJECT
