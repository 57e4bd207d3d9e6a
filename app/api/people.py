"""People: who am I, users (admin), API tokens."""

from __future__ import annotations

from typing import Any

from apiflask import HTTPError, Schema
from apiflask.fields import Boolean, Integer, List, Nested, String
from apiflask.validators import Length, OneOf
from sqlalchemy import select

from app.api import api
from app.api.fields import UTCTime
from app.api.pagination import PageQuery, page
from app.extensions import db, db_session, limiter
from app.security import actor, api_user, require_object_access, roles, token_auth
from warehouse.access import service
from warehouse.access.audit import Actor
from warehouse.access.models import User
from warehouse.access.roles import Role


class UserOut(Schema):
    id = Integer()
    username = String()
    display_name = String()
    role = String()
    locale = String()
    site = String(allow_none=True)
    active = Boolean()
    created_at = UTCTime()


class UserPage(Schema):
    items = List(Nested(UserOut))
    next = String(allow_none=True)


class UserIn(Schema):
    username = String(required=True, validate=Length(min=2, max=64))
    display_name = String(required=True, validate=Length(min=1, max=128))
    role = String(required=True, validate=OneOf([r.value for r in Role]))
    password = String(required=True, load_only=True, validate=Length(min=10, max=256))
    locale = String(load_default="zh_CN", validate=OneOf(["zh_CN", "en"]))
    site = String(load_default=None, allow_none=True, validate=Length(max=32))


class LoginIn(Schema):
    username = String(required=True, validate=Length(min=1, max=64))
    password = String(required=True, load_only=True, validate=Length(min=1, max=256))
    name = String(load_default="api", validate=Length(max=64))


class TokenOut(Schema):
    token = String()
    username = String()
    role = String()


def render_user(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "locale": user.locale,
        "site": user.site,
        "active": user.active,
        "created_at": user.created_at,
    }


@api.get("/me")
@api.auth_required(token_auth)
@api.output(UserOut)
@api.doc(summary="The user behind this token", tags=["People"])
def me() -> dict[str, Any]:
    return render_user(api_user())


@api.get("/users")
@api.auth_required(token_auth, **roles(Role.ADMIN, Role.SUPERVISOR))
@api.input(PageQuery, location="query")
@api.output(UserPage)
@api.doc(summary="List users", tags=["People"])
def list_users(query_data: dict[str, Any]) -> dict[str, Any]:
    return page(db_session(), select(User), User.id, query_data, render_user)


@api.get("/users/<int:user_id>")
@api.auth_required(token_auth)
@api.output(UserOut)
@api.doc(summary="One user: yourself, or anyone for admins and supervisors", tags=["People"])
def get_user(user_id: int) -> dict[str, Any]:
    user = db.session.get(User, user_id)
    if user is None:
        raise HTTPError(404, f"No user {user_id}.", extra_data={"code": "E_NO_USER"})
    require_object_access(api_user(), user.username, (Role.ADMIN, Role.SUPERVISOR))
    return render_user(user)


@api.post("/users")
@api.auth_required(token_auth, **roles(Role.ADMIN))
@api.input(UserIn, arg_name="new")
@api.output(UserOut, status_code=201)
@api.doc(summary="Create a user", tags=["People"], responses={409: "Username taken"})
def create_user(new: dict[str, Any]) -> dict[str, Any]:
    user = service.create_user(
        db_session(), actor(), service.NewUser(**{**new, "role": Role(new["role"])})
    )
    db.session.commit()
    return render_user(user)


@api.post("/tokens")
@limiter.limit(lambda: _login_limit())
@api.input(LoginIn, arg_name="login")
@api.output(TokenOut, status_code=201)
@api.doc(summary="Log in with a password and get a bearer token", tags=["People"])
def create_token(login: dict[str, Any]) -> dict[str, Any]:
    user = service.authenticate(db_session(), login["username"], login["password"])
    if user is None:
        raise HTTPError(401, "Wrong username or password.", extra_data={"code": "E_BAD_LOGIN"})
    from flask import request

    who = Actor(user.username, request.remote_addr or "unknown")
    token = service.create_token(db_session(), who, user.username, login["name"])
    db.session.commit()
    return {"token": token, "username": user.username, "role": user.role}


def _login_limit() -> str:
    from flask import current_app

    return str(current_app.extensions["silkhub.settings"].login_rate_limit)
