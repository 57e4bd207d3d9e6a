"""A device's outbox on disk (SQLite): written before publishing, cleared by the ack.

Every message stays until the gateway acks its msg_id. Only the oldest ``window`` messages
are on the wire at a time (flow control: a device that is far ahead of a slow gateway keeps
the rest on disk instead of flooding it); one of them without an ack is sent again with the
same msg_id after ``resend_after_s``, then twice that, ... up to a cap, and at every
reconnect. The message counter lives here too, so msg_ids never repeat across restarts.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, msg_id TEXT NOT NULL UNIQUE, topic TEXT NOT NULL,
    payload BLOB NOT NULL, sent_at REAL NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER);
INSERT OR IGNORE INTO counter VALUES (1, 0);
"""
COLUMNS = "msg_id, topic, payload, sent_at, attempts"


@dataclass(frozen=True)
class Entry:
    msg_id: str
    topic: str
    payload: bytes
    sent_at: float
    attempts: int


class Outbox:
    def __init__(self, path: Path, window: int = 200) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.window = window
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()
        self._pending = int(self._db.execute("SELECT count(*) FROM outbox").fetchone()[0])

    def next_counter(self) -> int:
        with self._lock:
            row = self._db.execute(
                "UPDATE counter SET value = value + 1 WHERE id = 1 RETURNING value"
            ).fetchone()
        return int(row[0])

    def put(self, msg_id: str, topic: str, payload: bytes) -> bool:
        """Keep the message (before it is published). True when it is inside the window,
        so it may be published now (and is marked sent)."""
        with self._lock:
            inside = self._pending < self.window
            sent_at, attempts = (time.time(), 1) if inside else (0.0, 0)
            added = self._db.execute(
                "INSERT OR IGNORE INTO outbox (msg_id, topic, payload, sent_at, attempts) "
                "VALUES (?,?,?,?,?)",
                (msg_id, topic, payload, sent_at, attempts),
            ).rowcount
            self._pending += added
        return inside and added > 0

    def ack(self, msg_id: str) -> bool:
        """Forget the message; False when it was not (or no longer) in the outbox."""
        with self._lock:
            gone = self._db.execute("DELETE FROM outbox WHERE msg_id = ?", (msg_id,)).rowcount
            self._pending -= gone
        return gone > 0

    def due(self, resend_after_s: float, cap_s: float = 30.0) -> list[Entry]:
        """Messages of the window to send now: never sent yet, or unacked since their last
        send for ``resend_after_s`` doubled per attempt (capped); marked as sent."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {COLUMNS} FROM (SELECT * FROM outbox ORDER BY seq LIMIT ?) "
                "WHERE attempts = 0 OR sent_at + min(?, ? * (1 << min(attempts - 1, 16))) < ?",
                (self.window, cap_s, resend_after_s, time.time()),
            ).fetchall()
            self._touch([r[0] for r in rows])
        return [Entry(*r) for r in rows]

    def unsent(self) -> list[Entry]:
        """Messages of the window never sent yet (room was made by acks); marked as sent."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {COLUMNS} FROM (SELECT * FROM outbox ORDER BY seq LIMIT ?) "
                "WHERE attempts = 0",
                (self.window,),
            ).fetchall()
            self._touch([r[0] for r in rows])
        return [Entry(*r) for r in rows]

    def all(self) -> list[Entry]:
        """The whole window, to send again after a reconnect; marked as sent."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {COLUMNS} FROM outbox ORDER BY seq LIMIT ?", (self.window,)
            ).fetchall()
            self._touch([r[0] for r in rows])
        return [Entry(*r) for r in rows]

    def _touch(self, ids: list[str]) -> None:
        now = time.time()
        self._db.executemany(
            "UPDATE outbox SET sent_at = ?, attempts = attempts + 1 WHERE msg_id = ?",
            [(now, i) for i in ids],
        )

    def __len__(self) -> int:
        with self._lock:
            return self._pending

    def close(self) -> None:
        with self._lock:
            self._db.close()
