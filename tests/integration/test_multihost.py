"""Two hosts: two gunicorn servers (2 workers each) on the run's database and one Redis.

What must hold across hosts: the sign-in limit counts every attempt once, wherever it lands; a
device signed out on one host is refused on the other at once; and a page one host stored is
never served stale after the other host wrote something new.
"""

from __future__ import annotations

import uuid
from contextlib import ExitStack

import pytest

from benchmarks import server
from tests.integration.hosts import REDIS_TEST_URL, Browser, forget_redis_keys


@pytest.fixture
def two_hosts(database_url, make_app):
    """Both hosts share the database and the tests' Redis, under this test's own key prefix."""
    make_app()
    prefix = f"befriend-test-{uuid.uuid4().hex[:10]}"
    env = {"RATELIMIT_ENABLED": "1", "RATELIMIT_STORAGE_URI": REDIS_TEST_URL,
           "RATELIMIT_KEY_PREFIX": prefix}
    with ExitStack() as stack:
        hosts = [stack.enter_context(server.gunicorn(database_url, workers=2, **env))[0]
                 for _ in range(2)]
        try:
            yield hosts
        finally:
            forget_redis_keys(prefix)


def test_limits_sessions_and_stored_pages_hold_across_two_hosts(two_hosts):
    one, other = two_hosts
    sam = Browser()
    assert sam.signup(one, "sam", "correct horse battery").status == 302

    # 1. Ten wrong passwords for "sam" from this address, alternating hosts (and so workers):
    # exactly ten are answered, the rest are paused, on both hosts.
    guesser = Browser()
    answers = [guesser.login((one, other)[i % 2], "sam", "wrong password").status
               for i in range(12)]
    assert answers == [422] * 10 + [429, 429]

    # 2. A page stored on one host, then a check-in written through the other.
    first = sam.post(other, "/checkins", {"client_id": str(uuid.uuid4()), "mood": "3"})
    assert first.status == 303
    for _ in range(4):  # twice per worker, so each has stored it
        assert "3 out of 10" in sam.send(one, "/checkins/").body
    second = sam.post(other, "/checkins", {"client_id": str(uuid.uuid4()), "mood": "9"})
    assert second.status == 303
    for _ in range(4):
        assert "9 out of 10" in sam.send(one, "/checkins/").body

    # 3. Signed out on one host: the same cookies are refused on the other at once.
    copied = dict(sam.cookies)
    assert Browser(dict(copied)).send(other, "/account").status == 200
    assert sam.post(one, "/logout", {}).status == 302
    for _ in range(4):
        assert Browser(dict(copied)).send(other, "/account").status == 302
