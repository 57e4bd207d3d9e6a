"""The buyer's identity: the national ID checksum (GB 11643-1999) and the name check."""

from __future__ import annotations

from datetime import date
from typing import Protocol

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(body: str) -> str:
    """The 18th character for the first 17 digits: ISO 7064 MOD 11-2."""
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def birth_date(id_number: str) -> date | None:
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def valid_id_number(id_number: str) -> bool:
    """18 characters, 17 digits then the check character, a real date of birth."""
    if len(id_number) != 18 or not id_number[:17].isdigit() or not id_number.isascii():
        return False
    if id_number[:6] == "000000" or birth_date(id_number) is None:
        return False
    return id_number[17].upper() == check_char(id_number[:17])


class IdentityRegistry(Protocol):
    """Who an ID number belongs to (the public security check); None when unknown."""

    def name_for(self, id_number: str) -> str | None: ...


def name_matches(registry: IdentityRegistry, name: str, id_number: str) -> bool:
    return registry.name_for(id_number.upper()) == name.strip()
