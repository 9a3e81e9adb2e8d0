"""What every answer of the central service carries, a bug's answer too (central/main.py Stamp,
central/web/render.py SecurityHeaders), on the real app over ASGI."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from central import db
from central.config import Config
from central.main import create_app
from sotay.protocol import SERVER_HEADER


def call(app: Any, path: str) -> tuple[int, dict[str, str], bytes]:
    """One GET through the app's whole ASGI stack (its middlewares included)."""
    sent: list[dict[str, Any]] = []
    asked: list[bool] = []

    async def receive() -> dict[str, Any]:
        if asked:  # the request was read: the client waits for the answer, as a real one does
            await asyncio.Event().wait()
        asked.append(True)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    asyncio.run(app(scope, receive, send))
    start = sent[0]
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], headers, body


@pytest.fixture
def app(tmp_path: Path) -> Any:
    config = Config.load(tmp_path)
    writer, current = db.open_database(config)
    app = create_app(config, writer, current)

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/v1/broken", broken)
    app.add_api_route("/broken", broken)
    yield app
    writer.dispose()
    current.dispose()


def test_a_bug_still_answers_as_the_service_in_json_with_its_id(app: Any) -> None:
    server = app.state.service.server_id
    for path in ("/v1/broken", "/broken"):
        status, headers, body = call(app, path)
        assert status == 500
        assert json.loads(body) == {"error": "server_error", "message": "unexpected error"}
        assert headers[SERVER_HEADER.lower()] == server
    # the dashboard's headers on a page's answer, not on the laptops' API's
    assert "content-security-policy" in call(app, "/broken")[1]
    assert "content-security-policy" not in call(app, "/v1/broken")[1]


def test_every_answer_carries_the_id_and_pages_their_headers(app: Any) -> None:
    server = app.state.service.server_id
    status, headers, _ = call(app, "/login")
    assert status == 200
    assert headers[SERVER_HEADER.lower()] == server
    assert headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-store"
    status, headers, _ = call(app, "/static/site.css")
    assert status == 200 and headers[SERVER_HEADER.lower()] == server
    assert "content-security-policy" in headers and "cache-control" not in headers
    status, headers, _ = call(app, "/v1/openapi.json")
    assert status == 200 and headers[SERVER_HEADER.lower()] == server
    assert "x-frame-options" not in headers
