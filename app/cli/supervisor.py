"""Start child processes, watch them, and stop them all together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass
class Supervisor:
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    children: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    one_shots: set[str] = field(default_factory=set)

    def start(
        self, name: str, args: Sequence[str], one_shot: bool = False
    ) -> subprocess.Popen[bytes]:
        """Start a child; a one-shot child (a task, not a service) may finish on its own."""
        proc = subprocess.Popen(list(args), env=self.env, start_new_session=True)
        self.children.append((name, proc))
        if one_shot:
            self.one_shots.add(name)
        return proc

    def start_silkhub(
        self, name: str, *args: str, one_shot: bool = False
    ) -> subprocess.Popen[bytes]:
        return self.start(name, [sys.executable, "-m", "app.cli", *args], one_shot)

    def first_exited(self) -> tuple[str, int] | None:
        """The first service that stopped; a one-shot task that succeeded is not one."""
        for name, proc in self.children:
            code = proc.poll()
            if code is None or (name in self.one_shots and code == 0):
                continue
            return name, code
        return None

    def wait_forever(self) -> tuple[str, int]:
        while True:
            exited = self.first_exited()
            if exited:
                return exited
            time.sleep(0.5)

    def stop_all(self, grace_s: float = 10.0) -> None:
        for _name, proc in reversed(self.children):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        for _name, proc in self.children:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def wait_until(check: Callable[[], bool], timeout_s: float, interval_s: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval_s)
    return False
