"""Broker files from the registry: Mosquitto's $7$ password hashes and per-device ACLs."""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import pytest

from devices.acl import (
    BrokerUser,
    acl_file,
    hash_password,
    password_file,
    verify_password,
)
from tests.services import unavailable


def test_hash_is_mosquittos_pbkdf2_sha512_format() -> None:
    hashed = hash_password("secret123", salt=b"0123456789ab")
    _, seven, iterations, salt, digest = hashed.split("$")
    assert (seven, iterations) == ("7", "101")
    assert base64.b64decode(salt) == b"0123456789ab" and len(base64.b64decode(digest)) == 64
    assert verify_password("secret123", hashed) and not verify_password("wrong", hashed)


def test_hash_matches_what_mosquitto_passwd_writes(tmp_path: Path) -> None:
    """A hash written by mosquitto_passwd verifies with ours (same algorithm, same format)."""
    if shutil.which("mosquitto_passwd") is None:
        unavailable("mosquitto_passwd (Debian package mosquitto)")
    path = tmp_path / "pw"
    path.touch()
    subprocess.run(["mosquitto_passwd", "-b", str(path), "dev1", "s3cret!"], check=True)
    hashed = path.read_text().strip().split(":", 1)[1]
    assert verify_password("s3cret!", hashed)


def test_each_device_writes_only_its_own_evt_and_state_and_reads_its_own_cmd() -> None:
    devices = [BrokerUser("hs-0001", "qd", "$7$x"), BrokerUser("sc-01", "qd", "$7$y")]
    acl = acl_file("wh", devices, "gw")
    block = acl.split("user hs-0001\n")[1].split("\n\n")[0].splitlines()
    assert block == [
        "topic write wh/qd/hs-0001/evt/#",
        "topic write wh/qd/hs-0001/state",
        "topic read wh/qd/hs-0001/cmd/#",
    ]
    assert "topic read wh/+/+/evt/#" in acl.split("user gw\n")[1].split("\n\n")[0]


def test_gateway_reads_events_and_states_and_writes_commands_and_dead_letters() -> None:
    gateway = acl_file("wh", [], "gw").split("user gw\n")[1].splitlines()
    assert gateway == [
        "topic read wh/+/+/evt/#",
        "topic read wh/+/+/state",
        "topic write wh/+/+/cmd/#",
        "topic readwrite wh/+/gateway/dead-letter",
    ]


def test_password_file_lines() -> None:
    text = password_file([BrokerUser("b", "s", "$7$2"), BrokerUser("a", "s", "$7$1")])
    assert text == "a:$7$1\nb:$7$2\n"


@pytest.mark.parametrize("bad", ["a/b", "a+", "#", "a b", "x:y", ""])
def test_names_that_would_widen_a_topic_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        acl_file("wh", [BrokerUser(bad, "qd", "$7$x")], "gw")
