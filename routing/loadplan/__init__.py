"""Container load planning for the consolidation hub (contract: planning-io.md)."""
