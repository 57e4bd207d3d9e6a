"""Stocktake: count tasks by scan, variances, customs approval before any adjustment."""
