"""From what a scanner sent to a code: camera images decoded, GS1 codes checked.

A camera image (``image``) is decoded with devices.imaging; no code in it is ``E_NO_CODE``.
Text is classified with warehouse.trace (Digital Link, GS1 element string with FNC1/GS, SSCC,
GTIN/EAN/UPC with check digits); a code that is clearly GS1 but broken is answered with the
trace error's code (``E_CHECK_DIGIT``, ...) and never reaches a warehouse handler.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from devices.converters.scan import ScanMessage
from devices.imaging import decode_image
from warehouse.scanning import Answer
from warehouse.trace import TraceError, parse_code

NO_CODE_MESSAGES = {
    "E_NO_CODE": "No code found in the picture. Scan again, closer and steady.",
    "E_BAD_IMAGE": "The picture could not be read. Scan again.",
}


@dataclass(frozen=True)
class Classified:
    kind: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    refusal: Answer | None = None


def read_image(scan: ScanMessage) -> ScanMessage | Answer:
    """The scan with ``code`` filled from its image, or the answer when there is no code."""
    if scan.code is not None or scan.image is None:
        return scan
    result = decode_image(scan.image)
    if not result.codes:
        error = result.error or "E_NO_CODE"
        return Answer.error(error, NO_CODE_MESSAGES.get(error, "No code found."))
    first = result.codes[0]
    return replace(scan, code=first.text, symbology=scan.symbology or first.symbology)


def classify(code: str, symbology: str | None) -> Classified:
    try:
        parsed = parse_code(code, symbology)
    except TraceError as exc:
        return Classified(refusal=Answer.error(exc.code, f"Code not valid: {exc.reason}"))
    return Classified(parsed.kind.value, dict(parsed.keys))
