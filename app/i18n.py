"""Simplified Chinese first, English second: by user setting, else Accept-Language."""

from __future__ import annotations

from apiflask import APIFlask
from flask import request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.extensions import babel

LOCALES = ("zh_CN", "en")
ROLE_LABELS = {
    "warehouse": _l("Warehouse staff"),
    "dispatcher": _l("Dispatcher"),
    "returns": _l("Returns centre"),
    "customs": _l("Customs officer"),
    "supervisor": _l("Supervisor"),
    "admin": _l("Administrator"),
}


def select_locale() -> str:
    chosen = session.get("locale")
    if chosen in LOCALES:
        return str(chosen)
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return str(current_user.locale)
    return request.accept_languages.best_match(["zh_CN", "zh", "en"]) or "zh_CN"


def _normalise(locale: str) -> str:
    return "zh_CN" if locale.startswith("zh") else "en"


def current_locale() -> str:
    return _normalise(select_locale())


def init_app(app: APIFlask) -> None:
    babel.init_app(app, locale_selector=current_locale)
    app.jinja_env.globals["get_locale"] = current_locale
    app.jinja_env.globals["role_label"] = lambda role: ROLE_LABELS.get(role, role)
