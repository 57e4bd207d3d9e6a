"""A pack station end to end: print jobs through the gateway to simulated printers (which scan
their labels back), stable weights paired with the last scan, tare from the API."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient

from app.extensions import db
from devices import registry
from devices.registry import Kind, NewDevice
from devices.runner import RunOptions, start
from simulators.faults import Faults, Knobs
from simulators.link import Broker, Identity
from simulators.printer import Printer
from simulators.scale import Scale
from simulators.scanner import Scanner
from tests.integration.conftest import TokenFor, bearer
from tests.integration.devices.conftest import Listener, forget_session
from warehouse.access.audit import SYSTEM
from warehouse.access.roles import Role

pytestmark = [pytest.mark.mqtt, pytest.mark.slow]
SSCC = "006141410000000012"


@pytest.fixture
def station(app: APIFlask, mosquitto_url: str) -> Iterator[dict[str, Any]]:
    """Registry of one station, a gateway on the app's database, and its prefix."""
    prefix = "s" + uuid.uuid4().hex[:7]
    ids = {k: f"{k}-{prefix}" for k in ("hs", "sc", "pr1", "pr2")}
    with app.app_context():
        s = db.session()
        for key, kind in (("hs", Kind.SCANNER), ("sc", Kind.SCALE), ("pr1", Kind.PRINTER),
                          ("pr2", Kind.PRINTER)):  # fmt: skip
            registry.register(s, SYSTEM, NewDevice(ids[key], kind, "qd", f"PACK-{prefix}"))
        s.commit()
    running = start(RunOptions(app.config["SQLALCHEMY_DATABASE_URI"], mosquitto_url,
                               prefix=prefix, name=prefix))  # fmt: skip
    assert running.gateway.connected.wait(10)
    time.sleep(0.3)
    yield {"prefix": prefix, "ids": ids, "broker": Broker.parse(mosquitto_url),
           "station": f"PACK-{prefix}"}  # fmt: skip
    running.stop()
    forget_session(mosquitto_url, running.gateway.config.client_id)


def wait(check: Any, timeout_s: float) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    return check()


def test_failed_job_moves_to_the_other_printer_and_is_printed(
    station: dict[str, Any], client: FlaskClient, token_for: TokenFor
) -> None:
    """pr1 reports paper_out on every job; the job goes to pr2, which renders the ZPL, scans
    its QR and barcode back and reports printed. The history shows every step."""
    prefix, ids, broker = station["prefix"], station["ids"], station["broker"]
    jammed = Printer(
        broker,
        Identity(ids["pr1"], "qd", "printer", prefix),
        Faults(Knobs(printer_faults=1.0, fault_kinds=("paper_out",))),
    )
    good = Printer(broker, Identity(ids["pr2"], "qd", "printer", prefix))
    for p in (jammed, good):
        p.start()
    headers = bearer(token_for(Role.WAREHOUSE))
    try:
        assert wait(
            lambda: all(
                d["state"] == "online"
                for d in client.get("/api/v1/devices?kind=printer", headers=headers).json["items"]
            ),
            10,
        )
        body = {"station": station["station"], "format": "zpl",
                "label": {"sscc": SSCC, "lines": ["Silkhub", "to Shanghai"]}}  # fmt: skip
        job = client.post("/api/v1/print-jobs", json=body, headers=headers).json
        url = f"/api/v1/print-jobs/{job['job_id']}"
        done = wait(lambda: client.get(url, headers=headers).json["status"] == "printed", 30)
        final = client.get(url, headers=headers).json
        assert done, final
    finally:
        for p in (jammed, good):
            p.stop()
    steps = [(h["status"], h.get("printer"), h.get("error")) for h in final["history"]]
    assert steps[0][0] == "queued" and steps[-1] == ("printed", ids["pr2"], None)
    assert ("queued", ids["pr1"], "paper_out") in steps
    assert final["printer"] == ids["pr2"] and good.stats.printed == 1


def test_stable_weight_pairs_with_the_last_scan_and_tare_reaches_the_scale(
    station: dict[str, Any],
    client: FlaskClient,
    token_for: TokenFor,
    listen: Any,
    tmp_path: Path,
) -> None:
    """The scanner scans a parcel at the station, the scale settles on 1,234 g: the stable
    reading is recorded with that parcel and answered to that scanner; POST .../tare makes
    the gateway send cmd/tare to the scale."""
    prefix, ids, broker = station["prefix"], station["ids"], station["broker"]
    acks: Listener = listen(f"{prefix}/+/{ids['hs']}/cmd/ack")
    scanner = Scanner(broker, Identity(ids["hs"], "qd", "scanner", prefix), tmp_path)
    scale = Scale(broker, Identity(ids["sc"], "qd", "scale", prefix),
                  Faults(Knobs(noise_g=3, settle_readings=3)))  # fmt: skip
    for d in (scanner, scale):
        d.start()
    try:
        code = f"https://id.gs1.org/00/{SSCC}"
        scanner.scan(code, "pack")
        assert wait(lambda: scanner.pending() == 0, 10)
        mid = scale.weigh(1234, interval_s=0.02)
        weight_ack = wait(lambda: [a for a in acks.json() if a["msg_id"] == mid], 10)
        assert weight_ack and weight_ack[0]["kind"] == "weight"
        assert weight_ack[0]["gross_g"] == 1234 and weight_ack[0]["parcel"] == code
        answer = client.post(f"/api/v1/devices/{ids['sc']}/tare",
                             headers=bearer(token_for(Role.WAREHOUSE)))  # fmt: skip
        assert answer.status_code == 202
        assert scale.tared.wait(10), "cmd/tare never reached the scale"
    finally:
        scanner.stop()
        scale.stop()
