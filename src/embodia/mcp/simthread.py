"""The one thread that owns physics and GL: every job touching the world runs here, one at a time.

MuJoCo's data and an EGL/OSMesa context must not be used from several threads; the server's event loop stays
free to answer the protocol (and send progress) while a skill runs.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
POLL_S = 0.25  # how often a waiting call reports progress


class SimThread:
    """A single worker thread; `call` awaits a job without blocking the event loop."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embodia-sim")
        self.ident: int | None = None
        self.submit(self._remember)

    def _remember(self) -> None:
        self.ident = threading.get_ident()

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        return self._pool.submit(fn, *args)

    async def call(self, fn: Callable[..., T], *args: Any,
                   on_wait: Callable[[], Awaitable[None]] | None = None) -> T:
        """Run `fn(*args)` on the thread; while it runs, await `on_wait()` every POLL_S seconds."""
        waiter = asyncio.wrap_future(self.submit(fn, *args))
        while True:
            done, _ = await asyncio.wait({waiter}, timeout=POLL_S if on_wait else None)
            if done:
                return waiter.result()
            await on_wait()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
