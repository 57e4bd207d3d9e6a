"""The MQTT device contract (version 1), as a device sees it: topics and payloads.

Simulators are outside hardware: they know this page of the contract and paho, nothing of
Silkhub's code.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

PREFIX = "wh"


def now_ts() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def topic(prefix: str, site: str, device: str, channel: str) -> str:
    return f"{prefix}/{site}/{device}/{channel}"


def msg_id(device: str, counter: int) -> str:
    return f"{device}:{counter:06d}"


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()


def state(value: str, kind: str, fw: str = "1.0.0", battery: int | None = None) -> bytes:
    body: dict[str, Any] = {"v": 1, "state": value, "kind": kind, "fw": fw, "ts": now_ts()}
    if battery is not None:
        body["battery"] = battery
    return encode(body)


def scan(mid: str, code: str, op: str, **context: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"v": 1, "msg_id": mid, "ts": now_ts(), "code": code, "op": op}
    body.update({k: v for k, v in context.items() if v is not None})
    return body


def weight(mid: str, gross_g: int, tare_g: int, stable: bool) -> dict[str, Any]:
    return {"v": 1, "msg_id": mid, "ts": now_ts(), "gross_g": gross_g, "tare_g": tare_g,
            "stable": stable}  # fmt: skip


def printed(job_id: str, error: str | None = None) -> dict[str, Any]:
    if error is None:
        return {"v": 1, "job_id": job_id, "status": "printed", "ts": now_ts()}
    return {"v": 1, "job_id": job_id, "status": "error", "error": error, "ts": now_ts()}


def gs1_check_digit(body: str) -> str:
    """The GS1 mod-10 check digit of ``body`` (weights 3,1,3,... from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def sscc(company_prefix: str, serial: int, extension: int = 0) -> str:
    body = f"{extension}{company_prefix}{serial:0{16 - len(company_prefix)}d}"
    return body + gs1_check_digit(body)


def sscc_link(domain: str, code: str) -> str:
    return f"{domain.rstrip('/')}/00/{code}"
