"""SSCC allocation: extension digit + GS1 company prefix + serial reference + check digit.

The functions here are pure. The never-repeating counter lives in the database: a sequence
(``nextval``) or ``UPDATE sscc_counter SET next = next + :n ... RETURNING next - :n`` hands out
counter values, and :func:`sscc_for_counter` turns each into an SSCC. A counter value maps to
exactly one SSCC and back (:func:`counter_of`), so a restored database can be re-seeded from
the highest SSCC already printed.
"""

from __future__ import annotations

from dataclasses import dataclass

from warehouse.trace.checkdigit import check_digit
from warehouse.trace.errors import E_BAD_PREFIX, E_CAPACITY, TraceError
from warehouse.trace.keys import validate_sscc


@dataclass(frozen=True)
class SsccConfig:
    """The site's SSCC settings: extension digit (0-9) and GS1 company prefix (6-12 digits)."""

    extension: int
    company_prefix: str

    def __post_init__(self) -> None:
        if not 0 <= self.extension <= 9:
            raise TraceError(E_BAD_PREFIX, f"extension digit must be 0..9, got {self.extension}")
        cp = self.company_prefix
        if not (cp.isascii() and cp.isdigit() and 6 <= len(cp) <= 12):
            raise TraceError(E_BAD_PREFIX, f"company prefix must be 6..12 digits, got {cp!r}")

    @property
    def capacity(self) -> int:
        """How many SSCCs this extension digit and prefix can number."""
        return sscc_capacity(self.company_prefix)


def sscc_capacity(company_prefix: str) -> int:
    """Serial references available per extension digit: 10^(16 - prefix length)."""
    return 10 ** (16 - len(company_prefix))


def build_sscc(extension: int, company_prefix: str, serial_reference: int) -> str:
    """The 18-digit SSCC for one serial reference; E_CAPACITY when it does not fit."""
    config = SsccConfig(extension, company_prefix)
    if not 0 <= serial_reference < config.capacity:
        raise TraceError(
            E_CAPACITY,
            f"serial reference {serial_reference} outside 0..{config.capacity - 1} "
            f"for a {len(company_prefix)}-digit prefix",
        )
    width = 16 - len(company_prefix)
    body = f"{extension}{company_prefix}{serial_reference:0{width}d}"
    return body + check_digit(body)


def sscc_for_counter(config: SsccConfig, counter: int) -> str:
    """The SSCC for a value handed out by the database counter."""
    return build_sscc(config.extension, config.company_prefix, counter)


def sscc_block(config: SsccConfig, first: int, count: int) -> list[str]:
    """SSCCs for a block of counter values reserved at once (``first`` .. ``first+count-1``)."""
    return [sscc_for_counter(config, first + i) for i in range(count)]


def counter_of(config: SsccConfig, sscc: str) -> int | None:
    """The counter value behind ``sscc``, or None when it was not numbered under ``config``."""
    s = validate_sscc(sscc)
    cp = config.company_prefix
    if s[0] != str(config.extension) or s[1 : 1 + len(cp)] != cp:
        return None
    return int(s[1 + len(cp) : 17])
