"""Inbound: entry declarations, receiving by scan, inbound inspection, putaway."""
