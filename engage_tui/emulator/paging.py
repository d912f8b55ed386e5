"""Slicing a listing into pages with signed NextTokens, and the paging faults."""

from __future__ import annotations

from typing import Any, NamedTuple

from engage_tui.emulator.errors import bad_token
from engage_tui.emulator.faults import PagingFault
from engage_tui.emulator.tokens import TokenError, TokenSigner, query_fingerprint
from engage_tui.emulator.view import View


class Call(NamedTuple):
    """One request's context: the data as of now, and how its listing should misbehave."""

    view: View
    paging: PagingFault = PagingFault.NONE


def page_window(
    signer: TokenSigner,
    operation: str,
    params: dict[str, Any],
    total: int,
    default_size: int,
    fault: PagingFault = PagingFault.NONE,
    token_key: str = "NextToken",
    size_key: str = "MaxResults",
) -> tuple[int, int, str | None]:
    """(first, stop, next token) of the page `params` asks for out of `total` items.

    A missing or 0 MaxResults means `default_size`. A token minted for another query,
    by another process, or tampered with is a ValidationException naming the token field.
    Offsets index the listing as it is when each page is asked for: rows that arrive at the
    head push rows already seen into the next page (seen twice), never out of the listing.
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
    if fault is PagingFault.EMPTY:
        return first, first, signer.mint(fingerprint, first)
    if fault is PagingFault.DUPLICATE:
        return max(0, first - size), first, signer.mint(fingerprint, first)
    stop = min(first + size, total)
    next_token = signer.mint(fingerprint, stop) if stop < total else None
    return first, stop, next_token
