"""The hub supervisor's page: containers and loads in progress, fill, the hub ledger."""

from __future__ import annotations

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from app.extensions import db_session
from app.web import web
from app.web.screens import LEADS, require_role
from warehouse.hub.overview import hub_codes, overview
from warehouse.hub.sites import hub_by_code

PHASES = {
    "devanning": _l("Devanning"),
    "sorting": _l("Sorting"),
    "loading": _l("Loading"),
    "sealed": _l("Sealed"),
}
CUSTOMS = {
    "transshipment": _l("Transshipment"),
    "export": _l("Export"),
    "bonded": _l("Bonded"),
}


@web.get("/hub")
@login_required
def hub_floor() -> ResponseReturnValue:
    """One hub (``?site=`` or the first by code); the others are listed to switch to."""
    require_role(LEADS)
    session = db_session()
    codes = hub_codes(session)
    site = request.args.get("site") or (codes[0] if codes else None)
    if site is not None and site not in codes:
        abort(404)
    hub = hub_by_code(session, site) if site else None
    return render_template(
        "hub.html",
        codes=codes,
        site=site,
        view=overview(session, hub) if hub else None,
        phases=PHASES,
        customs=CUSTOMS,
    )
