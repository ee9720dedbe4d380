"""A plain HTTP client for the tests that run real gunicorn servers: cookies kept by hand, no
redirects followed, so every answer's status is seen as it was sent."""

from __future__ import annotations

import http.client
import re
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
REDIS_TEST_URL = "redis://127.0.0.1:6379/7"


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str

    @property
    def set_cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []


@dataclass
class Browser:
    """One device: its cookies, sent to whichever host it talks to (hosts share one domain)."""

    cookies: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def send(self, base_url: str, path: str, form: dict | None = None) -> Answer:
        parts = urllib.parse.urlsplit(base_url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request("POST" if form is not None else "GET", path, body, headers)
        response = connection.getresponse()
        answer = Answer(response.status, response.headers, response.read().decode())
        connection.close()
        for header in answer.set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel["expires"] and "1970" in morsel["expires"] or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def token(self, base_url: str, path: str = "/login") -> str:
        return CSRF_META.search(self.send(base_url, path).body).group(1)

    def post(self, base_url: str, path: str, form: dict, token_from: str = "/more") -> Answer:
        return self.send(base_url, path, {"csrf_token": self.token(base_url, token_from), **form})

    def login(self, base_url: str, username: str, password: str) -> Answer:
        return self.post(base_url, "/login", {"username": username, "password": password},
                         token_from="/login")

    def signup(self, base_url: str, username: str, password: str) -> Answer:
        return self.post(base_url, "/signup", {"username": username, "password": password,
                                               "confirm": password}, token_from="/signup")


def forget_redis_keys(prefix: str) -> None:
    """Remove only this test's counts from the tests' Redis database."""
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        for key in client.scan_iter(match=f"*{prefix}*"):
            client.delete(key)
    finally:
        client.close()
