"""Deterministic hashing and ARNs that encode a row index, so lookups need no table."""

from __future__ import annotations

import functools
import re

ACCOUNT = "123456789012"
REGION = "us-east-1"
CONTACTS_PREFIX = f"arn:aws:ssm-contacts:{REGION}:{ACCOUNT}"
INCIDENTS_PREFIX = f"arn:aws:ssm-incidents::{ACCOUNT}"

_M64 = (1 << 64) - 1
_M48 = (1 << 48) - 1
_A = 0x5DEECE66D  # odd, so multiplication is a bijection modulo 2**48
_A_INV = pow(_A, -1, 1 << 48)
_B = 0xB0A7F00D1234
_UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def mix(*values: int) -> int:
    """A 64-bit splitmix hash of the values: cheap, stable across runs and platforms."""
    x = 0x243F6A8885A308D3
    for v in values:
        x = (x ^ (v & _M64)) + 0x9E3779B97F4A7C15 & _M64
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
        x ^= x >> 31
    return x


@functools.cache
def _kind_mask(seed: int, kind: int) -> int:
    return mix(seed, kind) & _M48


def uid(seed: int, kind: int, index: int) -> str:
    """A UUID-looking id whose last group encodes `index` (negative too; see `uid_index`)."""
    p = mix(seed, kind, index)
    head = f"{p:016x}{(p ^ (p >> 29)) & 0xFFFF:04x}"
    tail = ((index * _A + _B) & _M48) ^ _kind_mask(seed, kind)
    return f"{head[:8]}-{head[8:12]}-{head[12:16]}-{head[16:20]}-{tail:012x}"


def uid_index(text: str, seed: int, kind: int) -> int | None:
    """The index encoded by the last `uid` inside `text`, or None (the caller re-checks it).

    Searching rather than splitting lets hostile ARNs carry text on either side of the id.
    """
    found = _UID.findall(text)
    if not found:
        return None
    x = int(found[-1][-12:], 16)
    n = (((x ^ _kind_mask(seed, kind)) - _B) * _A_INV) & _M48
    return n - (1 << 48) if n >= 1 << 47 else n
