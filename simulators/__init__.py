"""Silkhub simulators."""
