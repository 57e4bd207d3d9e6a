"""Send small MQTT packets at once (TCP_NODELAY on the client's socket).

paho leaves Nagle's algorithm on. A gateway writes two small packets per scan: the ack on the
device's topic, then the PUBACK of the report. With Nagle the second waits until the broker's TCP
acknowledges the first, and Linux delays that acknowledgement by up to 40 ms: a floor of some
25 ms on every ack whatever the load. Set as paho's ``on_socket_open``.
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any


def no_delay(_client: Any, _userdata: Any, sock: Any) -> None:
    """Not a TCP socket (a Unix socket, a websocket wrapper): nothing to tune."""
    if hasattr(sock, "setsockopt"):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
