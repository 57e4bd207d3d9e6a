"""The Silkhub web application: app factory and composition root."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apiflask import APIFlask
from flask import Response, send_from_directory

from app import (
    cli,
    extensions,
    heap,
    i18n,
    inputguard,
    logs,
    metrics,
    models,
    problems,
    security,
)
from app.config import SWAGGER_STATIC, flask_config
from app.converters import BoundedIntConverter
from config.settings import Environment, Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
__all__ = ["create_app", "models"]


def create_app(settings: Settings | None = None, **overrides: Any) -> APIFlask:
    """Build an app from ``settings`` (read from the environment when not given)."""
    settings = settings or load_settings()
    app = APIFlask(
        __name__,
        title="Silkhub API",
        version="1",
        spec_path="/api/v1/openapi.json",
        docs_path="/api/v1/docs",
        json_errors=False,
        instance_path=str(settings.instance_path),
    )
    app.url_map.converters["int"] = BoundedIntConverter
    app.config.from_mapping(flask_config(settings))
    app.config.update(overrides)
    app.extensions["silkhub.settings"] = settings
    logs.configure(settings)
    _init_extensions(app)
    _register_blueprints(app)
    cli.register(app)
    if settings.environment is not Environment.TEST:
        heap.settle()  # the suite builds hundreds of apps: frozen, their cycles would never go
    return app


def _init_extensions(app: APIFlask) -> None:
    extensions.db.init_app(app)
    extensions.migrate.init_app(
        app,
        extensions.db,
        directory=str(ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    problems.init_app(app)
    inputguard.init_app(app)
    metrics.init_app(app)
    logs.init_app(app)


def _register_blueprints(app: APIFlask) -> None:
    from app.api import api
    from app.health import health
    from app.web import web

    @app.get(SWAGGER_STATIC + "/<path:filename>")
    @app.doc(hide=True)
    def swagger_static(filename: str) -> Response:
        return send_from_directory(app.config["SWAGGER_UI_PATH"], filename)

    app.register_blueprint(health)
    app.register_blueprint(api)
    app.register_blueprint(web)
    extensions.csrf.exempt(api)
