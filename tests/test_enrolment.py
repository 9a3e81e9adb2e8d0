"""Enrolment that survives a lost answer (issue 18, item 4): the laptop sends a key of its own
with the code; the same code and key again get the same device (a new token), while that device
has not been used. Any other second use of a code is `code_used`, as before. Both databases."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
import requests

from desktop.sync.client import Client, SyncError
from tests.faultproxy import Fault, FaultProxy
from tests.helpers import Laptop


def enrol(central, code: str, key: str | None, name: str = "máy của Lan") -> requests.Response:
    body: dict[str, Any] = {"code": code, "device_name": name, "app_version": "0.9"}
    if key is not None:
        body["key"] = key
    return requests.post(f"{central.url}/v1/enroll", json=body, timeout=10)


def devices(central, team_id: str) -> list[str]:
    return central.admin_ops.column("SELECT id FROM device WHERE team_id = :t", t=team_id)


def pull_with(central, token: str) -> int:
    return requests.get(
        f"{central.url}/v1/sync/pull",
        params={"cursor": ""},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).status_code


def test_the_same_code_and_key_again_get_the_same_device(central):
    team = central.admin_ops.team()
    code, key = central.admin_ops.code(team.id), secrets.token_urlsafe(24)
    first = enrol(central, code, key)  # its answer "lost": the laptop never reads it
    assert first.status_code == 200
    again = enrol(central, code, key)
    assert again.status_code == 200, again.text
    assert again.json()["device_id"] == first.json()["device_id"]
    assert again.json()["team"]["id"] == team.id
    assert devices(central, team.id) == [first.json()["device_id"]]
    # The token the laptop never got stops working; the one it holds works.
    assert pull_with(central, first.json()["token"]) == 401
    assert pull_with(central, again.json()["token"]) == 200


def test_another_key_or_none_finds_the_code_used(central):
    team = central.admin_ops.team()
    code = central.admin_ops.code(team.id)
    assert enrol(central, code, secrets.token_urlsafe(24)).status_code == 200
    for key in (secrets.token_urlsafe(24), None):
        answer = enrol(central, code, key)
        assert (answer.status_code, answer.json()["error"]) == (409, "code_used")
    assert len(devices(central, team.id)) == 1


def test_once_the_device_is_used_its_code_stays_spent(central):
    team = central.admin_ops.team()
    code, key = central.admin_ops.code(team.id), secrets.token_urlsafe(24)
    token = enrol(central, code, key).json()["token"]
    assert pull_with(central, token) == 200  # the answer arrived: the laptop is at work
    answer = enrol(central, code, key)
    assert (answer.status_code, answer.json()["error"]) == (409, "code_used")
    assert pull_with(central, token) == 200  # and its token was not replaced


def test_a_revoked_device_is_not_given_back(central):
    team = central.admin_ops.team()
    code, key = central.admin_ops.code(team.id), secrets.token_urlsafe(24)
    device_id = enrol(central, code, key).json()["device_id"]
    assert central.admin_ops.revoke(device_id)
    answer = enrol(central, code, key)
    assert (answer.status_code, answer.json()["error"]) == (409, "code_used")


@pytest.mark.parametrize("key", ["short", "has space in it!!!!", "x" * 65])
def test_a_malformed_key_is_refused(central, key):
    team = central.admin_ops.team()
    code = central.admin_ops.code(team.id)
    answer = enrol(central, code, key)
    assert answer.status_code == 422
    assert "key" in answer.json()["message"]
    assert enrol(central, code, None).status_code == 200  # the code was not spent


def test_a_laptop_whose_enrolment_answer_was_lost_connects_on_its_next_try(central, laptops):
    """Through a proxy that lets the enrolment through and drops its answer: the laptop says
    it is offline; its next try (the user presses Connect again) gets the same device."""
    team = central.admin_ops.team()
    code = central.admin_ops.code(team.id)
    proxy = FaultProxy(central.port, server_id=Client(central.url).ping()["server_id"]).start()
    try:
        laptop: Laptop = laptops("leader")
        laptop.set_up()
        offer = laptop.sync.offer(proxy.url, code)
        proxy.plan(Fault.CUT_ANSWER, path="/v1/enroll")
        with pytest.raises(SyncError):
            laptop.sync.connect(offer, "laptop")
        assert len(devices(central, team.id)) == 1  # the server did make the device
        laptop.sync.connect(offer, "laptop")
        assert laptop.sync.run_once().state == "synced"
    finally:
        proxy.stop()
    assert len(devices(central, team.id)) == 1
    names = central.admin_ops.column(
        "SELECT payload FROM record WHERE team_id = :t AND entity = 'member'", t=team.id
    )
    assert any("Trần Thị Lan" in n for n in names)
