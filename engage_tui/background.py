"""Run a blocking data-layer call in a daemon thread and await its result; `fetch` posts it.

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
from typing import TYPE_CHECKING, Any, TypeVar

from engage_tui.aws.errors import ErrorKind, SourceError

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.message import Message
    from textual.worker import Worker

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


def fetch(
    node: DOMNode,
    call: Callable[[], T],
    *,
    done: Callable[[T], Message],
    failed: Callable[[SourceError], Message],
    description: str,
    group: str,
    exclusive: bool = True,
) -> Worker[None]:
    """Run a data-layer `call` in the background and post `done(result)` or `failed(error)`.

    `description` says what is being fetched, in words a user could read in an error. A bug
    (anything but a SourceError) still ends in `failed`, never in a silent spinner.
    """

    async def work() -> None:
        try:
            result = await in_thread(call)
        except SourceError as error:
            node.post_message(failed(error))
        except Exception as error:
            node.post_message(failed(unexpected(error, description)))
        else:
            node.post_message(done(result))

    return node.run_worker(
        work,
        name=group,
        group=group,
        description=description,
        exclusive=exclusive,
        exit_on_error=False,
    )


def unexpected(error: BaseException, description: str) -> SourceError:
    """A bug while `description`, as an error the UI shows like any other."""
    return SourceError(
        ErrorKind.SERVER,
        f"Unexpected error while {description} ({type(error).__name__}). Press r to try again.",
        retryable=True,
    )
