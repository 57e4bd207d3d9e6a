"""The scanner's outbox: kept on disk until acked, due again after a while, counter kept."""

from __future__ import annotations

import time
from pathlib import Path

from simulators.outbox import Outbox


def test_message_stays_until_acked_and_survives_a_restart(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "hs.sqlite")
    box.put("hs:000001", "wh/s/hs/evt/scan", b"{}")
    box.close()
    again = Outbox(tmp_path / "hs.sqlite")
    assert [e.msg_id for e in again.all()] == ["hs:000001"]
    assert again.ack("hs:000001") and not again.ack("hs:000001")
    assert len(again) == 0


def test_due_returns_only_old_unacked_messages_and_marks_them_resent(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "hs.sqlite")
    assert box.put("a", "t", b"1")
    time.sleep(0.05)
    assert box.put("b", "t", b"2")
    due = box.due(resend_after_s=0.03)
    assert [e.msg_id for e in due] == ["a"]
    assert box.due(resend_after_s=0.03) == []  # just resent
    time.sleep(0.04)
    assert [e.msg_id for e in box.due(resend_after_s=0.03)] == ["b"]  # "a" waits twice as long


def test_only_the_window_is_on_the_wire(tmp_path: Path) -> None:
    """Beyond the window a message waits on disk; an ack makes room and it is sent."""
    box = Outbox(tmp_path / "hs.sqlite", window=2)
    assert [box.put(m, "t", b"x") for m in ("a", "b", "c")] == [True, True, False]
    assert box.unsent() == [] and len(box) == 3
    box.ack("a")
    assert [e.msg_id for e in box.unsent()] == ["c"]
    assert [e.msg_id for e in box.all()] == ["b", "c"]


def test_counter_never_repeats_across_restarts(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "hs.sqlite")
    assert [box.next_counter() for _ in range(3)] == [1, 2, 3]
    box.close()
    assert Outbox(tmp_path / "hs.sqlite").next_counter() == 4
