"""Passwords are stored as argon2id hashes only."""

from __future__ import annotations

from warehouse.access.passwords import hash_password, verify_password


def test_hash_is_argon2id_and_verifies_only_the_right_password() -> None:
    """The stored hash is argon2id; the right password verifies, a wrong one does not."""
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "correct horse batterz")


def test_a_corrupt_hash_never_verifies() -> None:
    """A damaged hash in the database means no login, not a crash."""
    assert not verify_password("not-a-hash", "anything")
