"""Every state change leaves an audit record; the chain holds and cannot be rewritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from tests.integration.conftest import TokenFor, bearer, make_app
from warehouse.access.audit import SYSTEM, record
from warehouse.access.audit_chain import AuditRecord, load_chain, verify_chain
from warehouse.access.roles import Role


def test_creating_a_user_is_audited_with_who_and_where(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    """The record names the acting user, the action, the object and the client address."""
    admin = bearer(token_for(Role.ADMIN))
    body = {
        "username": "chen.jie",
        "display_name": "Chen",
        "role": "customs",
        "password": "0123456789ab",
    }
    client.post("/api/v1/users", json=body, headers=admin, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    records = client.get("/api/v1/audit", headers=admin).json["items"]
    created = [r for r in records if r["action"] == "user.create"][-1]
    assert created["actor"].startswith("admin-")
    assert created["source"] == "10.1.2.3"
    assert created["details"]["username"] == "chen.jie"


def test_the_chain_verifies_and_the_cli_says_so(app: APIFlask, token_for: TokenFor) -> None:
    """`silkhub audit verify` passes on an untouched chain and fails naming an edited record."""
    for role in (Role.ADMIN, Role.CUSTOMS, Role.RETURNS):
        token_for(role)
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0 and "intact" in ok.output
    with app.app_context():
        chain = load_chain(db.session)
        assert verify_chain(chain) == []
        if db.engine.dialect.name == "postgresql":
            return
        db.session.execute(text("UPDATE audit_records SET actor = 'mallory' WHERE seq = 2"))
        db.session.commit()
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1 and "record 2" in broken.output


def test_postgresql_refuses_to_change_audit_rows(postgres_url: str, instance_path: Path) -> None:
    """On PostgreSQL a trigger makes audit rows append-only: UPDATE and DELETE fail."""
    pg_app = make_app(postgres_url, instance_path)
    with pg_app.app_context():
        upgrade(revision="heads")
        record(db.session, SYSTEM, "test.touch", "test", 1)
        db.session.commit()
        for statement in ("UPDATE audit_records SET actor = 'x'", "DELETE FROM audit_records"):
            with pytest.raises(DBAPIError, match="append-only"):
                db.session.execute(text(statement))
            db.session.rollback()
        db.session.execute(text("TRUNCATE audit_records, audit_head"))
        db.session.commit()
        db.engine.dispose()


def test_the_orm_refuses_to_edit_an_audit_record(app: APIFlask, token_for: TokenFor) -> None:
    """Changing a loaded AuditRecord and flushing raises: records are append-only."""
    token_for(Role.ADMIN)
    with app.app_context():
        entry = db.session.query(AuditRecord).first()
        assert entry is not None
        entry.actor = "mallory"
        with pytest.raises(PermissionError):
            db.session.flush()
        db.session.rollback()
