"""Strict bodies (issue 18, item 5): what is not what the protocol says is refused plainly,
for its own change where it can be, and never answered with a 500, on both databases."""

from __future__ import annotations

import uuid
from typing import Any

import requests

from desktop.sync.client import Client


def enrolled(central) -> Client:
    team = central.admin_ops.team()
    client = Client(central.url)
    client.token = client.enrol(central.admin_ops.code(team.id), "strict")["token"]
    return client


def resident(seq: int = 1, **extra: Any) -> dict[str, Any]:
    change = {
        "seq": seq,
        "entity": "resident",
        "id": str(uuid.uuid4()),
        "op": "upsert",
        "base_version": 0,
        "payload": {"full_name": "Lò Văn Một"},
    }
    return change | extra


def raw_push(central, client: Client, changes: list[dict[str, Any]]) -> requests.Response:
    return requests.post(
        f"{central.url}/v1/sync/push",
        json={"batch_id": uuid.uuid4().hex, "changes": changes},
        headers={"Authorization": f"Bearer {client.token}"},
        timeout=10,
    )


def test_a_nul_in_a_payload_key_costs_only_its_change(central):
    client = enrolled(central)
    bad = resident(1, payload={"full_name": "Lò Văn Một", "gh\x00i": "x"})
    good = resident(2)
    answer = raw_push(central, client, [bad, good])
    assert answer.status_code == 200, answer.text
    first, second = answer.json()["receipts"]
    assert (first["status"], first["code"]) == ("rejected", "invalid")
    assert "\x00" not in first["message"]
    assert second["status"] == "accepted"


def test_a_nul_in_a_payload_value_is_cleaned_away_as_a_laptop_cleans_typed_text(central):
    client = enrolled(central)
    change = resident(1, payload={"full_name": "Lò\x00Văn Hai"})
    answer = raw_push(central, client, [change])
    assert answer.status_code == 200, answer.text
    [receipt] = answer.json()["receipts"]
    assert receipt["status"] == "accepted"
    stored = central.admin_ops.scalar("SELECT payload FROM record WHERE id = :i", i=change["id"])
    assert "LòVăn Hai" in stored and "\\u0000" not in stored


def test_strings_are_not_numbers(central):
    client = enrolled(central)
    for field in ("seq", "base_version"):
        change = resident(1)
        change[field] = "1" if field == "seq" else "0"
        answer = raw_push(central, client, [change])
        assert answer.status_code == 422, (field, answer.text)
        message = answer.json()["message"]
        assert field in message and "number" in message, message
