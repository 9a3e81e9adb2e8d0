"""The central service's OpenAPI schema (/v1/openapi.json), fuzzed with schemathesis against the
app itself (ASGI, on a real SQLite database and on a real PostgreSQL): no 5xx, and no answer
outside the schema (status, content type, body, headers); invalid input refused with a 4xx.
The sync calls run with an enrolled laptop's token, so the fuzzing reaches past
authentication."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

# (method, path, takes input): an operation without parameters or body has nothing to make
# invalid, so it is fuzzed with valid requests only.
OPERATIONS = [
    ("GET", "/v1/ping", False),
    ("POST", "/v1/enroll/check", True),
    ("POST", "/v1/enroll", True),
    ("GET", "/v1/sync/me", False),
    ("POST", "/v1/sync/push", True),
    ("GET", "/v1/sync/pull", True),
    ("POST", "/v1/records/fetch", True),
    ("GET", "/v1/app/latest", True),
    ("GET", "/v1/app/file/{platform}/{version}", True),
    ("GET", "/v1/feed/figures", True),
]
CASES = [
    pytest.param(method, path, mode, id=f"{method} {path} {mode.value}")
    for method, path, has_input in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if has_input or mode is GenerationMode.POSITIVE
]
# A hundred requests per case through the whole app: some 15 s on SQLite alone.
pytestmark = pytest.mark.slow

# A request the schema allows may still be refused for what the schema cannot say: a code
# that does not exist, was used or expired (404, 409, 410), changes out of seq order (400), a
# cursor this server never issued (410), a body over the size caps (413: split the batch), a
# release not offered (404) or a range beyond its file's end (416). The size caps also refuse
# invalid requests, before their content is read.
CONFIG = """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404", "409", "410", "413", "416", "429"]

[checks.negative_data_rejection]
expected-statuses = ["400", "401", "404", "409", "413", "415", "422", "429"]
"""


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, tuple[str, str | None]]]:
    from central import apitokens, db, teams
    from central.config import Config
    from central.main import create_app
    from central.web import accounts

    # Hypothesis keeps caches in ./.hypothesis by default: not in the work tree.
    set_hypothesis_home_dir(tmp_path_factory.mktemp("hypothesis"))
    url = None
    if request.param == "postgresql":  # it refuses what SQLite takes (NUL characters, big ints)
        url = request.getfixturevalue("postgres").create_database("fuzz")
    config = Config.load(tmp_path_factory.mktemp("central"), url)
    # The rate limits would answer most of the fuzzing with 429.
    config = dataclasses.replace(
        config, rate_per_second=1e6, rate_burst=10**6, code_rate=1e6, code_burst=10**6
    )
    writer, current = db.open_database(config)
    with writer.begin() as conn:
        team = teams.add_team(conn, 4, "Tổ CNSCĐ khu phố 3")
        code, _ = teams.issue_code(conn, team.id)
        _, token, _ = teams.enrol(conn, code, "fuzz", "1")
        # The figures' feed reads with a dashboard account's API token (a province's: it may
        # ask for any level).
        accounts.create(conn, "fuzz", "Fuzz", "mat-khau-rat-dai-1", province_code=1)
        feed_token = apitokens.issue(conn, "fuzz")
    app = create_app(config, writer, current)
    schema = schemathesis.openapi.from_asgi(
        "/v1/openapi.json", app, config=SchemathesisConfig.from_str(CONFIG)
    )
    yield schema, (token, feed_token)
    writer.dispose()
    current.dispose()
    set_hypothesis_home_dir(None)


def test_every_operation_is_fuzzed(service: Any) -> None:
    schema, _ = service
    found = {(op.ok().method.upper(), op.ok().path) for op in schema.get_all_operations()}
    assert found == {(method, path) for method, path, _ in OPERATIONS}


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_the_schema_holds(service: Any, method: str, path: str, mode: GenerationMode) -> None:
    schema, (device_token, feed_token) = service
    operation = schema[path][method]
    token = feed_token if path.startswith("/v1/feed/") else device_token
    auth = {"Authorization": f"Bearer {token}"}

    @given(case=operation.as_strategy(mode, headers=auth))
    @settings(
        max_examples=100, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def fuzz(case: Any) -> None:
        case.call_and_validate()

    fuzz()
