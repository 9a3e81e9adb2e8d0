"""Limits on what a request may cost: gzip bodies capped before and after inflating, and a
token bucket per device (a commune's laptops share one NAT address, so never per IP alone)."""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from sotay.protocol import MAX_BODY, MAX_INFLATED


class BodyProblem(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


async def read_capped(request: Request, limit: int = MAX_BODY) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyProblem(413, "too_large", f"request body over {limit} bytes: split the batch")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyProblem(413, "too_large", f"request body over {limit} bytes: split the batch")
        chunks.append(chunk)
    return b"".join(chunks)


def inflate(data: bytes, limit: int = MAX_INFLATED) -> bytes:
    """gunzip with a cap on the output: a gzip bomb stops at `limit`, a cut body is refused."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error:
        raise BodyProblem(400, "bad_gzip", "the gzip body could not be read") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise BodyProblem(413, "too_large", f"inflated body over {limit} bytes: split the batch")
    if not inflater.eof:
        raise BodyProblem(400, "bad_gzip", "the gzip body is cut short")
    if inflater.unused_data:
        # The laptop sends one gzip member; bytes after it are a fault, never part of the batch.
        raise BodyProblem(400, "bad_gzip", "bytes after the end of the gzip body")
    return out


class CappedRequest(Request):
    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            data = await read_capped(self)
            encoding = self.headers.get("content-encoding", "identity").strip().lower()
            if encoding == "gzip":
                data = inflate(data)
            elif encoding not in ("", "identity"):
                raise BodyProblem(415, "bad_encoding", "only gzip bodies are understood")
            elif len(data) > MAX_INFLATED:
                raise BodyProblem(413, "too_large", "request body too large: split the batch")
            self._body = data
        return self._body


class CappedRoute(APIRoute):
    """Routes whose request bodies go through CappedRequest (FastAPI's documented way to
    handle gzip request bodies: GZipMiddleware only compresses responses)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def capped(request: Request) -> Response:
            capped = CappedRequest(request.scope, request.receive)
            if request.method in ("POST", "PUT", "PATCH"):
                # Read here: FastAPI turns any failure while it reads the body into a bare 400.
                await capped.body()
            return await handler(capped)

        return capped


class Buckets:
    """Token buckets by key: `burst` at once, then `rate` per second."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self._state: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def _level(self, key: str, now: float) -> float:
        """`key`'s tokens now (under the lock): what it had, refilled since."""
        tokens, last = self._state.get(key, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - last) * self.rate)

    def _keep(self, key: str, tokens: float, now: float) -> None:
        self._state[key] = (tokens, now)
        if len(self._state) > 100_000:  # forget idle keys rather than grow forever
            self._state.clear()

    def _until_one(self, tokens: float) -> float:
        return 0.0 if tokens >= 1 else (1 - tokens) / self.rate

    def wait(self, key: str) -> float:
        """Seconds until `key` may go on (0 when it may), without using a token."""
        now = self.clock()
        with self._lock:
            return self._until_one(self._level(key, now))

    def reserve(self, key: str, longest: float) -> float | None:
        """A token for `key`, now or in the future: the seconds to wait before using it (0 when
        one is there), or None, taking nothing, when that is more than `longest` away. Waiters
        are spaced 1/rate apart however many ask at once (a generic cell rate)."""
        now = self.clock()
        with self._lock:
            tokens = self._level(key, now)
            wait = self._until_one(tokens)
            self._keep(key, tokens if wait > longest else tokens - 1, now)
            return None if wait > longest else wait

    def refund(self, key: str) -> None:
        """Give back a token taken for a try that turned out right."""
        now = self.clock()
        with self._lock:
            self._keep(key, min(float(self.burst), self._level(key, now) + 1), now)

    def take(self, key: str) -> float:
        """0 when allowed; otherwise the seconds to wait."""
        now = self.clock()
        with self._lock:
            tokens = self._level(key, now)
            allowed = tokens >= 1
            self._keep(key, tokens - 1 if allowed else tokens, now)
            return 0.0 if allowed else self._until_one(tokens)
