"""Login, logout, the start page and the language switch."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from app.extensions import db, db_session, limiter
from app.security import start_session
from app.web import web
from app.web.forms import LoginForm
from warehouse.access import service
from warehouse.access.audit import Actor, record
from warehouse.access.models import User


def _login_limit() -> str:
    return str(current_app.extensions["silkhub.settings"].login_rate_limit)


@web.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = service.authenticate(
            db_session(), form.username.data or "", form.password.data or ""
        )
        if user is not None:
            start_session(user)
            record(
                db_session(),
                Actor(user.username, request.remote_addr or "?"),
                "login",
                "user",
                user.id,
            )
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        error = _("Wrong username or password.")
    status = 401 if error else 200
    return render_template("login.html", form=form, error=error), status


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a login to another host."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("web.index")


@web.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    logout_user()
    session.clear()
    return redirect(url_for("web.login"))


@web.get("/")
@login_required
def index() -> ResponseReturnValue:
    return render_template("index.html", user=current_user)


@web.post("/language/<locale>")
def language(locale: str) -> ResponseReturnValue:
    """Switch the language; for a logged-in user it becomes their setting on every device."""
    if locale in ("zh_CN", "en"):
        session["locale"] = locale
        if current_user.is_authenticated:
            _save_locale(int(current_user.get_id()), locale)
    return redirect(_safe_next(request.form.get("next")))


def _save_locale(user_id: int, locale: str) -> None:
    user = db_session().get(User, user_id)
    if user is None or user.locale == locale:
        return
    user.locale = locale
    who = Actor(user.username, request.remote_addr or "?")
    record(db_session(), who, "user.locale", "user", user.id, locale=locale)
    db_session().commit()
