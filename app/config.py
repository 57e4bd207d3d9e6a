"""Flask configuration derived from the environment's settings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import swagger_ui_bundle

from config.settings import Environment, Settings

SWAGGER_STATIC = "/api/v1/docs/static"


def flask_config(settings: Settings) -> dict[str, Any]:
    production = settings.environment is Environment.PRODUCTION
    return {
        "SECRET_KEY": settings.secret_key,
        "SQLALCHEMY_DATABASE_URI": settings.database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(settings),
        "TESTING": settings.environment is Environment.TEST,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": timedelta(minutes=settings.session_idle_minutes),
        "SESSION_REFRESH_EACH_REQUEST": True,
        "SILKHUB_SESSION_ABSOLUTE": timedelta(hours=settings.session_absolute_hours),
        "RATELIMIT_STORAGE_URI": settings.redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "BABEL_DEFAULT_LOCALE": "zh_CN",
        "BABEL_TRANSLATION_DIRECTORIES": "translations",
        "JSON_SORT_KEYS": False,
        "INFO": {"description": "Silkhub: bonded warehouses, hub, routing and devices."},
        "SWAGGER_UI_CSS": f"{SWAGGER_STATIC}/swagger-ui.css",
        "SWAGGER_UI_BUNDLE_JS": f"{SWAGGER_STATIC}/swagger-ui-bundle.js",
        "SWAGGER_UI_STANDALONE_PRESET_JS": f"{SWAGGER_STATIC}/swagger-ui-standalone-preset.js",
        "SWAGGER_UI_PATH": swagger_ui_bundle.swagger_ui_path,
    }


def _engine_options(settings: Settings) -> dict[str, Any]:
    if settings.is_sqlite:
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    return {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}
