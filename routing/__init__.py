"""Silkhub routing."""
