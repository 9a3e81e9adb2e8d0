"""The HTTP client of the central service: one `requests.Session`, explicit timeouts, gzip
bodies, and strict checks that an answer really comes from *this* server (a Wi-Fi login page
answers HTML with status 200: that acknowledges nothing).

Every failure is raised as a `SyncError` carrying its kind (desktop.failures.Failure), told
from the exception type and the status code, never from message text."""

from __future__ import annotations

import gzip
import json
import logging
from typing import Any
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

import desktop
from desktop.failures import Failure
from sotay.protocol import API_VERSION, KNOWN_HEADER, PULL_LIMIT, SERVER_HEADER

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
MAX_RETRY_AFTER = 300.0  # a server asking for longer is still retried after 5 minutes


class SyncError(Exception):
    """A known failure of the network or the service. `retry_after`: seconds the server asked
    to wait (capped); `status`: the HTTP status, when there was an answer."""

    def __init__(
        self,
        failure: Failure,
        detail: str = "",
        *,
        retry_after: float | None = None,
        status: int | None = None,
        code: str = "",
    ) -> None:
        super().__init__(f"{failure}: {detail}" if detail else str(failure))
        self.failure = failure
        self.retry_after = retry_after
        self.status = status
        self.code = code


class TooLarge(SyncError):
    """413: the batch must be split."""


class SeqConflict(SyncError):
    """409: the server holds this laptop's change numbers up to `last_seq` with other content."""

    def __init__(self, last_seq: int) -> None:
        super().__init__(Failure.SERVER_ERROR, "seq_conflict", status=409, code="seq_conflict")
        self.last_seq = last_seq


class Withdrawn(SyncError):
    """404 for a release's file: the commune no longer offers that version (held back)."""

    def __init__(self) -> None:
        super().__init__(Failure.SERVER_ERROR, "not offered", status=404, code="not_offered")


class RangeEnd(SyncError):
    """416: the server's file ends before the range asked for."""

    def __init__(self) -> None:
        super().__init__(Failure.SERVER_ERROR, "range beyond the file", status=416)


class CursorUnknown(SyncError):
    """410 on pull: the server does not know the cursor (it was restored): restore in full."""

    def __init__(self) -> None:
        super().__init__(Failure.SERVER_ERROR, "cursor_unknown", status=410, code="cursor_unknown")


def normalise_url(text: str) -> str:
    """What a user types as the server's address: `192.168.1.10:8700` or a full URL."""
    url = text.strip().rstrip("/")
    if url and "://" not in url:
        url = "http://" + url
    return url


def new_session() -> requests.Session:
    """A session for the sync service: a few quick retries of a connection that failed to
    open (the request never reached the server); everything else is the scheduler's job."""
    session = requests.Session()
    retry = Retry(
        total=2,
        connect=2,
        # False, not 0: a read error is raised as itself. With 0, urllib3 wraps a GET's read
        # timeout in MaxRetryError, which requests reports as a ConnectionError (OFFLINE).
        read=False,
        status=0,
        other=0,
        backoff_factor=0.5,
        respect_retry_after_header=False,
    )
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    session.headers["User-Agent"] = f"sotay-cns/{desktop.__version__}"
    return session


class Client:
    def __init__(
        self,
        base_url: str,
        session: requests.Session | None = None,
        *,
        token: str | None = None,
        server_id: str | None = None,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
    ) -> None:
        self.base_url = normalise_url(base_url)
        self.session = session or new_session()
        self.token = token
        self.server_id = server_id  # None until known: then every answer must carry it
        self.timeout = timeout
        self.sent_bytes = 0
        self.received_bytes = 0

    # --- the calls ------------------------------------------------------------------------------

    def ping(self) -> dict[str, Any]:
        answer = self._call("GET", "/v1/ping")
        if answer.get("api_version") != API_VERSION:
            raise SyncError(Failure.WRONG_SERVER, "api version")
        return answer

    def check_code(self, code: str) -> dict[str, Any]:
        return self._call("POST", "/v1/enroll/check", {"code": code}, enrolling=True)

    def enrol(self, code: str, device_name: str, key: str | None = None) -> dict[str, Any]:
        """Use the code up. `key`: this profile's own (syncdata.enrol_key); the same code and
        key again get the same device when the first answer was lost."""
        body = {"code": code, "device_name": device_name, "app_version": desktop.__version__}
        if key:
            body["key"] = key
        answer = self._call("POST", "/v1/enroll", body, enrolling=True)
        if not isinstance(answer.get("token"), str) or not isinstance(answer.get("team"), dict):
            raise SyncError(Failure.WRONG_SERVER, "enrolment answer")
        return answer

    def me(self) -> dict[str, Any]:
        return self._call("GET", "/v1/sync/me", auth=True)

    def push(
        self, batch_id: str, changes: list[dict[str, Any]], *, known: str = ""
    ) -> dict[str, Any]:
        """Send a batch; returns the answer only if it is this server's receipt for *this*
        batch. Raises TooLarge, SeqConflict or SyncError otherwise. `known`: what this laptop
        holds from the server (sotay.protocol.known_header)."""
        answer = self._call(
            "POST",
            "/v1/sync/push",
            {"batch_id": batch_id, "changes": changes},
            auth=True,
            headers=_known(known),
        )
        if answer.get("batch_id") != batch_id or not isinstance(answer.get("receipts"), list):
            raise SyncError(Failure.PORTAL, "no receipt for this batch")
        return answer

    def pull(
        self, cursor: str, *, everything: bool = False, limit: int = PULL_LIMIT, known: str = ""
    ) -> dict:
        params: dict[str, Any] = {"cursor": cursor, "limit": limit}
        if everything:
            params["all"] = "true"
        answer = self._call("GET", "/v1/sync/pull", params=params, auth=True, headers=_known(known))
        if not isinstance(answer.get("records"), list) or not isinstance(answer.get("cursor"), str):
            raise SyncError(Failure.PORTAL, "not a pull answer")
        return answer

    def fetch(self, wanted: list[tuple[str, str]]) -> list[dict[str, Any]]:
        """The team's records of these (entity, id), at most FETCH_LIMIT: those the server has
        (deleted ones too), as a pull gives them. An older server answers 404 (SyncError)."""
        body = {"records": [{"entity": e, "id": i} for e, i in wanted]}
        answer = self._call("POST", "/v1/records/fetch", body, auth=True)
        if not isinstance(answer.get("records"), list):
            raise SyncError(Failure.PORTAL, "not a fetch answer")
        return answer["records"]

    def latest(self, platform: str) -> dict[str, Any] | None:
        """The release the commune offers for `platform` (its manifest's fields and `url`),
        or None when it offers none (204). Its signature is the caller's to check."""
        response, content = self._send(
            "GET", "/v1/app/latest", params={"platform": platform}, auth=True
        )
        if response.status_code == 204:
            self._ours(response)
            return None
        return self._answer(response, content, False, id_in_body=False)

    def file_range(
        self, platform: str, version: str, start: int, end: int
    ) -> tuple[bytes, int | None]:
        """Bytes `start`..`end` (inclusive) of a release's file, and the file's size as the
        server states it (None if it did not). Raises Withdrawn (404), RangeEnd (416)."""
        path = f"/v1/app/file/{quote(platform, safe='')}/{quote(version, safe='')}"
        response, content = self._send(
            "GET",
            path,
            auth=True,
            # An installer does not compress; and a range of a gzipped body is no range of it.
            headers={
                "Range": f"bytes={start}-{end}",
                "Accept": "*/*",
                "Accept-Encoding": "identity",
            },
        )
        status = response.status_code
        if status == 206:
            self._ours(response)
            first, total = _content_range(response.headers.get("Content-Range", ""))
            if first != start:
                raise SyncError(Failure.SERVER_ERROR, "another range", status=status)
            return content, total
        if status == 200 and start == 0:  # the whole file, ranges or not
            self._ours(response)
            return content, len(content)
        if status == 404 and response.headers.get(SERVER_HEADER):
            self._ours(response)
            raise Withdrawn()
        if status == 416 and response.headers.get(SERVER_HEADER):
            self._ours(response)
            raise RangeEnd()
        self._answer(response, content, False)  # raises what the status means
        raise SyncError(Failure.PORTAL, f"status {status}, not a range", status=status)

    # --- the plumbing ---------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        params: dict[str, Any] | None = None,
        auth: bool = False,
        enrolling: bool = False,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        response, content = self._send(
            method, path, body, params=params, auth=auth, headers=headers
        )
        return self._answer(response, content, enrolling)

    def _send(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        params: dict[str, Any] | None = None,
        auth: bool = False,
        headers: dict[str, str] | None = None,
    ) -> tuple[requests.Response, bytes]:
        headers = {"Accept": "application/json", **(headers or {})}
        data = None
        if body is not None:
            raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
            data = gzip.compress(raw, 6)
            headers["Content-Type"] = "application/json"
            headers["Content-Encoding"] = "gzip"
            self.sent_bytes += len(data)
        if auth:
            if not self.token:
                raise SyncError(Failure.UNAUTHORIZED, "no token")
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                data=data,
                params=params,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,  # a portal redirects; our service never does
            )
            content = response.content
        except requests.exceptions.SSLError as exc:
            raise SyncError(Failure.PORTAL, type(exc).__name__) from exc
        except requests.exceptions.Timeout as exc:
            raise SyncError(Failure.TIMEOUT, type(exc).__name__) from exc
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise SyncError(Failure.OFFLINE, type(exc).__name__) from exc
        except requests.exceptions.ContentDecodingError as exc:
            raise SyncError(Failure.OFFLINE, type(exc).__name__) from exc
        except requests.exceptions.InvalidURL as exc:
            raise SyncError(Failure.WRONG_SERVER, "address") from exc
        except requests.exceptions.RequestException as exc:
            raise SyncError(Failure.OFFLINE, type(exc).__name__) from exc
        self.received_bytes += len(content) + 200  # headers, roughly
        return response, content

    def _ours(self, response: requests.Response) -> None:
        """An answer without a JSON body (204, a file's bytes) still comes from this server."""
        ours = response.headers.get(SERVER_HEADER)
        if not ours:
            raise SyncError(Failure.PORTAL, "not our answer", status=response.status_code)
        if self.server_id is not None and ours != self.server_id:
            raise SyncError(Failure.WRONG_SERVER, "another server", status=response.status_code)

    def _answer(
        self,
        response: requests.Response,
        content: bytes,
        enrolling: bool,
        *,
        id_in_body: bool = True,
    ) -> dict[str, Any]:
        status = response.status_code
        ours = response.headers.get(SERVER_HEADER)
        is_json = response.headers.get("Content-Type", "").startswith("application/json")
        answer: Any = None
        if is_json:
            try:
                answer = json.loads(content)
            except ValueError:
                answer = None
        if not ours or not isinstance(answer, dict):
            # HTML from a Wi-Fi login page, a proxy's error page, or another web server.
            if status in (429, 503):
                raise SyncError(
                    Failure.SERVER_BUSY, str(status), retry_after=_retry_after(response)
                )
            raise SyncError(Failure.PORTAL, f"status {status}, not our answer", status=status)
        if self.server_id is not None and ours != self.server_id:
            raise SyncError(Failure.WRONG_SERVER, "another server", status=status)
        if 200 <= status < 300:
            if id_in_body and answer.get("server_id") != ours:
                raise SyncError(Failure.PORTAL, "answer without the server id", status=status)
            return answer
        code = str(answer.get("error", ""))
        raise self._failure(status, code, answer, response, enrolling)

    def _failure(
        self,
        status: int,
        code: str,
        answer: dict[str, Any],
        response: requests.Response,
        enrolling: bool,
    ) -> SyncError:
        if enrolling and code in ("code_unknown", "code_expired", "code_used"):
            kind = {
                "code_unknown": Failure.BAD_CODE,
                "code_expired": Failure.CODE_EXPIRED,
                "code_used": Failure.CODE_USED,
            }[code]
            return SyncError(kind, code, status=status, code=code)
        if status == 401:
            kind = Failure.REVOKED if code == "revoked" else Failure.UNAUTHORIZED
            return SyncError(kind, code, status=status, code=code)
        if status == 409 and code == "seq_conflict" and isinstance(answer.get("last_seq"), int):
            return SeqConflict(answer["last_seq"])
        if status == 410 and code == "cursor_unknown":
            return CursorUnknown()
        if status == 413:
            return TooLarge(Failure.SERVER_ERROR, code, status=status, code=code)
        if status in (429, 503):
            return SyncError(
                Failure.SERVER_BUSY,
                code,
                retry_after=_retry_after(response),
                status=status,
                code=code,
            )
        if status == 507:
            return SyncError(
                Failure.SERVER_FULL,
                code,
                retry_after=_retry_after(response),
                status=status,
                code=code,
            )
        return SyncError(Failure.SERVER_ERROR, code or str(status), status=status, code=code)


def _known(known: str) -> dict[str, str] | None:
    return {KNOWN_HEADER: known} if known else None


def _content_range(value: str) -> tuple[int | None, int | None]:
    """`bytes 0-262143/1048576` -> (0, 1048576); the size may be `*` (unknown)."""
    unit, _, rest = value.strip().partition(" ")
    span, _, size = rest.partition("/")
    first = span.split("-", 1)[0]
    if unit != "bytes" or not first.isdigit():
        return None, None
    return int(first), int(size) if size.isdigit() else None


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        seconds = float(value)
    except ValueError:
        return None  # the HTTP-date form: our service never sends it
    return max(0.0, min(seconds, MAX_RETRY_AFTER))
