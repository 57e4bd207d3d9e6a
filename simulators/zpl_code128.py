"""Code 128 for the printer simulator: ``^BC`` field data to bar widths.

Kept apart from devices/labels on purpose: the simulator stands for outside hardware and must
not share code with what it checks (a shared bug would pass unnoticed).
"""

from __future__ import annotations

_PATTERNS = (
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212",
    "221213", "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221",
    "223211", "221132", "221231", "213212", "223112", "312131", "311222", "321122", "321221",
    "312212", "322112", "322211", "212123", "212321", "232121", "111323", "131123", "131321",
    "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331", "132131",
    "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131",
    "311123", "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111",
    "111224", "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
    "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111", "111242",
    "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
    "113141", "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
)  # fmt: skip
_START = {">9": 103, ">:": 104, ">;": 105}
_SET_OF_START = {103: "A", 104: "B", 105: "C"}


def _char_value(c: str, code_set: str) -> int:
    o = ord(c)
    if code_set == "A":
        return o - 32 if 32 <= o <= 95 else o + 64
    return o - 32


def _invocation(code: str, code_set: str) -> tuple[int, str]:
    """Value of ``>x`` and the code set after it (ZPL ^BC invocation table)."""
    if code == "0":
        return (30, code_set)
    if code == "8":
        return (102, code_set)
    if code == "5":
        return (99, "C")
    if code == "6":
        return (100, "B")
    if code == "7":
        return (101, "A")
    raise ValueError(f"unsupported Code 128 invocation >{code}")


def values_from_field(data: str) -> tuple[list[int], str]:
    """Symbol values (with check and stop) and the text a scanner would read (FNC1 -> GS)."""
    start = _START.get(data[:2], 104)
    i = 2 if data[:2] in _START else 0
    code_set = _SET_OF_START[start]
    values, text = [start], []
    while i < len(data):
        if data[i] == ">" and i + 1 < len(data):
            v, code_set = _invocation(data[i + 1], code_set)
            values.append(v)
            text.append(">" if v == 30 else ("\x1d" if v == 102 else ""))
            i += 2
        elif code_set == "C":
            values.append(int(data[i : i + 2]))
            text.append(data[i : i + 2])
            i += 2
        else:
            values.append(_char_value(data[i], code_set))
            text.append(data[i])
            i += 1
    values.append((values[0] + sum(k * v for k, v in enumerate(values[1:], start=1))) % 103)
    values.append(106)
    return values, "".join(text)


def _run(text: str, i: int) -> int:
    return len(text[i:]) - len(text[i:].lstrip("0123456789"))


def auto_field(data: str) -> str:
    """Invocation-coded data for ``^BC`` modes A and D: digit pairs in C, the rest in B.

    ``>8`` in ``data`` stays FNC1; any other ``>`` is a literal and becomes ``>0``.
    """
    out: list[str] = []
    cur = ""

    def switch(to: str) -> None:
        nonlocal cur
        if cur != to:
            out.append({"B": ">6", "C": ">5"}[to] if cur else {"B": ">:", "C": ">;"}[to])
            cur = to

    for n, seg in enumerate(data.split(">8")):
        if n:
            if not cur:
                switch("C" if _run(seg, 0) >= 2 else "B")
            out.append(">8")
        i = 0
        while i < len(seg):
            run = _run(seg, i)
            if run >= 4 or (cur == "C" and run >= 2):
                take = run - run % 2
                switch("C")
                out.append(seg[i : i + take])
                i += take
            else:
                switch("B")
                out.append(">0" if seg[i] == ">" else seg[i])
                i += 1
    if not cur:
        switch("B")
    return "".join(out)


def widths(values: list[int]) -> list[int]:
    """Alternating bar/space widths in modules, bar first."""
    return [int(w) for v in values for w in _PATTERNS[v]]
