"""A short fingerprint of a string (a pagination token, an ARN), to notice one seen twice
without keeping it: a server may hand out megabyte tokens."""

from __future__ import annotations

import hashlib


def fingerprint(text: str) -> bytes:
    """16 bytes for any string, lone surrogates from a JSON escape included."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
