"""The handheld page: pick a task, then scan; answers come from POST /api/v1/handheld/scans."""

from __future__ import annotations

from flask import jsonify, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from app.web import web
from app.web.handheld_text import answer_text, op_labels
from app.web.screens import FLOOR, require_role

TASK_OPS = ("receive", "putaway", "pick", "pack", "load", "count", "return")
ICONS = {"receive": "↓", "putaway": "↑", "pick": "✓", "pack": "▣", "load": "→", "count": "#",
         "return": "↺"}  # fmt: skip


@web.get("/handheld")
@login_required
def handheld() -> ResponseReturnValue:
    require_role(FLOOR)
    return render_template(
        "handheld.html",
        ops=TASK_OPS,
        icons=ICONS,
        labels=op_labels(),
        text=answer_text(),
        user=current_user,
    )


@web.get("/handheld/session")
def handheld_session() -> ResponseReturnValue:
    """A fresh CSRF token for a page that stays open all shift; 401 once logged out."""
    if not current_user.is_authenticated:
        return jsonify({"authenticated": False}), 401
    return jsonify({"authenticated": True, "user": current_user.username, "csrf": generate_csrf()})
