"""EPCISDocument (capture, exchange) and EPCISQueryDocument (query results) wrappers.

EPCIS 2.0 pages query results with HTTP headers, not a body field: the server answers with
``Link: <...?nextPageToken=...>; rel="next"`` and ``GS1-Next-Page-Token-Expires``. A
:class:`QueryPage` carries the document plus the token and gives those headers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from warehouse.trace.epcis.events import format_time
from warehouse.trace.epcis.schema import EPCIS_CONTEXT_URL

SCHEMA_VERSION = "2.0"


def context(namespaces: Mapping[str, str] | None = None) -> list[Any]:
    """``@context``: the EPCIS 2.0 context, then a map of extension prefixes if any."""
    return [EPCIS_CONTEXT_URL, dict(namespaces)] if namespaces else [EPCIS_CONTEXT_URL]


def standalone_event(
    event: Mapping[str, Any], namespaces: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """An event sent on its own (capture of one event) must carry ``@context``."""
    return {"@context": context(namespaces), **event}


def epcis_document(
    events: Sequence[Mapping[str, Any]],
    *,
    creation_date: dt.datetime,
    document_id: str | None = None,
    sender: str | None = None,
    receiver: str | None = None,
    namespaces: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """An EPCISDocument with ``events`` in the given order."""
    doc: dict[str, Any] = {"@context": context(namespaces), "type": "EPCISDocument"}
    if document_id:
        doc["id"] = document_id
    doc["schemaVersion"] = SCHEMA_VERSION
    doc["creationDate"] = format_time(creation_date)[0]
    if sender:
        doc["sender"] = sender
    if receiver:
        doc["receiver"] = receiver
    doc["epcisBody"] = {"eventList": [dict(e) for e in events]}
    return doc


def epcis_query_document(
    events: Sequence[Mapping[str, Any]],
    *,
    creation_date: dt.datetime,
    query_name: str = "SimpleEventQuery",
    subscription_id: str | None = None,
    namespaces: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """An EPCISQueryDocument holding one page of query results."""
    results: dict[str, Any] = {"queryName": query_name}
    if subscription_id:
        results["subscriptionID"] = subscription_id
    results["resultsBody"] = {"eventList": [dict(e) for e in events]}
    return {
        "@context": context(namespaces),
        "type": "EPCISQueryDocument",
        "schemaVersion": SCHEMA_VERSION,
        "creationDate": format_time(creation_date)[0],
        "epcisBody": {"queryResults": results},
    }


@dataclass(frozen=True)
class QueryPage:
    """One page of results, and the token for the next page (None on the last page)."""

    document: dict[str, Any]
    next_page_token: str | None = None
    token_expires: dt.datetime | None = None

    def headers(self, request_url: str) -> dict[str, str]:
        """The EPCIS 2.0 REST paging headers for the response to ``request_url``."""
        if self.next_page_token is None:
            return {}
        parts = urlsplit(request_url)
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "nextPageToken"]
        query.append(("nextPageToken", self.next_page_token))
        url = urlunsplit(parts._replace(query=urlencode(query)))
        out = {"Link": f'<{url}>; rel="next"'}
        if self.token_expires is not None:
            out["GS1-Next-Page-Token-Expires"] = format_time(self.token_expires)[0]
        return out
