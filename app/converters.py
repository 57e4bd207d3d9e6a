"""URL converters: integer ids are bounded to what the database columns hold.

Without the bound, /users/99999999999 reaches PostgreSQL as an out-of-range integer and fails
there; with it the router answers 404 like any other id that does not exist.
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

INT4_MAX = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", INT4_MAX)
        super().__init__(map, *args, **kwargs)
