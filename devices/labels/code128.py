"""A small Code 128 encoder (code sets B and C, FNC1 for GS1-128).

``encode`` turns text into Code 128 symbol values (start, data, check, stop) choosing code
set C for digit runs, so the same values drive both the PNG bars and the ZPL ``^BC`` field
(see :func:`zpl_field_data`). Characters outside printable ASCII are refused: GS1 data
(CSET 82) and waybill numbers never need code set A.
"""

from __future__ import annotations

FNC1 = "\x1d"  # in the input, ASCII GS stands for FNC1 (as scanners transmit it)
START_B, START_C, CODE_B, CODE_C, FNC1_VALUE, STOP = 104, 105, 100, 99, 102, 106

#: Bar/space widths of the 107 symbols (value 0 to 106, stop has 7 elements).
PATTERNS = (
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


def _digit_run(text: str, i: int) -> int:
    n = i
    while n < len(text) and text[n].isdigit() and text[n].isascii():
        n += 1
    return n - i


def _wants_c(text: str, i: int, at_start: bool) -> bool:
    """Code set C pays off for 4+ digits at either end, 6+ in the middle (or all digits)."""
    run = _digit_run(text, i)
    ends = at_start or i + run == len(text)
    return run >= (4 if ends else 6) or (run == len(text) - i and run >= 2 and run % 2 == 0)


def _check(text: str) -> None:
    for c in text:
        if c != FNC1 and not 32 <= ord(c) <= 126:
            raise ValueError(f"Code 128 (sets B/C) cannot encode {c!r}")


def encode(data: str, *, gs1: bool = False) -> list[int]:
    """Symbol values for ``data``; ``gs1`` puts FNC1 first (GS1-128). GS marks FNC1."""
    _check(data)
    text = data.lstrip(FNC1) if gs1 else data
    mode = "C" if _wants_c(text, 0, True) and _digit_run(text, 0) % 2 == 0 else "B"
    values = [START_C if mode == "C" else START_B]
    if gs1:
        values.append(FNC1_VALUE)
    i = 0
    while i < len(text):
        c = text[i]
        if c == FNC1:
            values.append(FNC1_VALUE)
            i += 1
        elif mode == "C" and _digit_run(text, i) >= 2:
            values.append(int(text[i : i + 2]))
            i += 2
        elif mode == "C":
            values.append(CODE_B)
            mode = "B"
        elif _wants_c(text, i, False):
            if _digit_run(text, i) % 2:
                values.append(ord(c) - 32)
                i += 1
            values.append(CODE_C)
            mode = "C"
        else:
            values.append(ord(c) - 32)
            i += 1
    values.append(checksum(values))
    values.append(STOP)
    return values


def checksum(values: list[int]) -> int:
    """Modulo-103 check: start value plus each data value times its position."""
    return (values[0] + sum(i * v for i, v in enumerate(values[1:], start=1))) % 103


def modules(values: list[int]) -> list[int]:
    """Alternating bar and space widths in modules, starting with a bar."""
    return [int(w) for v in values for w in PATTERNS[v]]


def width_in_modules(values: list[int]) -> int:
    return sum(modules(values))


def zpl_field_data(values: list[int]) -> str:
    """The ``^BC`` (mode N) field data for ``values``: invocation codes plus data.

    ``>;``/``>:`` start C/B, ``>5``/``>6`` switch to C/B, ``>8`` is FNC1, ``>0`` is ``>``.
    """
    start = {START_C: ">;", START_B: ">:"}
    special = {CODE_C: ">5", CODE_B: ">6", FNC1_VALUE: ">8"}
    out = [start[values[0]]]
    mode = "C" if values[0] == START_C else "B"
    for v in values[1:-2]:
        if v in special:
            out.append(special[v])
            mode = {CODE_C: "C", CODE_B: "B"}.get(v, mode)
        elif mode == "C":
            out.append(f"{v:02d}")
        else:
            out.append(">0" if v == 30 else chr(v + 32))
    return "".join(out)
