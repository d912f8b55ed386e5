"""Slicing a listing into pages with signed NextTokens."""

from __future__ import annotations

from typing import Any

from engage_tui.emulator.errors import bad_token
from engage_tui.emulator.tokens import TokenError, TokenSigner, query_fingerprint


def page_window(
    signer: TokenSigner,
    operation: str,
    params: dict[str, Any],
    total: int,
    default_size: int,
    token_key: str = "NextToken",
    size_key: str = "MaxResults",
) -> tuple[int, int, str | None]:
    """(first, stop, next token) of the page `params` asks for out of `total` items.

    A missing or 0 MaxResults means `default_size`. A token minted for another query,
    by another process, or tampered with is a ValidationException naming the token field.
    """
    fingerprint = query_fingerprint(operation, params)
    first = 0
    token = params.get(token_key)
    if token:
        try:
            first = signer.open(token, fingerprint)
        except TokenError:
            raise bad_token(token_key) from None
        if first > total:
            raise bad_token(token_key)
    size = params.get(size_key) or default_size
    stop = min(first + size, total)
    next_token = signer.mint(fingerprint, stop) if stop < total else None
    return first, stop, next_token
