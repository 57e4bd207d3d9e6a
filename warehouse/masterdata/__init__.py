"""Master data of the bonded zone: enterprises, SKUs, HS code lists, sites, warehouses, bins."""
