"""Password hashing with Argon2id, a memory-hard hash that makes stolen hashes costly to crack."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

# RFC 9106's second recommended option (64 MiB, 3 passes) is what argon2-cffi uses by default.
_STRONG = PasswordHasher()
# Tests hash hundreds of passwords; same algorithm, lighter cost.
_FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
# Verifying an unknown username costs as much as a real one, so timing can't reveal accounts.
_DUMMY_HASH = _STRONG.hash("befriend-timing-equaliser")


def _hasher() -> PasswordHasher:
    return _FAST if current_app.config.get("ARGON2_FAST") else _STRONG


def hash_password(password: str) -> str:
    """Hash a new password with the current cost settings."""
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash (unknown user) still spend the time of a real check."""
    try:
        return _hasher().verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the stored hash was made with older, weaker parameters."""
    return _hasher().check_needs_rehash(password_hash)
