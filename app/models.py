"""Every mapped module, imported so that Base.metadata (and so Alembic) sees all tables."""

from __future__ import annotations

from devices import commands, printing, records, registry
from warehouse.access import audit_chain, models
from warehouse.bonded import models as bonded_models
from warehouse.hub import ledger as hub_ledger
from warehouse.hub import models as hub_models
from warehouse.multimodal import models as multimodal_models
from warehouse.overseas import models as overseas_models
from warehouse.returns import models as returns_models
from warehouse.trace import models as trace_models

MODEL_MODULES = (audit_chain, models)
DEVICE_MODEL_MODULES = (registry, records, printing, commands)
BONDED_MODEL_MODULES = bonded_models.MODULES
TRACE_MODEL_MODULES = (trace_models,)
MULTIMODAL_MODEL_MODULES = (multimodal_models,)
HUB_MODEL_MODULES = (hub_models, hub_ledger)
RETURNS_OVERSEAS_MODEL_MODULES = (returns_models, overseas_models)
