"""Signing of CEB messages: a replaceable part.

Real submissions carry an XML signature made with the operator's SM2 key over an SM3 digest,
usually by a hardware key through the single window's client. Here a :class:`Signer` turns
the canonical (C14N 2.0) bytes of the message into a signature value; :class:`NoSigner`
signs nothing and :class:`HmacSigner` (HMAC-SHA256, for tests and the simulators) proves the
message was not changed on the way. An SM2 signer implements the same two methods.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Protocol


class Signer(Protocol):
    algorithm: str
    key_name: str

    def sign(self, canonical: bytes) -> str: ...

    def verify(self, canonical: bytes, signature: str) -> bool: ...


class NoSigner:
    algorithm = ""
    key_name = ""

    def sign(self, canonical: bytes) -> str:
        return ""

    def verify(self, canonical: bytes, signature: str) -> bool:
        return True


class HmacSigner:
    algorithm = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"

    def __init__(self, key: bytes, key_name: str = "test") -> None:
        self._key = key
        self.key_name = key_name

    def sign(self, canonical: bytes) -> str:
        return base64.b64encode(hmac.new(self._key, canonical, hashlib.sha256).digest()).decode()

    def verify(self, canonical: bytes, signature: str) -> bool:
        return hmac.compare_digest(self.sign(canonical), signature)
