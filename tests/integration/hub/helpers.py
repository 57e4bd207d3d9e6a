"""Driving the hub through its API and the handheld scan endpoint, as the floor would."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from flask.testing import FlaskClient

from tests.integration.conftest import TokenFor, bearer
from warehouse.access.roles import Role

SITE = "QD-HUB"
API = f"/api/v1/hub/{SITE}"


@dataclass
class Floor:
    """A warehouse worker's handheld and a dispatcher's desk, talking to one app."""

    client: FlaskClient
    worker: str
    planner: str

    @classmethod
    def of(cls, client: FlaskClient, token_for: TokenFor) -> Floor:
        return cls(client, token_for(Role.WAREHOUSE), token_for(Role.DISPATCHER))

    def scan(
        self, op: str, code: str, location: str | None = None, task: str | None = None
    ) -> dict[str, Any]:
        body = {
            "op": op,
            "code": code,
            "site": SITE,
            "device": "hs-hub-01",
            "location": location,
            "task": task,
        }
        got = self.client.post("/api/v1/handheld/scans", json=body, headers=bearer(self.worker))
        assert got.status_code == 200, got.json
        answer: dict[str, Any] = got.get_json()
        return answer

    def post(self, path: str, body: dict[str, Any] | None = None, planner: bool = False) -> Any:
        token = self.planner if planner else self.worker
        return self.client.post(API + path, json=body or {}, headers=bearer(token))

    def get(self, path: str) -> Any:
        return self.client.get(API + path, headers=bearer(self.planner))

    def trace(self, code: str) -> dict[str, Any]:
        got = self.client.get(f"/api/v1/trace/{quote(code, safe='')}", headers=bearer(self.planner))
        assert got.status_code == 200, got.json
        story: dict[str, Any] = got.get_json()
        return story

    def arrive(self, container_no: str, packages: list[dict[str, Any]]) -> dict[str, Any]:
        body = {
            "container_no": container_no,
            "seal": "SL-IN-0001",
            "manifest_no": "MF-0001",
            "vessel": "COSCO TAICANG",
            "packages": packages,
        }
        got = self.post("/inbound", body)
        assert got.status_code == 201, got.json
        created: dict[str, Any] = got.get_json()
        return created

    def stage_all(self, codes: list[str]) -> None:
        for code in codes:
            told = self.scan("handover", code)
            assert told["code"] == "W_SCAN_LANE", told
            staged = self.scan("handover", code, location=told["next"]["location"])
            assert staged["result"] == "ok", staged

    def load_all(self, no: str) -> list[dict[str, Any]]:
        """Scan every box in the order the handheld shows; the answers, in order."""
        answers = []
        step = self.get(f"/loads/{no}/next").json["next"]
        while step is not None:
            answer = self.scan("load", step["box"], location=step["container_no"])
            assert answer["result"] == "ok", answer
            answers.append(answer)
            following = self.get(f"/loads/{no}/next").json["next"]
            if answer["next"]["op"] == "load":
                assert answer["next"]["box"] == following["box"]
            step = following
        return answers


def code_of(package: dict[str, Any]) -> str:
    return str(package.get("sscc") or package["waybill"])
