"""Hash chain over a site's events: a changed, removed, inserted or reordered event shows.

``hash_n = SHA-256(hash_{n-1} + "\\n" + canonical_json(event_n))``, starting from the site's
genesis hash. Store ``hash_n`` next to event n; :func:`verify_chain` recomputes the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any


def canonical_json(event: Mapping[str, Any]) -> bytes:
    """UTF-8 JSON with sorted keys and no spaces: one byte string per event content.

    Hash the event exactly as stored: add ``recordTime`` (or anything else) before hashing.
    NaN and infinities are refused because JSON cannot carry them.
    """
    text = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)  # fmt: skip
    return text.encode("utf-8")


def genesis_hash(site: str) -> str:
    """The hash before a site's first event; per site, so two sites' chains never splice."""
    return hashlib.sha256(f"silkhub:epcis-chain:{site}".encode()).hexdigest()


def chain_hash(prev_hash: str, event: Mapping[str, Any]) -> str:
    """The chain hash of ``event`` following ``prev_hash`` (hex SHA-256)."""
    digest = hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical_json(event))
    return digest.hexdigest()


def chain_hashes(start: str, events: Sequence[Mapping[str, Any]]) -> list[str]:
    """Chain hashes of ``events`` in order, beginning after ``start``."""
    out: list[str] = []
    prev = start
    for event in events:
        prev = chain_hash(prev, event)
        out.append(prev)
    return out


def verify_chain(
    start: str, events: Sequence[Mapping[str, Any]], hashes: Sequence[str]
) -> int | None:
    """Index of the first event whose stored hash does not match, or None if all match.

    A removed last event is caught by comparing the chain head with the one recorded
    elsewhere (a count or head hash per site): a chain cannot know it was cut short.
    """
    expected = chain_hashes(start, events)
    for i, (want, got) in enumerate(zip(expected, hashes, strict=False)):
        if want != got:
            return i
    if len(expected) != len(hashes):
        return min(len(expected), len(hashes))
    return None
