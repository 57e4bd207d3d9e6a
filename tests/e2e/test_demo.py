"""`silkhub demo` starts the whole system on embedded defaults and reports healthy."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from devices.embedded_broker import free_port

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
BANNER_END = "Stop with Ctrl-C."


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=3) as response:
        return dict(json.load(response))


class Output:
    """Collects a child's output on a thread, so the test can wait for a line while it runs."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self.lines.append(line)

    def text(self) -> str:
        return "".join(self.lines)

    def close(self) -> str:
        self._thread.join(timeout=30)
        return self.text()


def test_demo_is_healthy_within_two_minutes(tmp_path: Path) -> None:
    """From an empty instance the demo migrates, seeds, starts the embedded broker and the web,
    reports /healthz ok and prints where to look, all within 120 s."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MQTT_URL")}
    env.update(PORT=str(port), SILKHUB_INSTANCE=str(tmp_path / "instance"), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "demo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = Output(proc)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if BANNER_END in output.text():
                break
            time.sleep(0.5)
        assert BANNER_END in output.text(), output.text()[-3000:]
        body = get_json(f"http://127.0.0.1:{port}/healthz")
        assert body.get("status") == "ok", body
        assert body["broker"]["url"].startswith("mqtt://127.0.0.1:")
        assert body["broker"]["url"] != "mqtt://127.0.0.1:1883"
        spec = get_json(f"http://127.0.0.1:{port}/api/v1/openapi.json")
        assert spec["openapi"].startswith("3.")
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    text = output.close()
    assert "demo-admin" in text and f"http://127.0.0.1:{port}" in text
