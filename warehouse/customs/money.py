"""Money: Decimal CNY in the rules, integer fen in the database."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


def cny(value: object) -> Decimal:
    """A Decimal amount rounded to the fen (half up)."""
    return Decimal(str(value)).quantize(FEN, rounding=ROUND_HALF_UP)


def to_fen(value: Decimal) -> int:
    return int(cny(value) * 100)


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(FEN)


def rate(basis_points: int) -> Decimal:
    return Decimal(basis_points) / Decimal(10000)
