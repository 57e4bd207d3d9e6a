"""The national ID number: GB 11643-1999 check character (ISO 7064 MOD 11-2) and birth date."""

from __future__ import annotations

from warehouse.customs.identity import check_char, name_matches, valid_id_number

KNOWN = "11010519491231002X"  # the standard's own example


def test_the_standard_example_is_valid() -> None:
    """The example of GB 11643 checks, with an X check character (upper or lower case)."""
    assert check_char(KNOWN[:17]) == "X"
    assert valid_id_number(KNOWN) and valid_id_number(KNOWN.lower())


def test_a_wrong_check_character_or_date_fails() -> None:
    """One changed digit, an impossible birth date or a wrong length is refused."""
    assert not valid_id_number("110105194912310021")
    body = "11010519491331002"
    assert not valid_id_number(body + check_char(body))
    assert not valid_id_number(KNOWN[:-1])


class Registry:
    def name_for(self, id_number: str) -> str | None:
        return {KNOWN: "张三"}.get(id_number)


def test_the_name_must_be_the_one_behind_the_number() -> None:
    """Name and ID match through the registry port; a different name does not."""
    assert name_matches(Registry(), "张三", KNOWN)
    assert not name_matches(Registry(), "李四", KNOWN)
