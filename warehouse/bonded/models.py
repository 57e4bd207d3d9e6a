"""Every table of the bonded warehouse flow, imported so that the metadata holds them all."""

from __future__ import annotations

from warehouse.bonded import holds, ledger, stock
from warehouse.customs import manifest, models
from warehouse.fulfilment import models as fulfilment
from warehouse.inbound import models as inbound
from warehouse.masterdata import models as masterdata
from warehouse.stocktake import models as stocktake

MODULES = (masterdata, ledger, stock, holds, inbound, models, manifest, fulfilment, stocktake)
