"""The simulated day's HTTP client and its customs port (a queue to the customs simulator)."""

from __future__ import annotations

import json
import queue
import threading
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from simulators.customs import NS, CustomsSimulator

#: Receipts customs sends in one CEB622 message at most (the API takes up to 1000).
RECEIPTS_PER_MESSAGE = 200


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

    def every(self, path: str) -> list[dict[str, Any]]:
        """Every item of a collection, page by page."""
        items: list[dict[str, Any]] = []
        cursor: str | None = ""
        sep = "&" if "?" in path else "?"
        while cursor is not None:
            answer = self.get(f"{path}{sep}limit=1000" + (f"&cursor={cursor}" if cursor else ""))
            items += answer["items"]
            cursor = answer["next"]
        return items

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

    def batch(self, path: str, field: str, keys: list[str]) -> dict[str, str]:
        """A batch endpoint's outcome per key: ``OK`` or the refusal's code."""
        if not keys:
            return {}
        answer = self.post(path, {field: keys})
        return {item["key"]: item["code"] for item in answer["items"]}


class QueueCustoms:
    """A CustomsPort: manifests go on a queue to the customs simulator's thread, which posts
    its receipts back through the API as customs would (CEB622 batches, then the released
    manifests' CEB816 tax receipts on POST /customs/receipts)."""

    def __init__(self, simulator: CustomsSimulator, client: Callable[[], Client]) -> None:
        self.simulator = simulator
        self._client = client
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.failures: list[str] = []
        self._answering = threading.Lock()  # a CEB816 never overtakes its release
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def declare(self, message: str) -> None:
        self._queue.put(message)

    def _run(self) -> None:
        """Customs answers what has queued up since it last answered in one CEB622 message."""
        while (message := self._queue.get()) is not None:
            taken, stop = [message], False
            while len(taken) < RECEIPTS_PER_MESSAGE // 2:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                taken.append(more)
            try:
                with self._answering:
                    self._send_batch([r for m in taken for r in self.simulator.handle(m)])
                    self._send_taxes()
            except Exception as exc:  # reported by drain(); the thread stays up
                self.failures.append(str(exc))
            finally:
                for _ in taken:
                    self._queue.task_done()
            if stop:
                return

    def _send_batch(self, receipts: list[str]) -> None:
        status, answer = self._client().call(
            "POST", "/customs/receipt-batches", one_message(receipts), "application/xml"
        )
        if status >= 400 or answer.get("refused"):
            raise RuntimeError(f"receipts refused: {status} {answer}")

    def _send(self, receipt: str) -> None:
        status, answer = self._client().call(
            "POST", "/customs/receipts", receipt, "application/xml"
        )
        if status >= 400:
            raise RuntimeError(f"receipt refused: {status} {answer}")

    def _send_taxes(self) -> None:
        """The CEB816 tax receipts of the manifests just released, one message each."""
        for tax in self.simulator.take_taxes():
            self._send(tax)

    def conclude(self, cop_no: str) -> None:
        with self._answering:
            self._send(self.simulator.conclude(cop_no))
            self._send_taxes()

    def drain(self) -> None:
        """Wait until customs has answered everything declared; fail on what it could not."""
        self._queue.join()
        if self.failures:
            raise RuntimeError("customs could not answer: " + "; ".join(self.failures[:3]))

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)


def one_message(receipts: list[str]) -> str:
    """Several CEB622 receipts as one message (their InventoryReturn elements, in order)."""
    root = ET.Element(f"{{{NS}}}CEB622Message", guid=f"R-{uuid.uuid4().hex}", version="1.0")
    for receipt in receipts:
        root.extend(ET.fromstring(receipt).findall(f"{{{NS}}}InventoryReturn"))
    return ET.tostring(root, encoding="unicode")
