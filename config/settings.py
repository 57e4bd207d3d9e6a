"""Settings read from the environment when an app or process is created, never at import.

Every setting has a safe default so that `make demo` runs with nothing configured:
a SQLite file under ``instance/``, the embedded MQTT broker, no Redis, and a secret key
generated into ``instance/secret_key`` on first use.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EMBEDDED_BROKER_FILE = "embedded-broker.url"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class SettingsError(ValueError):
    """A setting in the environment has a value Silkhub cannot use."""


@dataclass(frozen=True)
class Policy:
    """Policy figures kept in configuration, not in code (domain.md)."""

    single_limit_cny: float = 5000.0
    annual_limit_cny: float = 26000.0
    retail_tax_factor: float = 0.7
    amount_tolerance: float = 0.05
    return_apply_days: int = 30
    return_arrival_days: int = 45
    return_refund_days: int = 15  # project choice: domain.md gives no figure for the refund
    export_reimport_months: int = 6
    weight_tolerance: float = 0.05
    weight_tolerance_min_g: int = 20


@dataclass(frozen=True)
class Settings:
    environment: Environment
    instance_path: Path
    database_url: str
    mqtt_url: str | None
    redis_url: str | None
    secret_key: str
    mqtt_prefix: str = "wh"
    gs1_company_prefix: str = "0614141"
    digital_link_base: str = "https://id.silkhub.example"
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    login_rate_limit: str = "10 per minute"
    log_json: bool = True
    policy: Policy = field(default_factory=Policy)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def load_settings(
    environ: Mapping[str, str] | None = None, instance_path: Path | None = None
) -> Settings:
    """Build the settings from ``environ`` (the process environment by default)."""
    env = dict(os.environ if environ is None else environ)
    environment = _environment(env.get("SILKHUB_ENV", "development"))
    instance = Path(env.get("SILKHUB_INSTANCE", instance_path or PROJECT_ROOT / "instance"))
    instance.mkdir(parents=True, exist_ok=True)
    return Settings(
        environment=environment,
        instance_path=instance,
        database_url=normalise_database_url(env.get("DATABASE_URL"), instance),
        mqtt_url=_mqtt_url(env.get("MQTT_URL"), instance),
        redis_url=env.get("REDIS_URL") or None,
        secret_key=env.get("SECRET_KEY") or _secret_key(instance, environment),
        mqtt_prefix=env.get("MQTT_PREFIX", "wh"),
        gs1_company_prefix=env.get("GS1_COMPANY_PREFIX", "0614141"),
        digital_link_base=env.get("DIGITAL_LINK_BASE", "https://id.silkhub.example").rstrip("/"),
        log_json=env.get("LOG_FORMAT", "json") == "json",
    )


def _environment(value: str) -> Environment:
    try:
        return Environment(value)
    except ValueError as exc:
        allowed = ", ".join(e.value for e in Environment)
        raise SettingsError(f"SILKHUB_ENV={value!r} is not one of {allowed}") from exc


def normalise_database_url(url: str | None, instance: Path) -> str:
    """Accept the usual forms and pick the installed driver (psycopg 3 for PostgreSQL)."""
    if not url:
        return f"sqlite:///{instance / 'silkhub.db'}"
    scheme, _, rest = url.partition("://")
    if not rest:
        raise SettingsError(f"DATABASE_URL {url!r} has no scheme://")
    if scheme in ("postgres", "postgresql", "postgresql+psycopg2"):
        return f"postgresql+psycopg://{rest}"
    if scheme.startswith(("postgresql", "sqlite")):
        return url
    raise SettingsError(f"DATABASE_URL scheme {scheme!r}: use postgresql:// or sqlite:///")


def _mqtt_url(url: str | None, instance: Path) -> str | None:
    """The configured broker, else the embedded one the demo started (if any)."""
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("mqtt", "mqtts", "tcp") or not parts.hostname:
            raise SettingsError(f"MQTT_URL {url!r}: use mqtt://user:pass@host:port")
        return url
    marker = instance / EMBEDDED_BROKER_FILE
    return marker.read_text().strip() if marker.exists() else None


def _secret_key(instance: Path, environment: Environment) -> str:
    """Generate the key once into instance/ (mode 600) so sessions survive restarts."""
    if environment is Environment.PRODUCTION:
        raise SettingsError("SECRET_KEY must be set in production")
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
