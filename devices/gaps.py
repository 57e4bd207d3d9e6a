"""Gap detection on each device's message counter, as Sparkplug B does with ``seq``.

Every msg_id ends in a counter the device increments. A number skipped for longer than the
grace period (the device's outbox resends within seconds, so a short gap is normal) is
reported once as missing; if it arrives later it is counted as recovered. Numbers at or below
the highest seen that are not missing are duplicates or resends and change nothing.

A backlog is not a gap. While the gateway drains one, every message (a resend of a skipped
number too) waits in the broker's queue about as long as the ones being recorded now waited:
their lag, from the device's timestamp to the gateway's ``received_at``. So a skipped number
is overdue only after the grace period *plus* the device's current lag. Lag is measured on
one device's own clock (``ts`` against the gateway's clock), capped at :data:`MAX_LAG_S` so
that a device whose clock is far behind only delays its reports.

The tracker is fed in the order rows become visible, which is not the order of the devices'
numbers: with several gateways, one commits its batch while another's, holding lower numbers,
is still open, and the feed may never see those rows. So nothing is judged on the feed alone:
a number is reported only if the database (``recorded``, asked per device and number) does not
hold it when it is overdue, and reported numbers the database turns out to hold later count as
recovered (:meth:`GapTracker.recheck`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

MAX_TRACKED = 10_000  # per device; a larger jump is reported at once as one gap
MAX_LAG_S = 600.0
Recorded = Callable[[str, Sequence[int]], set[int]]  # which of a device's numbers are recorded


@dataclass(frozen=True)
class Gap:
    device: str
    first: int
    last: int

    @property
    def size(self) -> int:
        return self.last - self.first + 1


@dataclass
class _Device:
    high: int
    lag_s: float = 0.0  # of the device's latest recorded message
    pending: dict[int, float] = field(default_factory=dict)  # number -> when noticed
    reported: set[int] = field(default_factory=set)


@dataclass
class GapTracker:
    grace_s: float = 10.0
    recovered: int = 0
    _devices: dict[str, _Device] = field(default_factory=dict)
    _jumps: list[Gap] = field(default_factory=list)
    _changed: set[str] = field(default_factory=set)

    def seen(self, device: str, seq: int, now: float, lag_s: float = 0.0) -> None:
        """``seq`` of ``device`` was recorded; it had waited ``lag_s`` since the device sent it."""
        state = self._devices.get(device)
        if state is None:
            state = self._devices[device] = _Device(seq)
        state.lag_s = min(max(lag_s, 0.0), MAX_LAG_S)
        if seq > state.high:
            self._skip(device, state, seq, now)
            state.high = seq
        elif state.pending.pop(seq, None) is None and seq in state.reported:
            state.reported.discard(seq)
            self.recovered += 1
            self._changed.add(device)

    def _skip(self, device: str, state: _Device, seq: int, now: float) -> None:
        if seq - state.high - 1 > MAX_TRACKED:
            self._jumps.append(Gap(device, state.high + 1, seq - 1))
            return
        for number in range(state.high + 1, seq):
            state.pending[number] = now

    def overdue(self, now: float, recorded: Recorded | None = None) -> list[Gap]:
        """Gaps older than the grace period and the device's lag, each reported once; numbers
        ``recorded`` holds arrived out of the feed's sight and are no gap."""
        gaps, self._jumps = self._jumps, []
        for device, state in self._devices.items():
            wait = self.grace_s + state.lag_s
            late = sorted(n for n, at in state.pending.items() if now - at >= wait)
            arrived = recorded(device, late) if late and recorded else set()
            for number in late:
                del state.pending[number]
            late = [n for n in late if n not in arrived]
            state.reported.update(late)
            if late:
                self._changed.add(device)
            gaps.extend(ranges(device, late))
        return gaps

    def recheck(self, recorded: Recorded) -> None:
        """Count as recovered the reported numbers that ``recorded`` now holds."""
        for device, state in self._devices.items():
            if not state.reported:
                continue
            arrived = recorded(device, sorted(state.reported)) & state.reported
            if arrived:
                state.reported -= arrived
                self.recovered += len(arrived)
                self._changed.add(device)

    def changed(self) -> set[str]:
        """Devices whose count of missing numbers changed since the last call."""
        changed, self._changed = self._changed, set()
        return changed

    def missing(self, device: str) -> int:
        """Numbers of ``device`` reported missing and not arrived since."""
        state = self._devices.get(device)
        return len(state.reported) if state else 0


def ranges(device: str, numbers: Iterable[int]) -> list[Gap]:
    out: list[Gap] = []
    for n in sorted(numbers):
        if out and out[-1].last == n - 1:
            out[-1] = Gap(device, out[-1].first, n)
        else:
            out.append(Gap(device, n, n))
    return out
