"""A small TCP proxy on 127.0.0.1 for the sync benchmarks: counts the bytes that cross it in
each direction and, when asked, behaves like a slow link (a bandwidth cap each way and a round
trip time). Standard library only; runs its own asyncio loop on a thread.

The link is modelled per direction and shared by every connection through the proxy, like one
modem: a chunk waits until the link is free, takes `len * 8 / bits_per_second` to send, then
arrives half a round trip later. A new connection first pays one round trip (the TCP
handshake the loopback connect skipped).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from dataclasses import dataclass

CHUNK = 1460  # about one TCP segment: the link is paced per segment, not per whole body


@dataclass(slots=True)
class Link:
    """One direction of the link."""

    bits_per_second: float | None = None  # None: as fast as loopback
    one_way: float = 0.0  # seconds
    busy_until: float = 0.0  # monotonic time the link has sent everything queued so far
    bytes: int = 0

    def arrival(self, size: int) -> float:
        """When a chunk of `size` bytes handed over now arrives at the other end."""
        self.bytes += size
        now = time.monotonic()
        if self.bits_per_second is None:
            return now + self.one_way
        start = max(now, self.busy_until)
        self.busy_until = start + size * 8 / self.bits_per_second
        return self.busy_until + self.one_way


class Proxy:
    """`Proxy(upstream_port).start()`; point the client at `proxy.url`."""

    def __init__(
        self,
        upstream_port: int,
        *,
        bits_per_second: float | None = None,
        rtt: float = 0.0,
    ) -> None:
        self.upstream_port = upstream_port
        self.rtt = rtt
        self.up = Link(bits_per_second, rtt / 2)  # client -> server
        self.down = Link(bits_per_second, rtt / 2)  # server -> client
        self.port = 0
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, name="proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def sent(self) -> int:
        return self.up.bytes

    @property
    def received(self) -> int:
        return self.down.bytes

    def reset(self) -> None:
        self.up.bytes = self.down.bytes = 0
        self.connections = 0

    def start(self) -> Proxy:
        self._thread.start()
        ready = asyncio.run_coroutine_threadsafe(self._listen(), self._loop)
        self.port = ready.result(10)
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            me = asyncio.current_task()
            tasks = [t for t in asyncio.all_tasks() if t is not me]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        if not self._thread.is_alive():
            self._loop.close()

    async def _listen(self) -> int:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self._server.sockets[0].getsockname()[1]

    async def _serve(self, c_reader: asyncio.StreamReader, c_writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        if self.rtt:
            await asyncio.sleep(self.rtt)  # SYN, SYN-ACK over the slow link
        try:
            s_reader, s_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            c_writer.close()
            return
        await asyncio.gather(
            self._pump(c_reader, s_writer, self.up),
            self._pump(s_reader, c_writer, self.down),
            return_exceptions=True,
        )

    async def _pump(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, link: Link
    ) -> None:
        """Copy one direction; with a slow link, deliver each chunk at its arrival time (in
        order: arrival times only grow along one link)."""
        queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()

        async def deliver() -> None:
            while (item := await queue.get()) is not None:
                at, data = item
                delay = at - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                writer.write(data)
                await writer.drain()
            writer.close()

        slow = link.bits_per_second is not None or link.one_way > 0
        sender = asyncio.create_task(deliver()) if slow else None
        try:
            while data := await reader.read(CHUNK if slow else 65536):
                at = link.arrival(len(data))
                if sender is None:
                    writer.write(data)
                    await writer.drain()
                else:
                    await queue.put((at, data))
        except (ConnectionError, OSError):
            pass
        finally:
            if sender is None:
                with contextlib.suppress(Exception):
                    writer.close()
            else:
                await queue.put(None)
                with contextlib.suppress(Exception):
                    await sender
