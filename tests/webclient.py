"""A person at the dashboard, over real HTTP: signs in through the login form as a browser
would (its cookies, the form's hidden tokens), then opens pages and sends forms."""

from __future__ import annotations

import re
from typing import Any

import requests


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found is not None, f"no hidden field {name}"
    return found.group(1)


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()
        self.csrf = ""

    def login(self, username: str, password: str) -> requests.Response:
        form = self.http.get(f"{self.base}/login", timeout=30)
        answer = self.http.post(
            f"{self.base}/login",
            data={
                "username": username,
                "password": password,
                "login_token": hidden(form.text, "login_token"),
                "next": "/",
            },
            timeout=30,
        )
        if answer.ok and 'name="csrf"' in answer.text:
            self.csrf = hidden(answer.text, "csrf")
        return answer

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.http.get(self.base + path, timeout=60, **kw)

    def post(self, path: str, data: dict[str, Any] | None = None, **kw: Any) -> requests.Response:
        body = {"csrf": self.csrf, **(data or {})}
        return self.http.post(self.base + path, data=body, timeout=60, **kw)


def figures(html: str) -> dict[str, int]:
    """The summary cards' figures, as a page shows them (1.234 -> 1234)."""
    return {
        name: int(value.replace(".", ""))
        for name, value in re.findall(r'<b data-figure="(\w+)">([\d.]+)</b>', html)
    }
