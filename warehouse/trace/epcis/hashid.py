"""Deterministic event IDs: ``ni:///sha-256;<hex>?ver=silkhub1``.

The hash covers the event's content in a canonical form: eventTime in UTC with milliseconds,
CBV terms in short form, identifier lists sorted, keys sorted; ``eventID``, ``recordTime``
and ``@context`` are left out. Two captures of the same observation therefore get the same ID
(a duplicate is recognised), and any change to what, when, where or why gives another.

This is not byte-compatible with the GS1 reference "EPCIS Event Hash ID" algorithm (CBV 2.0
section 8.9), which first expands JSON-LD and converts EPC URNs to Digital Links; the
``ver`` parameter says which algorithm made an ID. See docs/traceability.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

HASH_ID_VERSION = "silkhub1"
_LISTS_TO_SORT = ("epcList", "childEPCs", "inputEPCList", "outputEPCList")
_LEFT_OUT = ("eventID", "recordTime", "@context")


def _utc_millis(stamp: str) -> str:
    moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _canonical_keyed(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))


def hash_input(event: Mapping[str, Any]) -> dict[str, Any]:
    """The normalised event that :func:`event_hash_id` hashes."""
    out = {k: v for k, v in event.items() if k not in _LEFT_OUT}
    if "eventTime" in out:
        out["eventTime"] = _utc_millis(str(out["eventTime"]))
    for key in _LISTS_TO_SORT:
        if key in out:
            out[key] = sorted(out[key])
    for key in ("bizTransactionList", "sourceList", "destinationList", "quantityList",
                "childQuantityList"):  # fmt: skip
        if key in out:
            out[key] = _canonical_keyed(list(out[key]))
    return out


def event_hash_id(event: Mapping[str, Any]) -> str:
    """The deterministic ``ni:`` event ID of ``event`` (its ``eventID`` is ignored)."""
    data = json.dumps(hash_input(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()
    return f"ni:///sha-256;{digest}?ver={HASH_ID_VERSION}"
