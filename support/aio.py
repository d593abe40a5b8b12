"""Coroutines run from synchronous tests, and the verifier the async API is tested with."""

from __future__ import annotations

import asyncio
import concurrent.futures


def run_coroutine(coro):
    """asyncio.run in a thread of its own: Playwright's sync API keeps an event loop
    running in the main thread once a browser test has started."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


class AsyncVerifier:
    """The `cryptography` backend behind the async interface the browser's WebCrypto uses."""

    def __init__(self):
        from checks.verify import default_verifier

        self.inner = default_verifier()

    async def averify(self, c):
        return self.inner.verify(c)
