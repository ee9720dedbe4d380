"""The keyring on its own: sealing, opening, rotation order, and loud failures."""

from __future__ import annotations

import base64
import stat

import pytest

from ifs_pwa.crypto import (
    PREFIX,
    DecryptionError,
    Keyring,
    decode_key,
    generate_key,
    instance_key,
    key_id,
    parse_keys,
)

OLD, NEW = generate_key(), generate_key()


def test_round_trip_hides_the_text_and_names_the_key():
    ring = Keyring([NEW])
    sealed = ring.encrypt("Ich habe Angst vor dem Montag 😟")
    assert sealed.startswith(f"{PREFIX}{ring.newest}:")
    assert "Angst" not in sealed
    assert ring.decrypt(sealed) == "Ich habe Angst vor dem Montag 😟"


def test_every_write_uses_a_fresh_nonce():
    ring = Keyring([NEW])
    first, second = ring.encrypt("same words"), ring.encrypt("same words")
    assert first != second
    nonce = lambda s: base64.urlsafe_b64decode(s.split(":", 2)[2])[:12]  # noqa: E731
    assert nonce(first) != nonce(second)


def test_key_id_is_short_stable_and_not_the_key():
    raw = decode_key(NEW)
    assert key_id(raw) == key_id(raw) and len(key_id(raw)) == 8
    assert key_id(raw) != key_id(decode_key(OLD))
    assert key_id(raw) not in NEW


def test_newest_key_writes_and_older_keys_still_read():
    old_value = Keyring([OLD]).encrypt("written last year")
    ring = Keyring([NEW, OLD])
    assert ring.decrypt(old_value) == "written last year"
    assert ring.encrypt("today").startswith(f"{PREFIX}{key_id(decode_key(NEW))}:")
    assert not ring.is_current(old_value)
    assert ring.is_current(ring.encrypt("today")) and ring.is_current("") and ring.is_current(None)


def test_legacy_clear_text_reads_as_it_is_and_needs_rotating():
    ring = Keyring([NEW])
    assert ring.decrypt("a note from before encryption") == "a note from before encryption"
    assert not ring.is_current("a note from before encryption")


def test_unknown_key_id_is_a_clear_error_not_garbage():
    sealed = Keyring([OLD]).encrypt("private")
    with pytest.raises(DecryptionError, match="not in ENCRYPTION_KEYS"):
        Keyring([NEW]).decrypt(sealed)


def test_tampered_or_wrong_key_text_is_refused():
    ring = Keyring([NEW])
    sealed = ring.encrypt("private")
    body = bytearray(base64.urlsafe_b64decode(sealed.split(":", 2)[2]))
    body[-1] ^= 1
    tampered = sealed.rsplit(":", 1)[0] + ":" + base64.urlsafe_b64encode(bytes(body)).decode()
    with pytest.raises(DecryptionError, match="damaged"):
        ring.decrypt(tampered)
    with pytest.raises(DecryptionError, match="damaged"):
        ring.decrypt(sealed[:-6])


def test_bad_keys_are_refused_at_start_up():
    with pytest.raises(ValueError, match="32 bytes"):
        Keyring([base64.urlsafe_b64encode(b"short").decode()])
    with pytest.raises(ValueError, match="base64"):
        Keyring(["not base64 at all!!"])
    with pytest.raises(ValueError, match="At least one"):
        Keyring([])
    assert len(decode_key(NEW.rstrip("="))) == 32  # padding is optional


def test_environment_list_is_comma_separated_newest_first():
    assert parse_keys(f" {NEW} , {OLD} ,") == [NEW, OLD]
    assert parse_keys("") == [] and parse_keys(None) == [] and parse_keys([NEW]) == [NEW]


def test_instance_key_is_made_once_private_and_reused(tmp_path):
    first = instance_key(tmp_path)
    assert len(decode_key(first)) == 32
    assert stat.S_IMODE((tmp_path / "encryption.key").stat().st_mode) == 0o600
    assert instance_key(tmp_path) == first
