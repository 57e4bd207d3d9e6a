"""Silkhub warehouse."""
