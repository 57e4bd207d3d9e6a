"""The GS1 modulo-10 check digit shared by GTIN, SSCC, GLN, GSIN and friends."""

from __future__ import annotations

from warehouse.trace.errors import E_BAD_CHARSET, E_CHECK_DIGIT, TraceError


def check_digit(body: str) -> str:
    """Check digit for ``body`` (all digits but the last).

    Weights 3 and 1 alternate from the rightmost digit of the body, which makes the same
    function serve every length (GTIN-8 to SSCC-18 and GSIN-17).
    """
    if not body.isdigit() or not body.isascii():
        raise TraceError(E_BAD_CHARSET, f"check digit needs digits only, got {body!r}")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def has_valid_check_digit(number: str) -> bool:
    """True when the last digit of ``number`` is the check digit of the rest."""
    return len(number) >= 2 and number[-1] == check_digit(number[:-1])


def require_check_digit(number: str, what: str) -> None:
    """Refuse ``number`` with E_CHECK_DIGIT unless its last digit checks."""
    if not has_valid_check_digit(number):
        expected = check_digit(number[:-1])
        raise TraceError(
            E_CHECK_DIGIT, f"{what} {number} has check digit {number[-1]}, expected {expected}"
        )
