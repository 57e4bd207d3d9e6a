"""The GS1 Application Identifiers Silkhub reads and writes, with their format rules.

Only the AIs of this table are accepted; anything else is refused with E_UNKNOWN_AI, because a
parser that guesses the length of an unknown AI silently misreads everything after it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from warehouse.trace.checkdigit import require_check_digit
from warehouse.trace.errors import (
    E_BAD_CHARSET,
    E_BAD_DATE,
    E_BAD_LENGTH,
    E_UNKNOWN_AI,
    TraceError,
)

#: GS1 AI encodable character set 82 (GS1 General Specifications, figure 7.11-1).
CSET82 = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)

#: First two digits of the AIs whose element length is predefined: no FNC1 separator follows
#: them even when another element comes next (GS1 General Specifications, figure 5.10.1-2).
PREDEFINED_LENGTH_PREFIXES = frozenset(
    ("00", "01", "02", "03", "04", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
     "31", "32", "33", "34", "35", "36", "41")
)  # fmt: skip

Role = Literal["primary", "qualifier", "attribute"]


@dataclass(frozen=True)
class AIDef:
    """Format of one AI: numeric (``N``) or CSET 82 (``X``), length range, extra checks."""

    ai: str
    title: str
    charset: Literal["N", "X"]
    min_len: int
    max_len: int
    check_digit: bool = False
    is_date: bool = False
    role: Role = "attribute"
    decimals: int | None = None

    @property
    def fixed(self) -> bool:
        return self.min_len == self.max_len

    @property
    def needs_separator(self) -> bool:
        """True when an FNC1 must follow this element if another element comes after it."""
        return self.ai[:2] not in PREDEFINED_LENGTH_PREFIXES


def _defs() -> dict[str, AIDef]:
    items = [
        AIDef("00", "SSCC", "N", 18, 18, check_digit=True, role="primary"),
        AIDef("01", "GTIN", "N", 14, 14, check_digit=True, role="primary"),
        AIDef("02", "CONTENT", "N", 14, 14, check_digit=True),
        AIDef("10", "BATCH/LOT", "X", 1, 20, role="qualifier"),
        AIDef("11", "PROD DATE", "N", 6, 6, is_date=True),
        AIDef("13", "PACK DATE", "N", 6, 6, is_date=True),
        AIDef("15", "BEST BEFORE", "N", 6, 6, is_date=True),
        AIDef("17", "USE BY OR EXPIRY", "N", 6, 6, is_date=True),
        AIDef("21", "SERIAL", "X", 1, 20, role="qualifier"),
        AIDef("22", "CPV", "X", 1, 20, role="qualifier"),
        AIDef("37", "COUNT", "N", 1, 8),
        AIDef("254", "GLN EXTENSION COMPONENT", "X", 1, 20, role="qualifier"),
        AIDef("400", "ORDER NUMBER", "X", 1, 30),
        AIDef("401", "GINC", "X", 1, 30, role="primary"),
        AIDef("402", "GSIN", "N", 17, 17, check_digit=True, role="primary"),
        AIDef("414", "LOC No.", "N", 13, 13, check_digit=True, role="primary"),
        AIDef("420", "SHIP TO POST", "X", 1, 20),
    ]
    for n in range(6):
        items.append(AIDef(f"310{n}", "NET WEIGHT (kg)", "N", 6, 6, decimals=n))
        items.append(AIDef(f"330{n}", "GROSS WEIGHT (kg)", "N", 6, 6, decimals=n))
    return {d.ai: d for d in items}


AI_TABLE: dict[str, AIDef] = _defs()

#: Key qualifiers allowed after each primary key, in the order GS1 Digital Link requires.
QUALIFIERS: dict[str, tuple[str, ...]] = {
    "01": ("22", "10", "21"),
    "414": ("254",),
    "00": (),
    "401": (),
    "402": (),
}


def lookup(ai: str) -> AIDef:
    """The definition of ``ai``; E_UNKNOWN_AI when Silkhub does not support it."""
    try:
        return AI_TABLE[ai]
    except KeyError:
        raise TraceError(E_UNKNOWN_AI, f"application identifier ({ai}) is not supported") from None


def match_ai(text: str, pos: int) -> AIDef:
    """The AI starting at ``text[pos]``. GS1 AIs are prefix-free, so at most one matches."""
    for size in (2, 3, 4):
        candidate = text[pos : pos + size]
        if len(candidate) == size and candidate in AI_TABLE:
            return AI_TABLE[candidate]
    raise TraceError(
        E_UNKNOWN_AI, f"no supported application identifier at {text[pos : pos + 4]!r}"
    )


def validate_value(ai: str, value: str) -> str:
    """Check ``value`` against the rules of ``ai`` and return it unchanged."""
    d = lookup(ai)
    if d.charset == "N" and not (value.isascii() and value.isdigit()):
        raise TraceError(E_BAD_CHARSET, f"({ai}) {d.title} must be digits, got {value!r}")
    if d.charset == "X" and not set(value) <= CSET82:
        bad = "".join(sorted(set(value) - CSET82))
        raise TraceError(E_BAD_CHARSET, f"({ai}) {d.title} has characters outside CSET 82: {bad!r}")
    if not d.min_len <= len(value) <= d.max_len:
        size = str(d.max_len) if d.fixed else f"{d.min_len} to {d.max_len}"
        raise TraceError(
            E_BAD_LENGTH, f"({ai}) {d.title} needs {size} characters, got {len(value)}"
        )
    if d.check_digit:
        require_check_digit(value, f"({ai}) {d.title}")
    if d.is_date:
        gs1_date(value)
    return value


def gs1_date(yymmdd: str, today: dt.date | None = None) -> dt.date:
    """The calendar date of a GS1 YYMMDD field.

    The century follows the GS1 sliding window (General Specifications 7.12): a year more than
    50 years ahead of ``today`` belongs to the previous century, one more than 49 years behind
    to the next. Day ``00`` means the last day of the month.
    """
    if len(yymmdd) != 6 or not yymmdd.isdigit():
        raise TraceError(E_BAD_DATE, f"date must be YYMMDD, got {yymmdd!r}")
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    ref = (today or dt.date.today()).year
    diff = yy - ref % 100
    century = ref // 100 - (1 if diff > 50 else 0) + (1 if diff < -49 else 0)
    year = century * 100 + yy
    if not 1 <= mm <= 12:
        raise TraceError(E_BAD_DATE, f"month {mm:02d} in {yymmdd} does not exist")
    last = calendar.monthrange(year, mm)[1]
    if dd > last:
        raise TraceError(E_BAD_DATE, f"day {dd:02d} in {yymmdd} does not exist")
    return dt.date(year, mm, dd or last)
