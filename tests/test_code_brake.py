"""The brake on wrong enrolment codes (issue 18, item 6), on a service of its own (the brake is
per address, and every test's address is 127.0.0.1):

- a made-up X-Forwarded-For is not a new address unless the operator named the proxy;
- beyond an address's budget, tries wait their turn instead of being refused, so guessing runs
  at the brake's rate while a right code from the same address still goes through."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from central.config import Config
from tests.servers import Central

# Every test here runs a service process (one of them under the named-proxy setting).
pytestmark = pytest.mark.server

WRONG = "QQQQ-QQQQ"
DEFAULTS = Config(Path("."), "sqlite://")  # the brake a service starts with
CODE_RATE, CODE_BURST = DEFAULTS.code_rate, DEFAULTS.code_burst


@pytest.fixture
def service(own_central: Central) -> Central:
    return own_central


@pytest.fixture
def behind_proxy(tmp_path: Path) -> Iterator[Central]:
    env = os.environ | {"SOTAY_CENTRAL_PROXIES": "127.0.0.1"}
    server = Central(tmp_path / "proxied", env=env).start()
    yield server
    server.stop()


def check(url: str, code: str, forwarded: str | None = None) -> requests.Response:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return requests.post(f"{url}/v1/enroll/check", json={"code": code}, headers=headers, timeout=60)


def spend_the_budget(url: str, forwarded: str | None = None, *, varied: bool = False) -> None:
    for n in range(CODE_BURST):
        who = f"10.9.{n // 250}.{n % 250}" if varied else forwarded
        assert check(url, WRONG, who).status_code == 404


def timed(url: str, code: str, forwarded: str | None = None) -> tuple[int, float]:
    started = time.monotonic()
    status = check(url, code, forwarded).status_code
    return status, time.monotonic() - started


def test_a_made_up_forwarded_address_is_not_a_new_budget(service):
    spend_the_budget(service.url, varied=True)
    status, took = timed(service.url, WRONG, "10.200.0.1")
    assert status == 404
    assert took >= 0.8 / CODE_RATE, f"answered in {took:.2f} s: the header was believed"


def test_a_named_proxys_forwarded_address_is_believed(behind_proxy):
    spend_the_budget(behind_proxy.url, "10.0.0.1")
    assert timed(behind_proxy.url, WRONG, "10.0.0.2")[1] < 1.0  # another address, full budget
    assert timed(behind_proxy.url, WRONG, "10.0.0.1")[1] >= 0.8 / CODE_RATE


def test_a_right_code_goes_through_while_guessing_runs_from_the_same_address(service):
    team = service.admin_ops.team()
    code = service.admin_ops.code(team.id)
    spend_the_budget(service.url)
    answered: list[float] = []
    stop = threading.Event()

    def guess() -> None:
        while not stop.is_set():
            status = check(service.url, WRONG).status_code
            if status == 404:
                answered.append(time.monotonic())

    guessers = [threading.Thread(target=guess) for _ in range(2)]
    started = time.monotonic()
    for thread in guessers:
        thread.start()
    time.sleep(2.0)
    status, took = timed(service.url, code)
    stop.set()
    for thread in guessers:
        thread.join(60)
    elapsed = time.monotonic() - started
    assert status == 200, f"the right code got {status} after {took:.1f} s"
    # Two guessers at once learned no faster than the brake's rate.
    assert len(answered) <= CODE_RATE * elapsed + 2, (len(answered), elapsed)
