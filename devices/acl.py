"""Mosquitto's password and ACL files, written from the device registry.

Each device may write only its own ``evt/`` and ``state`` topics and read only its own
``cmd/`` topics; the gateway user reads every ``evt/`` and ``state`` topic and writes
``cmd/`` and the dead-letter topics. Passwords are stored in the registry in Mosquitto's own
format (``$7$``: PBKDF2-SHA512, 101 iterations, 12-byte salt), so the password file needs no
plain passwords and no ``mosquitto_passwd`` binary.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

ITERATIONS = 101
SALT_BYTES = 12


@dataclass(frozen=True)
class BrokerUser:
    username: str
    site: str
    secret_hash: str


def hash_password(password: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, iterations, 64)
    b64 = base64.b64encode
    return f"$7${iterations}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, hashed: str) -> bool:
    try:
        _, seven, iterations, salt, _digest = hashed.split("$")
        expected = hash_password(password, base64.b64decode(salt), int(iterations))
    except ValueError:
        return False
    return seven == "7" and hmac.compare_digest(expected, hashed)


def new_password() -> str:
    return secrets.token_urlsafe(18)


def _check_name(name: str) -> str:
    if not name or any(c in name for c in "/+#: \t\n$"):
        raise ValueError(f"{name!r} cannot be a broker username or topic level")
    return name


def password_file(users: Iterable[BrokerUser]) -> str:
    lines = [f"{_check_name(u.username)}:{u.secret_hash}" for u in users]
    return "\n".join(sorted(lines)) + "\n"


def device_rules(prefix: str, user: BrokerUser) -> list[str]:
    base = f"{prefix}/{_check_name(user.site)}/{_check_name(user.username)}"
    return [
        f"user {user.username}",
        f"topic write {base}/evt/#",
        f"topic write {base}/state",
        f"topic read {base}/cmd/#",
    ]


def gateway_rules(prefix: str, gateway_user: str) -> list[str]:
    return [
        f"user {_check_name(gateway_user)}",
        f"topic read {prefix}/+/+/evt/#",
        f"topic read {prefix}/+/+/state",
        f"topic write {prefix}/+/+/cmd/#",
        f"topic readwrite {prefix}/+/gateway/dead-letter",
    ]


def acl_file(prefix: str, devices: Iterable[BrokerUser], gateway_user: str) -> str:
    """The ACL: the gateway's rules, then one block per device. Anything unlisted is denied."""
    blocks = [gateway_rules(prefix, gateway_user)]
    blocks += [device_rules(prefix, d) for d in sorted(devices, key=lambda d: d.username)]
    header = ["# Written by `silkhub devices broker-config` from the device registry."]
    return "\n\n".join("\n".join(b) for b in [header, *blocks]) + "\n"


def mosquitto_conf(port: int, directory: str, persistence_dir: str,
                   max_queued: int = 100_000, run_as: str | None = None) -> str:  # fmt: skip
    """A production-minded listener: no anonymous access, persistence, deep queues.

    ``run_as``: the user a broker started as root switches to (it must read these files).
    """
    return "\n".join([
        *([f"user {run_as}"] if run_as else []),
        f"listener {port}",
        "allow_anonymous false",
        f"password_file {directory}/passwd",
        f"acl_file {directory}/acl",
        "persistence true",
        f"persistence_location {persistence_dir}/",
        "autosave_interval 1",
        "autosave_on_changes false",
        f"max_queued_messages {max_queued}",
        "max_inflight_messages 1000",
        "persistent_client_expiration 7d",
        "set_tcp_nodelay true",
        "",
    ])  # fmt: skip
