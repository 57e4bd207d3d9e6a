"""Use cases of access: users, logins and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from warehouse.access import passwords
from warehouse.access.audit import Actor, record
from warehouse.access.models import ApiToken, User
from warehouse.access.roles import Role
from warehouse.db import utcnow
from warehouse.errors import Conflict, Invalid, NotFound

TOKEN_PREFIX = "shk_"
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewUser:
    username: str
    display_name: str
    role: Role
    password: str
    locale: str = "zh_CN"
    site: str | None = None


def create_user(session: Session, actor: Actor, new: NewUser) -> User:
    if len(new.password) < passwords.MIN_LENGTH:
        raise Invalid(
            "E_WEAK_PASSWORD",
            f"A password needs at least {passwords.MIN_LENGTH} characters.",
            field="password",
        )
    if session.scalar(select(User.id).where(User.username == new.username)) is not None:
        raise Conflict("E_USER_EXISTS", f"User {new.username!r} exists already.")
    user = User(
        username=new.username,
        display_name=new.display_name,
        role=new.role.value,
        password_hash=passwords.hash_password(new.password),
        locale=new.locale,
        site=new.site,
    )
    session.add(user)
    session.flush()
    record(session, actor, "user.create", "user", user.id, username=user.username, role=user.role)
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, else None; equal time either way."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        passwords.burn_verification_time()
        return None
    if not passwords.verify_password(user.password_hash, password):
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def create_token(session: Session, actor: Actor, username: str, name: str = "cli") -> str:
    """A new bearer token for ``username``; the plain token is returned once, never stored."""
    user = get_user(session, username)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=token_digest(token), name=name))
    record(session, actor, "token.create", "user", user.id, name=name)
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The token's user, in one query. ``last_used_at`` is kept to the minute
    (TOKEN_USE_RESOLUTION): writing it on every call would make each read a write."""
    row = session.scalar(
        select(ApiToken)
        .options(joinedload(ApiToken.user))
        .where(ApiToken.token_hash == token_digest(token), ~ApiToken.revoked)
    )
    if row is None or not row.user.active:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= TOKEN_USE_RESOLUTION:
        row.last_used_at = now
    return row.user


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound("E_NO_USER", f"No user {username!r}.")
    return user


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
