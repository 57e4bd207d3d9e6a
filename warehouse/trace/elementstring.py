"""GS1 element strings: what GS1-128, GS1 DataMatrix and GS1 QR carry, and their HRI form.

Two spellings are read:

- scanner output: an optional symbology identifier (``]C1``, ``]d2``, ``]Q3``, ...), then AI
  and value pairs, with ASCII GS (``\\x1d``, the transmitted FNC1) after every variable-length
  value that is not last;
- the human-readable interpretation (HRI): ``(01)09506000134352(10)ABC``.

Parsed data is an insertion-ordered ``dict`` from AI to value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from warehouse.trace.ai import lookup, match_ai, validate_value
from warehouse.trace.errors import E_BAD_LENGTH, E_BAD_SYNTAX, E_DUPLICATE_AI, TraceError
from warehouse.trace.keys import normalise_gtin

GS = "\x1d"

#: AIM symbology identifiers that announce GS1 data, and the name Silkhub gives the carrier.
GS1_SYMBOLOGY_IDS = {
    "]C1": "gs1-128",
    "]e0": "gs1-databar",
    "]d2": "gs1-datamatrix",
    "]Q3": "gs1-qr",
    "]J1": "gs1-dotcode",
}

_SYMBOLOGY_ID = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
_HRI_AI = re.compile(r"\((\d{2,4})\)")


def split_symbology_id(text: str) -> tuple[str | None, str]:
    """Split an AIM symbology identifier (``]C1``) off scanner output, if there is one."""
    if _SYMBOLOGY_ID.match(text):
        return text[:3], text[3:]
    return None, text


def normalise_elements(data: Mapping[str, str]) -> dict[str, str]:
    """Validate every element; GTINs (AI 01, 02) of 8, 12 or 13 digits become 14 digits."""
    out: dict[str, str] = {}
    for ai, value in data.items():
        lookup(ai)
        if ai in ("01", "02") and len(value) != 14:
            value = normalise_gtin(value)
        out[ai] = validate_value(ai, value)
    return out


def _put(out: dict[str, str], ai: str, value: str) -> None:
    if ai in out and out[ai] != value:
        raise TraceError(E_DUPLICATE_AI, f"({ai}) appears twice with different values")
    out[ai] = validate_value(ai, value)


def parse_element_string(text: str) -> dict[str, str]:
    """Parse scanner output or the bracketed HRI form into AI -> value."""
    _, body = split_symbology_id(text.strip("\r\n"))
    body = body.lstrip(GS)
    if body.startswith("("):
        return parse_hri(body)
    if not body:
        raise TraceError(E_BAD_SYNTAX, "empty element string")
    out: dict[str, str] = {}
    pos = 0
    while pos < len(body):
        d = match_ai(body, pos)
        pos += len(d.ai)
        if d.fixed:
            value = body[pos : pos + d.max_len]
            if len(value) < d.max_len:
                need = f"needs {d.max_len} characters, got {len(value)}"
                raise TraceError(E_BAD_LENGTH, f"({d.ai}) {d.title} {need}")
            pos += d.max_len
        else:
            end = body.find(GS, pos)
            end = len(body) if end < 0 else end
            value = body[pos:end]
            pos = end
        _put(out, d.ai, value)
        if pos < len(body) and body[pos] == GS:
            pos += 1
    return out


def parse_hri(text: str) -> dict[str, str]:
    """Parse ``(01)09506000134352(10)ABC``.

    Every ``(NN)``..``(NNNN)`` is taken as an AI, so a value cannot itself contain a bracketed
    group of 2 to 4 digits; GS1 data seldom does and the alternative is guessing.
    """
    tokens = list(_HRI_AI.finditer(text))
    if not tokens or tokens[0].start() != 0:
        raise TraceError(E_BAD_SYNTAX, f"HRI must start with (AI): {text[:20]!r}")
    out: dict[str, str] = {}
    for i, tok in enumerate(tokens):
        end = tokens[i + 1].start() if i + 1 < len(tokens) else len(text)
        ai = lookup(tok.group(1)).ai
        value = text[tok.end() : end]
        if ai in ("01", "02") and len(value) in (8, 12, 13):
            value = normalise_gtin(value)
        _put(out, ai, value)
    return out


def build_element_string(
    data: Mapping[str, str], *, symbology_id: str | None = None, separator: str = GS
) -> str:
    """Encode AI -> value in the given order as a scanner would transmit it.

    A separator follows every element whose length is not predefined, except the last. Put
    variable-length AIs last to save separators (the caller decides the order).
    """
    elements = normalise_elements(data)
    if not elements:
        raise TraceError(E_BAD_SYNTAX, "an element string needs at least one element")
    parts: list[str] = [symbology_id or ""]
    items = list(elements.items())
    for i, (ai, value) in enumerate(items):
        parts.append(ai + value)
        if lookup(ai).needs_separator and i < len(items) - 1:
            parts.append(separator)
    return "".join(parts)


def build_hri(data: Mapping[str, str]) -> str:
    """The human-readable form ``(01)...(10)...`` printed under a GS1 barcode."""
    return "".join(f"({ai}){value}" for ai, value in normalise_elements(data).items())
