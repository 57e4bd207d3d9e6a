"""Keep the process's long-lived objects out of the garbage collector's way.

A Silkhub process holds about 300,000 objects from its imports and the app itself (functions,
types, schemas, mappers). CPython's full collections walk all of them: about 150 ms on a 2-core
machine, and they come every dozen requests that allocate a lot (a container trace builds some
2,500 rows). That pause was the whole p99 of the container trace. ``gc.freeze()`` moves what is
alive after start-up into a permanent generation that collections skip; done before a pre-fork
server forks, it also keeps the workers' pages shared.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect once, then freeze what survives (call when the app is built, before serving)."""
    gc.collect()
    gc.freeze()
