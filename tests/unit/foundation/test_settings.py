"""Settings come from the environment with safe defaults, read when asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.settings import Environment, SettingsError, load_settings, normalise_database_url


def test_defaults_are_sqlite_under_instance_and_no_broker(tmp_path: Path) -> None:
    """With nothing set: a SQLite file in instance/, no external broker, no Redis."""
    settings = load_settings({}, instance_path=tmp_path)
    assert settings.database_url == f"sqlite:///{tmp_path / 'silkhub.db'}"
    assert settings.mqtt_url is None
    assert settings.redis_url is None
    assert settings.environment is Environment.DEVELOPMENT


def test_secret_key_is_generated_once_into_instance(tmp_path: Path) -> None:
    """The generated secret key is kept in instance/secret_key (mode 600) and reused."""
    first = load_settings({}, instance_path=tmp_path).secret_key
    second = load_settings({}, instance_path=tmp_path).secret_key
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_production_refuses_to_run_without_a_secret_key(tmp_path: Path) -> None:
    """Production never invents a key: it must be given."""
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        load_settings({"SILKHUB_ENV": "production"}, instance_path=tmp_path)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u:p@h:5433/db", "postgresql+psycopg://u:p@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////var/lib/silkhub.db", "sqlite:////var/lib/silkhub.db"),
    ],
)
def test_database_url_in_its_usual_forms(given: str, expected: str, tmp_path: Path) -> None:
    """postgresql://, postgres:// and sqlite:/// are accepted; PostgreSQL gets psycopg 3."""
    assert normalise_database_url(given, tmp_path) == expected


@pytest.mark.parametrize("bad", ["mysql://u@h/db", "no-scheme"])
def test_unusable_database_url_is_refused_with_a_reason(bad: str, tmp_path: Path) -> None:
    """A URL Silkhub cannot use stops start-up with a message naming it."""
    with pytest.raises(SettingsError, match="DATABASE_URL"):
        normalise_database_url(bad, tmp_path)


def test_mqtt_url_must_name_a_broker(tmp_path: Path) -> None:
    """MQTT_URL takes mqtt://user:pass@host:port; anything else is refused."""
    ok = load_settings({"MQTT_URL": "mqtt://dev:pw@10.0.0.5:1884"}, instance_path=tmp_path)
    assert ok.mqtt_url == "mqtt://dev:pw@10.0.0.5:1884"
    with pytest.raises(SettingsError, match="MQTT_URL"):
        load_settings({"MQTT_URL": "http://broker"}, instance_path=tmp_path)


def test_embedded_broker_url_is_picked_up_when_mqtt_url_is_unset(tmp_path: Path) -> None:
    """The demo's embedded broker announces its address in instance/; settings read it."""
    (tmp_path / "embedded-broker.url").write_text("mqtt://127.0.0.1:41883\n")
    assert load_settings({}, instance_path=tmp_path).mqtt_url == "mqtt://127.0.0.1:41883"


def test_unknown_environment_is_refused(tmp_path: Path) -> None:
    """SILKHUB_ENV is development, test or production."""
    with pytest.raises(SettingsError, match="SILKHUB_ENV"):
        load_settings({"SILKHUB_ENV": "staging"}, instance_path=tmp_path)
