"""A TCP proxy that breaks HTTP exchanges on purpose, between a laptop's sync client and the
real central service (standard library only; listens on 127.0.0.1 only).

It reads each request's head and body and each answer's head and body (Content-Length or
chunked), so that a fault hits one request even on a kept-alive connection. What it can do
to a request (`Fault`):

    refuse      reset the connection as soon as the request arrives (nothing reaches the server)
    stall       take the request and never answer, until the client gives up (its read timeout)
    cut_body    forward the head and part of the body, then close both sides
    cut_answer  forward the whole request, read the server's whole answer (it has committed),
                then send the client none or only part of it and reset the connection
    portal      a Wi-Fi login page: HTML with status 200 (nothing forwarded)
    429, 503    "later", with `Retry-After: 1` (or `retry_after`; nothing forwarded)
    413         "split the batch" (nothing forwarded; only requests with a body)

Faults come from a queue of planned ones (`plan`), else from a seeded random schedule (`rate`
per request, or per path prefix as {prefix: rate}; `weights` between kinds). With `server_id`
the 413/429/503 answers look like the service's own (JSON and its `X-Sotay-Server` header); a
portal's page never does. `bandwidth` (bytes/s) and `latency` (s per chunk) throttle every
forwarded byte, for slow-link runs.
"""

from __future__ import annotations

import contextlib
import json
import random
import select
import socket
import struct
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass
from enum import StrEnum

HEAD_LIMIT = 64 * 1024
CHUNK = 16 * 1024
UPSTREAM_TIMEOUT = 120.0
MAX_STALL = 60.0  # a stalled request is dropped after this even if the client still waits


class Fault(StrEnum):
    REFUSE = "refuse"
    STALL = "stall"
    CUT_BODY = "cut_body"
    CUT_ANSWER = "cut_answer"
    PORTAL = "portal"
    BUSY_429 = "429"
    BUSY_503 = "503"
    TOO_LARGE = "413"


NEEDS_BODY = (Fault.CUT_BODY, Fault.TOO_LARGE)
DEFAULT_WEIGHTS: dict[Fault, float] = dict.fromkeys(Fault, 1.0)

PORTAL_PAGE = (
    b"<!DOCTYPE html><html><head><title>Wi-Fi</title></head>"
    b"<body><h1>Dang nhap Wi-Fi</h1><form><input name=phone><button>OK</button></form>"
    b"</body></html>"
)


class Closed(Exception):
    """The peer closed the connection (or it broke) before a whole message arrived."""


class _Reader:
    """Buffered reads of HTTP messages from a socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = b""

    def _fill(self) -> None:
        try:
            data = self.sock.recv(65536)
        except OSError as exc:
            raise Closed(str(exc)) from None
        if not data:
            raise Closed("eof")
        self.buf += data

    def wait(self) -> None:
        """Until at least one byte is there (the start of the next message)."""
        if not self.buf:
            self._fill()

    def until(self, marker: bytes, limit: int = HEAD_LIMIT) -> bytes:
        while marker not in self.buf:
            if len(self.buf) > limit:
                raise Closed("head too long")
            self._fill()
        end = self.buf.index(marker) + len(marker)
        out, self.buf = self.buf[:end], self.buf[end:]
        return out

    def exact(self, n: int) -> bytes:
        while len(self.buf) < n:
            self._fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def rest(self) -> bytes:
        """Everything until the peer closes (an answer framed by the end of the connection)."""
        while True:
            try:
                self._fill()
            except Closed:
                out, self.buf = self.buf, b""
                return out

    def chunked(self) -> bytes:
        """A chunked body, as it was on the wire."""
        out = b""
        while True:
            line = self.until(b"\r\n")
            out += line
            size = int(line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while True:  # trailers, then the empty line
                    trailer = self.until(b"\r\n")
                    out += trailer
                    if trailer == b"\r\n":
                        return out
            out += self.exact(size + 2)


@dataclass(slots=True)
class Message:
    head: bytes
    body: bytes
    first_line: str
    headers: dict[str, str]

    @property
    def raw(self) -> bytes:
        return self.head + self.body

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    @property
    def keep_alive(self) -> bool:
        return "close" not in self.header("connection").lower()


def _parse_head(head: bytes) -> tuple[str, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return lines[0], headers


def read_request(reader: _Reader) -> Message:
    head = reader.until(b"\r\n\r\n")
    first, headers = _parse_head(head)
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = reader.chunked()
    else:
        body = reader.exact(int(headers.get("content-length") or 0))
    return Message(head, body, first, headers)


def read_response(reader: _Reader, method: str) -> Message:
    head = reader.until(b"\r\n\r\n")
    first, headers = _parse_head(head)
    parts = first.split(" ", 2)
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    if method == "HEAD" or status < 200 or status in (204, 304):
        body = b""
    elif "chunked" in headers.get("transfer-encoding", "").lower():
        body = reader.chunked()
    elif "content-length" in headers:
        body = reader.exact(int(headers["content-length"]))
    else:
        body = reader.rest()
        headers["connection"] = "close"
    return Message(head, body, first, headers)


def _reset(sock: socket.socket | None) -> None:
    """Close with a TCP reset (SO_LINGER 0), as a dropped link or a crashed peer looks."""
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        *,
        seed: int = 0,
        rate: float | dict[str, float] = 0.0,
        weights: dict[Fault, float] | None = None,
        server_id: str | None = None,
        bandwidth: float | None = None,
        latency: float = 0.0,
        retry_after: int = 1,
        port: int = 0,
    ) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.rate = rate
        self.weights = dict(weights or DEFAULT_WEIGHTS)
        self.server_id = server_id
        self.bandwidth = bandwidth
        self.latency = latency
        self.retry_after = retry_after
        self.injected: Counter[str] = Counter()
        self.requests = 0  # requests that arrived whole enough to be judged
        self.forwarded = 0  # answers from the server passed on whole
        self.statuses: Counter[int] = Counter()  # of the server's answers (its own 429s...)
        self.lost_answers = 0  # cut_answer of a 2xx push: committed, the laptop never knew
        # Faults on a request that came after another on the same kept-alive connection, by
        # kind, for pushes: proof that a push is cut mid-cycle, not only a cycle's first call.
        self.pushes_hit_on_a_reused_connection: Counter[str] = Counter()
        self.errors: list[str] = []  # unexpected exceptions in the proxy itself
        self._rng = random.Random(seed)
        self._planned: deque[tuple[Fault, str]] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._port = port

    # --- control --------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        assert self._listener is not None, "not started"
        return self._listener.getsockname()[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def total(self) -> int:
        return sum(self.injected.values())

    def start(self) -> FaultProxy:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self._port))
        listener.listen(64)
        listener.settimeout(0.2)  # accept() wakes up to see stop()
        self._listener = listener
        self._thread = threading.Thread(target=self._accept, name="faultproxy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.close()
        with self._lock:
            live = list(self._sockets)
        for sock in live:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked reading it
            _reset(sock)
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def plan(self, *faults: Fault | str, path: str = "") -> None:
        """Queue faults for the next requests whose path starts with `path` (before any random
        ones)."""
        with self._lock:
            self._planned.extend((Fault(f), path) for f in faults)

    def summary(self) -> str:
        return ", ".join(f"{kind} {n}" for kind, n in self.injected.most_common())

    # --- the connections ------------------------------------------------------------------------

    def _accept(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._track(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _forget(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.discard(sock)
        with contextlib.suppress(OSError):
            sock.close()

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        try:
            reader = _Reader(client)
            up_reader: _Reader | None = None
            served = 0  # requests before this one on this connection
            while not self._stopping.is_set():
                try:
                    reader.wait()
                    request = read_request(reader)
                except Closed:
                    return
                method, _, rest = request.first_line.partition(" ")
                path = rest.split(" ", 1)[0]
                fault = self._choose(path, bool(request.body))
                if fault is not None and served and method == "POST" and "/push" in path:
                    with self._lock:
                        self.pushes_hit_on_a_reused_connection[fault] += 1
                served += 1
                if fault is Fault.REFUSE:
                    _reset(client)
                    return
                if fault is Fault.STALL:
                    self._stall(client)
                    return
                if fault in (Fault.PORTAL, Fault.BUSY_429, Fault.BUSY_503, Fault.TOO_LARGE):
                    self._answer(client, fault)
                    return
                if upstream is None:
                    try:
                        upstream = socket.create_connection(self.upstream, timeout=5)
                    except OSError:
                        _reset(client)  # the server is down: as if nothing listened
                        return
                    upstream.settimeout(UPSTREAM_TIMEOUT)
                    upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    self._track(upstream)
                    up_reader = _Reader(upstream)
                assert up_reader is not None
                if fault is Fault.CUT_BODY:
                    with self._lock:
                        keep = self._rng.randrange(len(request.body))
                    with contextlib.suppress(OSError):
                        self._send(upstream, request.head + request.body[:keep])
                    time.sleep(0.02)  # let the server start reading before the cut
                    _reset(upstream)
                    _reset(client)
                    return
                try:
                    self._send(upstream, request.raw)
                    response = read_response(up_reader, method)
                except (Closed, OSError):
                    _reset(client)  # the server died or dropped us: so does the client's link
                    return
                status = response.first_line.split(" ", 2)[1:2]
                with self._lock:
                    self.statuses[int(status[0]) if status and status[0].isdigit() else 0] += 1
                if fault is Fault.CUT_ANSWER:
                    if method == "POST" and "/push" in path and status and status[0] == "200":
                        with self._lock:
                            self.lost_answers += 1
                    with self._lock:
                        keep = self._rng.choice((0, self._rng.randrange(len(response.raw))))
                    with contextlib.suppress(OSError):
                        self._send(client, response.raw[:keep])
                    _reset(client)
                    return
                try:
                    self._send(client, response.raw)
                except OSError:
                    return
                with self._lock:
                    self.forwarded += 1
                if not (request.keep_alive and response.keep_alive):
                    return
        except Exception as exc:  # a bug in the proxy: keep it for the test to show
            self.errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            self._forget(upstream)
            self._forget(client)

    def _choose(self, path: str, has_body: bool) -> Fault | None:
        with self._lock:
            self.requests += 1
            fault: Fault | None = None
            for i, (planned, prefix) in enumerate(self._planned):
                if path.startswith(prefix) and (has_body or planned not in NEEDS_BODY):
                    fault = planned
                    del self._planned[i]
                    break
            else:
                rate = self._rate(path)
                if rate > 0 and self._rng.random() < rate:
                    kinds = [k for k, w in self.weights.items() if w > 0]
                    if not has_body:
                        kinds = [k for k in kinds if k not in NEEDS_BODY]
                    if kinds:
                        fault = self._rng.choices(kinds, [self.weights[k] for k in kinds])[0]
            if fault is not None:
                self.injected[fault] += 1
            return fault

    def _rate(self, path: str) -> float:
        if isinstance(self.rate, dict):
            prefixes = [p for p in self.rate if path.startswith(p)]
            return self.rate[max(prefixes, key=len)] if prefixes else 0.0
        return self.rate

    def _stall(self, client: socket.socket) -> None:
        """Hold the request without answering until the client hangs up."""
        deadline = time.monotonic() + MAX_STALL
        while not self._stopping.is_set() and time.monotonic() < deadline:
            try:
                ready, _, _ = select.select([client], [], [], 0.1)
                if ready and not client.recv(65536):
                    return
            except (OSError, ValueError):
                return

    def _answer(self, client: socket.socket, fault: Fault) -> None:
        extra = ""
        if fault is Fault.PORTAL:
            status, body, kind = "200 OK", PORTAL_PAGE, "text/html; charset=utf-8"
        else:
            status, code = {
                Fault.BUSY_429: ("429 Too Many Requests", "rate_limited"),
                Fault.BUSY_503: ("503 Service Unavailable", "busy"),
                Fault.TOO_LARGE: ("413 Content Too Large", "too_large"),
            }[fault]
            if fault is not Fault.TOO_LARGE:
                extra += f"Retry-After: {self.retry_after}\r\n"
            if self.server_id:
                message = {"error": code, "message": "fault proxy"}
                body, kind = json.dumps(message).encode(), "application/json"
                extra += f"X-Sotay-Server: {self.server_id}\r\n"
            else:
                body, kind = f"<html><body>{status}</body></html>".encode(), "text/html"
        head = (
            f"HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n"
            f"{extra}Connection: close\r\n\r\n"
        )
        with contextlib.suppress(OSError):
            self._send(client, head.encode() + body)

    def _send(self, sock: socket.socket, data: bytes) -> None:
        if not self.bandwidth and not self.latency:
            sock.sendall(data)
            return
        for start in range(0, len(data), CHUNK):
            piece = data[start : start + CHUNK]
            # Before the send: the chunk arrives that much later (after it, nobody waits).
            time.sleep(self.latency + (len(piece) / self.bandwidth if self.bandwidth else 0.0))
            sock.sendall(piece)
