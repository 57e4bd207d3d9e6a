"""Password hashing with argon2id at argon2-cffi's defaults (which meet OWASP ASVS)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
MIN_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


_DUMMY_HASH = _hasher.hash("silkhub-timing-equaliser")


def burn_verification_time() -> None:
    """Spend one verification so that unknown users take as long as wrong passwords."""
    verify_password(_DUMMY_HASH, "not-the-password")
