"""One batch of device messages: convert, record in one transaction, say what to publish.

No MQTT here: the gateway hands in (topic, payload) pairs and gets back the publications
(acks, dead letters) to send after the commit. A message off the contract becomes a dead
letter; a message a handler fails on is isolated from the rest of its batch; a database that
is down raises :class:`DatabaseDown` so that nothing is acked and the batch is retried.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import orjson
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from devices import converters, deadletter, metrics, printing, registry
from devices.codes import read_image
from devices.converters import Message, Rejected
from devices.converters.printed import PrintedMessage
from devices.converters.scan import ScanMessage
from devices.converters.state import StateMessage
from devices.converters.weight import WeightMessage
from devices.recorder import Pending, Reply, internal_error, record_scans
from devices.scales import record_weighings
from warehouse.db import given_up, utcnow
from warehouse.uow import UnitOfWork

log = logging.getLogger(__name__)
KINDS = {k.value for k in registry.Kind}
TOUCH_EVERY_S = 1.0


class DatabaseDown(RuntimeError):
    """The database cannot be reached: ack nothing, retry the batch later."""


@dataclass(frozen=True)
class Inbound:
    topic: str
    payload: bytes


@dataclass(frozen=True)
class Publication:
    topic: str
    payload: bytes
    qos: int = 1


@dataclass
class Parsed:
    scans: list[Pending] = field(default_factory=list)
    weights: list[WeightMessage] = field(default_factory=list)
    printed: list[PrintedMessage] = field(default_factory=list)
    states: list[StateMessage] = field(default_factory=list)
    seen: dict[str, tuple[str, registry.Kind]] = field(default_factory=dict)
    last_seen: dict[str, datetime] = field(default_factory=dict)
    internal: bool = False  # a handler failed on these: record them E_INTERNAL, unhandled

    def add(self, message: Message, at: datetime) -> None:
        self.last_seen[message.device] = at
        if isinstance(message, ScanMessage):
            self._see(message, registry.Kind.SCANNER)
            found = read_image(message)
            item = Pending(found) if isinstance(found, ScanMessage) else Pending(message, found)
            self.scans.append(item)
        elif isinstance(message, WeightMessage):
            self._see(message, registry.Kind.SCALE)
            self.weights.append(message)
        elif isinstance(message, PrintedMessage):
            self._see(message, registry.Kind.PRINTER)
            self.printed.append(message)
        else:
            if message.kind in KINDS:
                self._see(message, registry.Kind(str(message.kind)))
            self.states.append(message)

    def _see(self, message: Message, kind: registry.Kind) -> None:
        self.seen.setdefault(message.device, (message.site, kind))


class Pipeline:
    def __init__(self, uow: Callable[[], UnitOfWork], prefix: str, name: str) -> None:
        self.uow, self.prefix, self.name = uow, prefix, name
        self._known: set[str] = set()
        self._touched: dict[str, datetime] = {}  # last_seen as this process last wrote it

    def process(self, batch: Sequence[Inbound]) -> list[Publication]:
        """Record ``batch`` (committed on return) and list what to publish now."""
        parsed, out = Parsed(), []
        now = utcnow()
        for item in batch:
            if not item.payload and item.topic.endswith("/state"):
                continue  # a retained state being cleared
            try:
                parsed.add(converters.convert(self.prefix, item.topic, item.payload), now)
            except Rejected as exc:
                out.append(self._dead(item, exc.reason, exc.detail))
        return out + [self._ack(r) for r in self._record(parsed)]

    def _record(self, parsed: Parsed) -> list[Reply]:
        try:
            return self._commit(parsed)
        except DBAPIError as exc:
            if not unreachable(exc):
                return self._failed(parsed, exc)
            metrics.BATCH_FAILURES.labels("database").inc()
            raise DatabaseDown(str(exc)[:200]) from exc
        except Exception as exc:
            return self._failed(parsed, exc)

    def _failed(self, parsed: Parsed, exc: Exception) -> list[Reply]:
        if isinstance(exc, IntegrityError):  # another gateway recorded one of these first
            metrics.BATCH_FAILURES.labels("conflict").inc()
            try:
                return self._commit(parsed)
            except IntegrityError:
                pass
        metrics.BATCH_FAILURES.labels("handler").inc()
        log.warning("batch failed (%s); recording its messages one by one", str(exc)[:300])
        return self._isolate(parsed)

    def _commit(self, parsed: Parsed) -> list[Reply]:
        touch = self._due_for_touch(parsed.last_seen)
        with self.uow() as uow:
            replies = self._write(uow.session, parsed, touch)
            uow.commit()
        self._known.update(parsed.seen)
        self._touched.update(touch)
        self._count(parsed, replies)
        return replies

    def _due_for_touch(self, last_seen: dict[str, datetime]) -> dict[str, datetime]:
        """``last_seen`` is kept to the second: a busy device is not updated every batch."""
        return {
            device: at
            for device, at in last_seen.items()
            if (before := self._touched.get(device)) is None
            or (at - before).total_seconds() >= TOUCH_EVERY_S
        }

    def _write(self, session: Session, parsed: Parsed, touch: dict[str, datetime]) -> list[Reply]:
        unknown = {d: v for d, v in parsed.seen.items() if d not in self._known}
        if unknown:
            registry.enrol_unknown(session, unknown)
        replies = record_scans(session, parsed.scans) if parsed.scans else []
        if parsed.weights:
            replies += record_weighings(session, parsed.weights, handle=not parsed.internal)
        for result in parsed.printed:
            printing.apply_result(session, result.job_id, result.device, result.error)
        registry.apply_states(session, (_report(s) for s in parsed.states))
        registry.touch(session, touch)
        return replies

    def _isolate(self, parsed: Parsed) -> list[Reply]:
        replies: list[Reply] = []
        for single in _singles(parsed):
            try:
                replies += self._commit(single)
            except DBAPIError as exc:
                if unreachable(exc):
                    raise DatabaseDown(str(exc)[:200]) from exc
                log.exception("message failed on its own")
                replies += self._internal(single)
            except Exception:
                log.exception("message failed on its own")
                replies += self._internal(single)
        return replies

    def _internal(self, single: Parsed) -> list[Reply]:
        if single.scans:
            scans = [internal_error(single.scans[0])]
            return self._commit(Parsed(scans=scans, seen=single.seen, internal=True))
        if single.weights:
            return self._commit(Parsed(weights=single.weights, seen=single.seen, internal=True))
        return []  # logged above; a state or print result is not worth a retry loop

    def _count(self, parsed: Parsed, replies: list[Reply]) -> None:
        for kind, items in (
            ("scan", parsed.scans),
            ("weight", parsed.weights),
            ("printed", parsed.printed),
            ("state", parsed.states),
        ):
            if items:
                metrics.MESSAGES.labels(kind).inc(len(items))
        dupes = sum(1 for r in replies if r.duplicate)
        if dupes:
            metrics.DUPLICATES.inc(dupes)

    def _ack(self, reply: Reply) -> Publication:
        topic = f"{self.prefix}/{reply.site}/{reply.device}/cmd/ack"
        return Publication(topic, orjson.dumps(reply.payload))

    def _dead(self, item: Inbound, reason: str, detail: str) -> Publication:
        metrics.DEAD_LETTERS.labels(reason).inc()
        log.warning("dead letter %s on %s: %s", reason, item.topic, detail)
        letter = deadletter.DeadLetter(item.topic, item.payload, reason, detail, utcnow())
        topic, body = deadletter.encode(self.prefix, letter, self.name)
        return Publication(topic, body)


UNREACHABLE_HINTS = (
    "locked",
    "connection",
    "connect",
    "server closed",
    "terminating",
    "shutdown",
    "timeout",
    "disk i/o",
)


def unreachable(exc: DBAPIError) -> bool:
    """The database is down or busy, or gave the transaction up for another's sake (retry
    later), as opposed to a statement that fails."""
    if exc.connection_invalidated or isinstance(exc, InterfaceError) or given_up(exc):
        return True
    text = str(exc.orig).lower()
    return isinstance(exc, OperationalError) and any(h in text for h in UNREACHABLE_HINTS)


def _report(s: StateMessage) -> registry.StateReport:
    return registry.StateReport(s.device, s.site, s.state, s.kind, s.fw, s.battery, s.ts)


def _singles(parsed: Parsed) -> list[Parsed]:
    out = [Parsed(scans=[s], seen=parsed.seen) for s in parsed.scans]
    out += [Parsed(weights=[w], seen=parsed.seen) for w in parsed.weights]
    out += [Parsed(printed=[p], seen=parsed.seen) for p in parsed.printed]
    out.append(Parsed(states=parsed.states, seen=parsed.seen, last_seen=parsed.last_seen))
    return out
