"""Import this module to register every warehouse scan and weighing handler with
:mod:`warehouse.scanning` (receive, putaway, pick, pack, gate, count, inspect, lookup, scale;
hub: unload, handover, load; returns: return), and the run handler of ``lookup`` that the
device gateway uses for a batch (:mod:`warehouse.lookups`)."""

from __future__ import annotations

from warehouse import lookups
from warehouse.bonded import lookup
from warehouse.fulfilment import scans as fulfilment_scans
from warehouse.hub import scans as hub_scans
from warehouse.inbound import scans as inbound_scans
from warehouse.returns import scans as returns_scans
from warehouse.stocktake import scans as stocktake_scans

REGISTERED = (
    lookup,
    lookups,
    fulfilment_scans,
    inbound_scans,
    stocktake_scans,
    hub_scans,
    returns_scans,
)
