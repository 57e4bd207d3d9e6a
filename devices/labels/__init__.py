"""Shipping labels: a model, ZPL II and PNG renderers, a Code 128 encoder. No transport."""

from devices.labels.model import Barcode, Label, gs1_barcode, sscc_label, waybill_label
from devices.labels.png import render_image, render_png
from devices.labels.zpl import render_zpl

__all__ = [
    "Barcode",
    "Label",
    "gs1_barcode",
    "render_image",
    "render_png",
    "render_zpl",
    "sscc_label",
    "waybill_label",
]
