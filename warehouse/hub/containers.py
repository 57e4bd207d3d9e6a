"""Freight containers: ISO 6346 numbers (owner, category, serial, check digit) and types.

Inner dimensions and payloads are the usual figures of ISO 668 dry-freight boxes (the
planner contract's 40HC example); they describe physical boxes, not policy.
"""

from __future__ import annotations

from dataclasses import dataclass

from warehouse.errors import Invalid

E_CONTAINER_NO = "E_CONTAINER_NO"
E_CONTAINER_TYPE = "E_CONTAINER_TYPE"
CATEGORIES = "UJZ"  # freight container, detachable equipment, trailer/chassis


@dataclass(frozen=True)
class ContainerType:
    type: str
    inner_cm: tuple[int, int, int]
    payload_kg: float

    def contract(self, count: int) -> dict[str, object]:
        """The container entry of the load planner's input contract."""
        return {
            "type": self.type,
            "inner_cm": list(self.inner_cm),
            "payload_kg": self.payload_kg,
            "count": count,
        }


TYPES = {
    t.type: t
    for t in (
        ContainerType("20GP", (589, 235, 239), 28200.0),
        ContainerType("40GP", (1203, 235, 239), 26700.0),
        ContainerType("40HC", (1203, 235, 269), 26500.0),
    )
}


def container_type(name: str) -> ContainerType:
    found = TYPES.get(name)
    if found is None:
        raise Invalid(E_CONTAINER_TYPE, f"Container type {name!r} is not one of {sorted(TYPES)}.")
    return found


def _letter_value(char: str) -> int:
    """A=10 upwards, skipping multiples of 11 (ISO 6346 annex A)."""
    value = 10
    for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if value % 11 == 0:
            value += 1
        if c == char:
            return value
        value += 1
    raise ValueError(char)


def check_digit(body: str) -> int:
    """The ISO 6346 check digit of the first ten characters (owner, category, serial)."""
    values = [_letter_value(c) if c.isalpha() else int(c) for c in body]
    return sum(v << i for i, v in enumerate(values)) % 11 % 10


def validate_container_no(number: str) -> str:
    """The container number normalised (upper case, no spaces), or ``E_CONTAINER_NO``."""
    n = number.replace(" ", "").replace("-", "").upper()
    well_formed = (
        len(n) == 11 and n.isascii() and n[:3].isalpha() and n[3] in CATEGORIES and n[4:].isdigit()
    )
    if not well_formed:
        raise Invalid(
            E_CONTAINER_NO,
            f"{number!r} is not an ISO 6346 container number (3 letters, U/J/Z, 7 digits).",
            container_no=number,
        )
    expected = check_digit(n[:10])
    if int(n[10]) != expected:
        raise Invalid(
            E_CONTAINER_NO,
            f"Container number {n} has check digit {n[10]}, expected {expected}.",
            container_no=n,
        )
    return n


def container_number(owner: str, serial: int, category: str = "U") -> str:
    """The ISO 6346 number of owner code ``owner`` (3 letters) and a 6-digit serial."""
    body = f"{owner.upper()}{category}{serial:06d}"
    return body + str(check_digit(body))
