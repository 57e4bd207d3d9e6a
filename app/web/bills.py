"""The printable bill of lading page, with a QR code carrying the consignment's Digital Link."""

from __future__ import annotations

import base64
import io

import qrcode
from flask import abort, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from qrcode.constants import ERROR_CORRECT_M

from app.extensions import db_session
from app.web import web
from warehouse.access.roles import Role
from warehouse.multimodal.bill_view import bill_doc
from warehouse.multimodal.bills import get_bill

READERS = frozenset({Role.DISPATCHER.value, Role.SUPERVISOR.value})
LABELS = {
    "booked": _l("Booked"), "departed": _l("Departed"), "arrived": _l("Arrived"),
    "delayed": _l("Delayed"), "rebooked": _l("Re-booked"), "issued": _l("Issued"),
    "in_transit": _l("In transit"), "delivered": _l("Delivered"), "air": _l("Air"),
    "rail": _l("Rail"), "sea": _l("Sea"), "road": _l("Road"),
}  # fmt: skip


def qr_data_uri(text: str) -> str:
    """A PNG QR code of `text` as a data: URI (prints sharply at 4 px per module)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=4, border=4)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@web.get("/bills-of-lading/<string(maxlength=32):number>")
@login_required
def bill_of_lading(number: str) -> ResponseReturnValue:
    if current_user.role not in READERS:
        abort(403)
    base = current_app.extensions["silkhub.settings"].digital_link_base
    doc = bill_doc(get_bill(db_session(), number), base)
    return render_template(
        "multimodal/bill_of_lading.html",
        bill=doc,
        qr=qr_data_uri(doc["digital_link"]),
        labels=LABELS,
    )
