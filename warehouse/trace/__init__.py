"""GS1 traceability building blocks: keys, element strings, Digital Link, EPC URNs, EPCIS.

Pure functions only: no database, no web, no transport. Errors are :class:`TraceError` with a
stable ``code`` (``E_CHECK_DIGIT``, ``E_UNKNOWN_AI``, ...) and a ``reason``.
"""

from warehouse.trace.codes import CodeKind, ParsedCode, parse_code
from warehouse.trace.digitallink import DigitalLink, build_digital_link, parse_digital_link
from warehouse.trace.elementstring import build_element_string, build_hri, parse_element_string
from warehouse.trace.errors import TraceError

__all__ = [
    "CodeKind",
    "DigitalLink",
    "ParsedCode",
    "TraceError",
    "build_digital_link",
    "build_element_string",
    "build_hri",
    "parse_code",
    "parse_digital_link",
    "parse_element_string",
]
