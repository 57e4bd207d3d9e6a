"""Fulfilment of released orders: allocation, waves of pick tasks, packing at a scale, gate."""
