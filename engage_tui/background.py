"""Run a blocking data-layer call in a daemon thread and await its result.

Textual's thread workers use the event loop's default executor, which the interpreter joins at
exit: a request stalled on a dead network would keep `q` from quitting. Daemon threads awaited
from async workers can be abandoned at once (the worker is cancelled, the thread's result is
dropped), so quitting and changing the query never wait for the network.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


async def in_thread(call: Callable[..., T], *args: Any, name: str = "engage-tui-io") -> T:
    """`await in_thread(source.list_engagements, query)`: the call runs off the event loop."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def run() -> None:
        result: Any = None
        error: BaseException | None = None
        try:
            result = call(*args)
        except BaseException as exc:  # handed to the awaiting coroutine, which decides
            error = exc
        # RuntimeError: the loop is closed, the app has quit and nobody wants this result.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(_settle, future, result, error)

    threading.Thread(target=run, name=name, daemon=True).start()
    return await future
