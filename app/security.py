"""Who is asking: bearer tokens for the API, sessions for pages, roles on every endpoint.

An API call authenticates with ``Authorization: Bearer <token>``; a page's own scripts may
instead use the logged-in session, and then must send the CSRF token on unsafe methods.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from apiflask import APIFlask, HTTPError, HTTPTokenAuth
from flask import current_app, request, session
from flask_login import current_user, logout_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from app.extensions import db, db_session, login_manager
from app.problems import from_http_error
from warehouse.access import service
from warehouse.access.audit import Actor
from warehouse.access.models import User
from warehouse.access.roles import Role
from warehouse.db import utcnow


class _TokenOrSessionAuth(HTTPTokenAuth):
    """Flask-HTTPAuth skips the verify callback when no token is sent; a page's own script
    sends none (it has the session cookie), so the callback is asked with an empty token."""

    def authenticate(self, auth: Any, stored_password: Any) -> Any:
        token = getattr(auth, "token", None) or ""
        return self.ensure_sync(self.verify_token_callback)(token)


token_auth = _TokenOrSessionAuth(
    scheme="Bearer",
    description="A token from `silkhub token create USER` or POST /api/v1/tokens; "
    "a page's own scripts may use the session cookie (with X-CSRFToken on unsafe methods).",
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@token_auth.verify_token
def _verify_token(token: str) -> User | None:
    if token:
        session = db_session()
        user = service.user_for_token(session, token)
        if user is not None and session.dirty:  # the token's last use, kept to the minute
            session.commit()
        return user
    return _session_user()


def _session_user() -> User | None:
    if not current_user.is_authenticated:
        return None
    if request.method not in SAFE_METHODS:
        try:
            validate_csrf(request.headers.get("X-CSRFToken", ""))
        except (ValidationError, CSRFError):
            return None
    return db.session.get(User, int(current_user.get_id()))


@token_auth.get_user_roles
def _user_roles(user: User) -> list[str]:
    return [user.role]


token_auth.error_processor(from_http_error)


def roles(*allowed: Role) -> dict[str, Any]:
    """Keyword arguments for ``@bp.auth_required(token_auth, **roles(...))``."""
    return {"roles": [r.value for r in allowed]}


def api_user() -> User:
    user = token_auth.current_user
    if not isinstance(user, User):
        raise HTTPError(401)
    return user


def actor() -> Actor:
    """The person acting in this request, and the address they act from."""
    if current_user.is_authenticated and token_auth.current_user is None:
        name = current_user.username
    else:
        name = api_user().username
    return Actor(name, request.remote_addr or "unknown")


def require_object_access(user: User, owner_username: str, admin_roles: Iterable[Role]) -> None:
    """An object check: the owner, or one of ``admin_roles``; otherwise 403."""
    if user.username != owner_username and user.role not in {r.value for r in admin_roles}:
        raise HTTPError(403, "This object belongs to someone else.")


class SessionUser:
    """The Flask-Login view of a user: only the id is kept in the session cookie."""

    is_active = True
    is_anonymous = False
    is_authenticated = True

    def __init__(self, user: User) -> None:
        self.id = user.id
        self.username = user.username
        self.display_name = user.display_name
        self.role = user.role
        self.locale = user.locale

    def get_id(self) -> str:
        return str(self.id)


@login_manager.user_loader
def _load_user(user_id: str) -> SessionUser | None:
    user = db.session.get(User, int(user_id))
    return SessionUser(user) if user is not None and user.active else None


def start_session(user: User) -> None:
    """Rotate the session at login: nothing from before the login survives."""
    from flask_login import login_user

    session.clear()
    login_user(SessionUser(user))
    session.permanent = True
    session["login_at"] = utcnow().isoformat()


def _enforce_absolute_timeout() -> None:
    started = session.get("login_at")
    if not current_user.is_authenticated or not started:
        return
    limit = current_app.config["SILKHUB_SESSION_ABSOLUTE"]
    if utcnow() - datetime.fromisoformat(started) > limit:
        logout_user()
        session.clear()


def init_app(app: APIFlask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "web.login"
    login_manager.session_protection = "strong"
    app.before_request(_enforce_absolute_timeout)
