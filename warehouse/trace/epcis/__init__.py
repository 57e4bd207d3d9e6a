"""EPCIS 2.0 JSON-LD: event builders, documents, schema validation, records, hash chain."""

from warehouse.trace.epcis.chain import chain_hash, chain_hashes, genesis_hash, verify_chain
from warehouse.trace.epcis.document import (
    QueryPage,
    epcis_document,
    epcis_query_document,
    standalone_event,
)
from warehouse.trace.epcis.events import (
    BizTransaction,
    EventContext,
    Party,
    Quantity,
    aggregation_event,
    biz_transaction_urn,
    object_event,
    transaction_event,
)
from warehouse.trace.epcis.hashid import event_hash_id
from warehouse.trace.epcis.index import EventIdentifiers, canonical_id, event_identifiers
from warehouse.trace.epcis.records import EventRecord, parse_document, parse_event
from warehouse.trace.epcis.validate import SchemaError, is_valid_epcis, validate_epcis

__all__ = [
    "BizTransaction",
    "EventContext",
    "EventIdentifiers",
    "EventRecord",
    "Party",
    "Quantity",
    "QueryPage",
    "SchemaError",
    "aggregation_event",
    "biz_transaction_urn",
    "canonical_id",
    "chain_hash",
    "chain_hashes",
    "epcis_document",
    "epcis_query_document",
    "event_hash_id",
    "event_identifiers",
    "genesis_hash",
    "is_valid_epcis",
    "object_event",
    "parse_document",
    "parse_event",
    "standalone_event",
    "transaction_event",
    "validate_epcis",
    "verify_chain",
]
