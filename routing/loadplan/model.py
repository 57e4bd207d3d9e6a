"""The container load plan input contract: parsing and validation into typed records.

Lengths are held internally in whole millimetres (the contract speaks centimetres; a
dimension must be a multiple of 0.1 cm so that "exactly at its bottom height" is exact).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

CARGO_CLASSES = ("general", "cold", "dg")
MM_PER_CM = 10


class ContractError(ValueError):
    """The input breaks the contract; ``code`` and ``path`` say what and where."""

    def __init__(self, code: str, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.code, self.path, self.message = code, path, message

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "path": self.path, "message": self.message}


Dims = tuple[int, int, int]


@dataclass(frozen=True)
class ContainerType:
    type: str
    dims: Dims  # mm: length, width, height
    payload_kg: float
    count: int

    @property
    def volume(self) -> int:
        return self.dims[0] * self.dims[1] * self.dims[2]


@dataclass(frozen=True)
class Box:
    id: str
    dims: Dims  # mm, as listed: length, width, height
    weight_kg: float
    cargo: str = "general"
    rotate: bool = False
    any_side_up: bool = False
    stack: bool = True

    @property
    def volume(self) -> int:
        return self.dims[0] * self.dims[1] * self.dims[2]


@dataclass(frozen=True)
class LoadInput:
    containers: tuple[ContainerType, ...]
    boxes: tuple[Box, ...]


def parse_load_input(data: Any) -> LoadInput:
    """Validate a load-plan input document and return typed records (mm, kg)."""
    if not isinstance(data, dict):
        raise ContractError("NOT_AN_OBJECT", "$", "the document must be a JSON object")
    containers = _list(data, "containers", "$")
    if not containers:
        raise ContractError("NO_CONTAINERS", "$.containers", "at least one container type")
    types = tuple(_container(c, f"$.containers[{i}]") for i, c in enumerate(containers))
    if len({t.type for t in types}) != len(types):
        raise ContractError("DUPLICATE_TYPE", "$.containers", "container types must be unique")
    boxes = tuple(_box(b, f"$.boxes[{i}]") for i, b in enumerate(_list(data, "boxes", "$")))
    seen: set[str] = set()
    for i, box in enumerate(boxes):
        if box.id in seen:
            raise ContractError("DUPLICATE_ID", f"$.boxes[{i}].id", f"box id {box.id!r} repeats")
        seen.add(box.id)
    return LoadInput(types, boxes)


def _list(obj: dict, key: str, path: str) -> list:
    value = obj.get(key)
    if not isinstance(value, list):
        raise ContractError("MISSING_FIELD", f"{path}.{key}", "a list is required")
    return value


def _container(obj: Any, path: str) -> ContainerType:
    if not isinstance(obj, dict):
        raise ContractError("NOT_AN_OBJECT", path, "a container type must be an object")
    name = obj.get("type")
    if not isinstance(name, str) or not name:
        raise ContractError("MISSING_FIELD", f"{path}.type", "a non-empty string is required")
    payload: Any = obj.get("payload_kg", math.inf)
    if payload != math.inf and (not _number(payload) or payload <= 0):
        raise ContractError("INVALID_PAYLOAD", f"{path}.payload_kg", "a positive number")
    count = obj.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ContractError("INVALID_COUNT", f"{path}.count", "a non-negative integer")
    return ContainerType(name, _dims(obj.get("inner_cm"), f"{path}.inner_cm"), payload, count)


def _box(obj: Any, path: str) -> Box:
    if not isinstance(obj, dict):
        raise ContractError("NOT_AN_OBJECT", path, "a box must be an object")
    box_id = obj.get("id")
    if not isinstance(box_id, str) or not box_id:
        raise ContractError("MISSING_FIELD", f"{path}.id", "a non-empty string is required")
    weight: Any = obj.get("weight_kg")
    if not _number(weight) or weight < 0:
        raise ContractError("INVALID_WEIGHT", f"{path}.weight_kg", "a non-negative number")
    cargo = obj.get("cargo", "general")
    if cargo not in CARGO_CLASSES:
        raise ContractError("INVALID_CARGO", f"{path}.cargo", f"one of {CARGO_CLASSES}")
    flags = {k: obj.get(k, k == "stack") for k in ("rotate", "any_side_up", "stack")}
    for key, value in flags.items():
        if not isinstance(value, bool):
            raise ContractError("INVALID_FLAG", f"{path}.{key}", "true or false")
    dims = _dims(obj.get("dims_cm"), f"{path}.dims_cm")
    return Box(box_id, dims, float(weight), cargo, **flags)


def _dims(value: Any, path: str) -> Dims:
    if not isinstance(value, list) or len(value) != 3 or not all(_number(v) for v in value):
        raise ContractError("INVALID_DIMS", path, "three numbers [length, width, height]")
    mm = []
    for v in value:
        scaled = round(v * MM_PER_CM)
        if v <= 0 or abs(scaled - v * MM_PER_CM) > 1e-6:
            raise ContractError("INVALID_DIMS", path, "positive, in whole millimetres")
        mm.append(int(scaled))
    return mm[0], mm[1], mm[2]


def _number(value: Any) -> bool:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return ok and math.isfinite(value) if isinstance(value, float) else ok


def to_cm(mm: int) -> int | float:
    """Millimetres back to centimetres, as an int when whole."""
    return mm // MM_PER_CM if mm % MM_PER_CM == 0 else mm / MM_PER_CM
