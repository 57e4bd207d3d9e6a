"""Gap detection on the per-device message counter (as Sparkplug B's seq)."""

from __future__ import annotations

from devices.gaps import MAX_LAG_S, Gap, GapTracker


def test_a_skipped_number_is_reported_once_after_the_grace_period() -> None:
    tracker = GapTracker(grace_s=5)
    for n in (1, 2, 5, 6):
        tracker.seen("hs-1", n, now=0)
    assert tracker.overdue(now=4) == []
    assert tracker.overdue(now=6) == [Gap("hs-1", 3, 4)]
    assert tracker.overdue(now=60) == []
    assert tracker.missing("hs-1") == 2


def test_late_arrival_within_grace_is_no_gap() -> None:
    """Out-of-order delivery and outbox resends fill a gap before it is reported."""
    tracker = GapTracker(grace_s=5)
    for n in (1, 3, 2):
        tracker.seen("hs-1", n, now=0)
    assert tracker.overdue(now=10) == []


def test_late_arrival_after_report_counts_as_recovered() -> None:
    tracker = GapTracker(grace_s=1)
    for n in (1, 3):
        tracker.seen("hs-1", n, now=0)
    tracker.overdue(now=2)
    tracker.seen("hs-1", 2, now=3)
    assert tracker.recovered == 1 and tracker.missing("hs-1") == 0
    assert tracker.changed() == {"hs-1"}


def test_duplicates_change_nothing_and_devices_are_apart() -> None:
    tracker = GapTracker(grace_s=0)
    for device, n in (("a", 1), ("a", 2), ("a", 2), ("b", 10), ("b", 11), ("a", 1)):
        tracker.seen(device, n, now=0)
    assert tracker.overdue(now=1) == [] and tracker.recovered == 0


def test_huge_jump_is_one_gap_reported_at_once() -> None:
    tracker = GapTracker(grace_s=100)
    tracker.seen("a", 1, now=0)
    tracker.seen("a", 1_000_000, now=0)
    assert tracker.overdue(now=0) == [Gap("a", 2, 999_999)]


def test_a_backlog_being_drained_is_no_gap() -> None:
    """While the gateway works through a backlog (messages recorded 30 s after the device sent
    them), a skipped number is not reported after the grace period alone: its resend waits in
    the same queue. It is reported once grace and lag have both passed without it."""
    tracker = GapTracker(grace_s=10)
    tracker.seen("hs-1", 1, now=0, lag_s=30)
    tracker.seen("hs-1", 3, now=0, lag_s=30)
    assert tracker.overdue(now=15) == [] and tracker.missing("hs-1") == 0
    tracker.seen("hs-1", 2, now=25, lag_s=28)
    assert tracker.overdue(now=60) == [] and tracker.recovered == 0


def test_a_gap_is_still_reported_after_grace_and_lag() -> None:
    tracker = GapTracker(grace_s=10)
    for n in (1, 3):
        tracker.seen("hs-1", n, now=0, lag_s=30)
    assert tracker.overdue(now=39) == []
    assert tracker.overdue(now=40) == [Gap("hs-1", 2, 2)]


def test_a_caught_up_device_is_judged_on_the_grace_period_again() -> None:
    """The lag that counts is the device's latest one: once the backlog is drained, a new gap
    is reported after the grace period, and a clock far behind only delays reports."""
    tracker = GapTracker(grace_s=10)
    tracker.seen("hs-1", 1, now=0, lag_s=30)
    tracker.seen("hs-1", 2, now=1, lag_s=0.2)
    tracker.seen("hs-1", 4, now=1, lag_s=0.2)
    assert tracker.overdue(now=12) == [Gap("hs-1", 3, 3)]
    tracker.seen("hs-2", 1, now=0, lag_s=10**9)
    tracker.seen("hs-2", 3, now=0, lag_s=10**9)
    assert tracker.overdue(now=10 + MAX_LAG_S) == [Gap("hs-2", 2, 2)]


def test_numbers_the_database_holds_are_no_gap_whatever_the_feed_saw() -> None:
    """A number the feed never showed (committed by another gateway out of the feed's sight)
    is not reported when the database holds it; the others still are."""
    tracker = GapTracker(grace_s=5)
    for n in (1, 6):
        tracker.seen("hs-1", n, now=0)
    held = {"hs-1": {2, 3, 5}}
    assert tracker.overdue(now=6, recorded=lambda d, ns: held[d] & set(ns)) == [Gap("hs-1", 4, 4)]
    assert tracker.missing("hs-1") == 1 and tracker.overdue(now=60) == []


def test_a_reported_number_found_in_the_database_later_counts_as_recovered() -> None:
    """Rechecking the reported numbers against the database recovers those that were
    committed late, once each, even if the feed never shows them."""
    tracker = GapTracker(grace_s=1)
    for n in (1, 5):
        tracker.seen("hs-1", n, now=0)
    assert tracker.overdue(now=2, recorded=lambda d, ns: set()) == [Gap("hs-1", 2, 4)]
    tracker.changed()
    tracker.recheck(lambda d, ns: {3, 4} & set(ns))
    tracker.recheck(lambda d, ns: {3, 4} & set(ns))
    assert tracker.recovered == 2 and tracker.missing("hs-1") == 1
    assert tracker.changed() == {"hs-1"}
