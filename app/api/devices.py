"""Devices on the floor: the registry with live state, recorded scans, tare commands."""

from __future__ import annotations

from typing import Any

from apiflask import HTTPError, Schema
from apiflask.fields import Integer, List, Nested, String
from apiflask.validators import OneOf
from sqlalchemy import select

from app.api import api
from app.api.fields import UTCTime
from app.api.pagination import PageQuery, page
from app.extensions import db_session
from app.security import actor, roles, token_auth
from devices import commands
from devices.records import ScanRecord
from devices.registry import Device, Kind, by_id
from warehouse.access.roles import Role

READERS = roles(Role.SUPERVISOR, Role.ADMIN, Role.WAREHOUSE)


class DeviceOut(Schema):
    id = String()
    kind = String()
    site = String()
    station = String(allow_none=True)
    state = String()
    last_seen = UTCTime(allow_none=True)
    state_at = UTCTime(allow_none=True)
    battery = Integer(allow_none=True)
    fw = String(allow_none=True)
    missing = Integer()


class DevicePage(Schema):
    items = List(Nested(DeviceOut))
    next = String(allow_none=True)


class DeviceQuery(PageQuery):
    site = String(load_default=None)
    kind = String(load_default=None, validate=OneOf([k.value for k in Kind]))
    state = String(load_default=None, validate=OneOf(["online", "offline", "unknown"]))


class ScanOut(Schema):
    msg_id = String()
    op = String()
    code = String()
    result = String()
    answer_code = String()
    message = String()
    symbology = String(allow_none=True)
    user = String(allow_none=True)
    location = String(allow_none=True)
    task = String(allow_none=True)
    ts = UTCTime()
    received_at = UTCTime()


class ScanPage(Schema):
    items = List(Nested(ScanOut))
    next = String(allow_none=True)


class CommandOut(Schema):
    id = Integer()
    device = String()
    command = String()
    status = String()
    created_at = UTCTime()


def render_device(d: Device) -> dict[str, Any]:
    return {
        "id": d.device_id, "kind": d.kind, "site": d.site_id, "station": d.station_id,
        "state": d.state, "last_seen": d.last_seen, "state_at": d.state_at,
        "battery": d.battery, "fw": d.fw, "missing": d.missing,
    }  # fmt: skip


def render_scan(s: ScanRecord) -> dict[str, Any]:
    return {
        "msg_id": s.msg_id, "op": s.op, "code": s.code, "result": s.result,
        "answer_code": s.answer_code, "message": s.message, "symbology": s.symbology,
        "user": s.user, "location": s.location, "task": s.task, "ts": s.ts,
        "received_at": s.received_at,
    }  # fmt: skip


def _device(device_id: str) -> Device:
    device = by_id(db_session(), device_id)
    if device is None:
        raise HTTPError(404, f"No device {device_id}.", extra_data={"code": "E_NO_DEVICE"})
    return device


@api.get("/devices")
@api.auth_required(token_auth, **READERS)
@api.input(DeviceQuery, location="query")
@api.output(DevicePage)
@api.doc(summary="Devices with their state and when they were last seen", tags=["Devices"])
def list_devices(query_data: dict[str, Any]) -> dict[str, Any]:
    query = select(Device)
    for field, column in (("site", Device.site_id), ("kind", Device.kind),
                          ("state", Device.state)):  # fmt: skip
        if query_data.get(field):
            query = query.where(column == query_data[field])
    return page(db_session(), query, Device.pk, query_data, render_device)


@api.get("/devices/<device_id>")
@api.auth_required(token_auth, **READERS)
@api.output(DeviceOut)
@api.doc(summary="One device", tags=["Devices"])
def get_device(device_id: str) -> dict[str, Any]:
    return render_device(_device(device_id))


@api.get("/devices/<device_id>/scans")
@api.auth_required(token_auth, **READERS)
@api.input(PageQuery, location="query")
@api.output(ScanPage)
@api.doc(summary="Scans recorded from a device, oldest first, with their answers",
         tags=["Devices"])  # fmt: skip
def list_scans(device_id: str, query_data: dict[str, Any]) -> dict[str, Any]:
    _device(device_id)
    query = select(ScanRecord).where(ScanRecord.device_id == device_id)
    return page(db_session(), query, ScanRecord.pk, query_data, render_scan)


@api.post("/devices/<device_id>/tare")
@api.auth_required(token_auth, **READERS)
@api.output(CommandOut, status_code=202)
@api.doc(summary="Tare a scale (sent as cmd/tare by the gateway)", tags=["Devices"],
         responses={404: "No such device", 409: "Not a scale"})  # fmt: skip
def tare(device_id: str) -> dict[str, Any]:
    command = commands.request_tare(db_session(), actor(), device_id)
    db_session().commit()
    return {"id": command.pk, "device": device_id, "command": command.name,
            "status": command.status, "created_at": command.created_at}  # fmt: skip
