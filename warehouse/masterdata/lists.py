"""The positive list and the negative lists of HS codes (pure rules over the list entries)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from warehouse.errors import Invalid


@dataclass(frozen=True)
class ListEntry:
    hs_prefix: str
    list: str
    note: str = ""


def valid_hs_code(hs_code: str) -> bool:
    """A Chinese tariff code: 10 digits, chapter 01 to 97."""
    return (
        len(hs_code) == 10
        and hs_code.isascii()
        and hs_code.isdigit()
        and (1 <= int(hs_code[:2]) <= 97)
    )


def require_hs_code(hs_code: str) -> None:
    if not valid_hs_code(hs_code):
        raise Invalid(
            "E_UNKNOWN_HS_CODE",
            f"HS code {hs_code!r} is not a 10-digit tariff code of chapters 01-97.",
            hs_code=hs_code,
        )


def _matching(hs_code: str, entries: Iterable[ListEntry], name: str) -> ListEntry | None:
    return next((e for e in entries if e.list == name and hs_code.startswith(e.hs_prefix)), None)


def require_importable(hs_code: str, entries: Iterable[ListEntry]) -> None:
    """Refuse goods on the prohibited or restricted list (checked at entry and at receiving)."""
    entries = list(entries)
    for name, code in (("prohibited", "E_PROHIBITED"), ("restricted", "E_RESTRICTED")):
        hit = _matching(hs_code, entries, name)
        if hit is not None:
            raise Invalid(
                code,
                f"HS code {hs_code} is on the {name} goods list ({hit.note or hit.hs_prefix}).",
                hs_code=hs_code,
                list=name,
            )


def require_retail_allowed(hs_code: str, entries: Iterable[ListEntry]) -> None:
    """Retail import: not on a negative list, and on the positive list."""
    entries = list(entries)
    require_importable(hs_code, entries)
    if _matching(hs_code, entries, "positive") is None:
        raise Invalid(
            "E_NOT_ON_POSITIVE_LIST",
            f"HS code {hs_code} is not on the positive list of cross-border retail imports.",
            hs_code=hs_code,
        )
