"""The simulated day's HTTP client and its customs port (a queue to the customs simulator)."""

from __future__ import annotations

import json
import queue
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from simulators.customs import CustomsSimulator


class Client:
    """JSON over HTTP with a bearer token (urllib: no extra dependency)."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token

    def call(
        self, method: str, path: str, body: Any = None, content_type: str = "application/json"
    ) -> tuple[int, dict[str, Any]]:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path,
            data=None if method == "GET" else data,
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": content_type},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def post(self, path: str, body: Any) -> dict[str, Any]:
        status, answer = self.call("POST", path, body)
        if status >= 400:
            raise RuntimeError(f"POST {path}: {status} {answer}")
        return answer

    def get(self, path: str) -> dict[str, Any]:
        status, answer = self.call("GET", path)
        if status >= 400:
            raise RuntimeError(f"GET {path}: {status} {answer}")
        return answer

    def scan(
        self, op: str, code: str, location: str | None = None, task: str | None = None
    ) -> dict[str, Any]:
        return self.post(
            "/handheld/scans", {"op": op, "code": code, "location": location, "task": task}
        )

    def weigh(self, station: str, gross_g: int, tare_g: int) -> dict[str, Any]:
        return self.post(
            "/handheld/weighings", {"station": station, "gross_g": gross_g, "tare_g": tare_g}
        )


class QueueCustoms:
    """A CustomsPort: manifests go on a queue to the customs simulator's thread, which posts
    its receipts back through the API as customs would (POST /customs/receipts)."""

    def __init__(self, simulator: CustomsSimulator, client: Callable[[], Client]) -> None:
        self.simulator = simulator
        self._client = client
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def declare(self, message: str) -> None:
        self._queue.put(message)

    def _run(self) -> None:
        while (message := self._queue.get()) is not None:
            try:
                for receipt in self.simulator.handle(message):
                    self._send(receipt)
            finally:
                self._queue.task_done()

    def _send(self, receipt: str) -> None:
        status, answer = self._client().call(
            "POST", "/customs/receipts", receipt, "application/xml"
        )
        if status >= 400:
            raise RuntimeError(f"receipt refused: {status} {answer}")

    def conclude(self, cop_no: str) -> None:
        self._send(self.simulator.conclude(cop_no))

    def drain(self) -> None:
        self._queue.join()

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)
