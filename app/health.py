"""/healthz: is the database answering, is the broker answering."""

from __future__ import annotations

import time
from typing import Any

from apiflask import APIBlueprint
from flask import current_app
from sqlalchemy import text

from app.extensions import db
from config.settings import Settings
from devices.mqtturl import BrokerAddress
from devices.probe import broker_reachable

health = APIBlueprint("health", __name__, tag="Health")
_BROKER_CACHE_S = 5.0
_broker_cache: dict[str, tuple[float, dict[str, Any]]] = {}


@health.get("/healthz")
@health.doc(summary="Database and broker status", responses={503: "Something is down"})
def healthz() -> tuple[dict[str, Any], int]:
    settings: Settings = current_app.extensions["silkhub.settings"]
    database = _database_status()
    broker = _broker_status(settings.mqtt_url)
    ok = database["status"] == "ok" and broker["status"] == "ok"
    body = {"status": "ok" if ok else "down", "database": database, "broker": broker}
    return body, 200 if ok else 503


def _database_status() -> dict[str, Any]:
    backend = db.engine.dialect.name
    started = time.perf_counter()
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "down", reported, never raised
        db.session.rollback()
        return {"status": "down", "backend": backend, "error": type(exc).__name__}
    ms = round((time.perf_counter() - started) * 1000, 2)
    return {"status": "ok", "backend": backend, "ms": ms}


def _broker_status(url: str | None) -> dict[str, Any]:
    if not url:
        return {"status": "down", "error": "no broker configured (MQTT_URL) or embedded"}
    cached = _broker_cache.get(url)
    if cached and time.monotonic() - cached[0] < _BROKER_CACHE_S:
        return cached[1]
    reachable, reason = broker_reachable(url)
    status = {"status": "ok" if reachable else "down", "url": BrokerAddress.parse(url).public_url}
    if not reachable:
        status["error"] = reason
    _broker_cache[url] = (time.monotonic(), status)
    return status
