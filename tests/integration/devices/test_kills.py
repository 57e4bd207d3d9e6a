"""SIGKILL the broker and the gateway in the middle of a stream: no scan lost, none twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.devices import kill_scenario
from tests.integration.devices.conftest import OwnBroker

pytestmark = [pytest.mark.mqtt, pytest.mark.slow]
SCANS = 10_000


def test_broker_and_gateway_kills_lose_nothing_and_count_nothing_twice(
    gateway_db: str, own_broker: OwnBroker, tmp_path: Path
) -> None:
    """10,000 scans from 10 scanners with outboxes; the persistent, password-protected broker
    is SIGKILLed at 30 % and the `silkhub gateway` process at 60 %. Every scan ends up
    recorded exactly once and acked (every outbox empty)."""
    result = kill_scenario.run(gateway_db, own_broker, tmp_path, SCANS, rate=1500)
    print(result.summary())
    assert result.pending == 0, result.summary()
    assert result.recorded == result.distinct == result.scans, result.summary()
