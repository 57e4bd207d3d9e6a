"""Silkhub devices."""
