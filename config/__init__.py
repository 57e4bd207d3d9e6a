"""Settings and reference data of Silkhub."""
