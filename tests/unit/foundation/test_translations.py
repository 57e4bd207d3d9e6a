"""Every text the app shows in English has its Simplified Chinese translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "app" / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]


def source_messages() -> set[str]:
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT / "app"), METHODS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_in_the_code_is_translated() -> None:
    """A string marked for translation in app/ (Python or template) has a non-empty, non-fuzzy
    zh_CN entry: a screen never mixes in an untranslated English phrase."""
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    messages = source_messages()
    assert len(messages) > 100
    missing = sorted(
        m for m in messages if m not in catalogue or not catalogue[m].string or catalogue[m].fuzzy
    )
    assert not missing, missing
