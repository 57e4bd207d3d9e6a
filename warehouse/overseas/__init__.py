"""Overseas warehouses (9810): stock abroad per seller, replenishment under one bill of lading,
local orders, returns and transfers, reorder points from demand and the planner's lead times."""
