"""Opaque pagination tokens: an offset bound to one query, HMAC-signed with a per-process secret.

Each token also carries a serial number, so two tokens for the same position differ, as real
services' encrypted tokens do; a client that sees the same token twice was sent it twice.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import os
import struct

_MAC_BYTES = 16
_FP_BYTES = 8
_LAYOUT = struct.Struct(">Q8sI")


class TokenError(ValueError):
    """The token was not minted by this process for this query (forged, truncated or reused)."""


def query_fingerprint(operation: str, params: dict[str, object]) -> bytes:
    """A short digest of everything that defines a listing except the paging fields."""
    core = {k: v for k, v in params.items() if k.lower() not in ("nexttoken", "maxresults")}
    blob = json.dumps([operation, core], sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).digest()[:_FP_BYTES]


class TokenSigner:
    """Mints and checks tokens; a new signer (a new process) invalidates every old token."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or os.urandom(32)
        self._serial = itertools.count(1)

    def _mac(self, body: bytes) -> bytes:
        return hmac.new(self._secret, body, hashlib.sha256).digest()[:_MAC_BYTES]

    def mint(self, fingerprint: bytes, offset: int) -> str:
        body = _LAYOUT.pack(offset, fingerprint, next(self._serial) & 0xFFFFFFFF)
        return base64.b64encode(body + self._mac(body)).decode("ascii")

    def open(self, token: str, fingerprint: bytes) -> int:
        """The offset inside `token`, or TokenError if it is not ours or not for this query."""
        try:
            raw = base64.b64decode(token.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError) as exc:
            raise TokenError("not a token") from exc
        if len(raw) != _LAYOUT.size + _MAC_BYTES:
            raise TokenError("wrong length")
        body, mac = raw[: _LAYOUT.size], raw[_LAYOUT.size :]
        if not hmac.compare_digest(mac, self._mac(body)):
            raise TokenError("bad signature")
        offset, token_fp, _ = _LAYOUT.unpack(body)
        if not hmac.compare_digest(token_fp, fingerprint):
            raise TokenError("token belongs to another query")
        return int(offset)
