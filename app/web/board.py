"""The supervisor board (a wall screen): figures from GET /api/v1/board, refreshed live."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from app.web import web
from app.web.handheld_text import op_labels
from app.web.screens import LEADS, require_role

POLL_SECONDS = 5


def board_text() -> dict[str, object]:
    return {
        "ops": op_labels(),
        "live": _("Live"),
        "online": _("%(n)s of %(total)s online"),
        "chart": _("Scans per minute over the last %(n)s minutes: %(summary)s"),
        "refused": _("Refused"),
        "states": {"online": _("online"), "offline": _("offline"), "unknown": _("unknown")},
        "holds": {
            "customs_inspection": _("Customs inspection"),
            "inbound_inspection": _("Inbound inspection"),
            "inspection_failed": _("Inspection failed"),
            "weight": _("Weight"),
            "damaged": _("Damaged"),
            "stocktake": _("Stocktake"),
        },
        "ago_s": _("%(n)s s ago"),
        "ago_m": _("%(n)s min ago"),
        "ago_h": _("%(n)s h ago"),
        "never": _("never"),
        "stale": _("Not updated since %(time)s: retrying"),
        "ledger_ok": _("Ledger matches stock"),
        "ledger_bad": _("%(n)s differences"),
    }


@web.get("/board")
@login_required
def board() -> ResponseReturnValue:
    require_role(LEADS)
    return render_template("board.html", text=board_text(), poll_seconds=POLL_SECONDS)
