"""Property-based fuzzing of every form in the url_map: no input ever earns a 5xx.

Each write route starts from its registry form (valid data, with a good CSRF token, so the
request reaches the form code) and hypothesis changes it: fields dropped, repeated or replaced
by arbitrary unicode, NUL and control characters, very long text, numbers far out of range,
impossible dates, broken UUIDs; unknown fields added; URL ids swapped for huge numbers; and now
and then a body that is not valid UTF-8. Both full-page and htmx requests are tried.

Runs are reproducible (derandomized); set FUZZ_RANDOM=1 to explore new examples and
FUZZ_EXAMPLES=500 for a longer hunt.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.conftest import csrf_token_from

from .registry import ROUTES, Person, endpoints, seed, url

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, database=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)

NASTY = [
    "", " ", "\x00", "a\x00b", "\t\r\n", "\u202e\u200b", "\ufeff", "🙂" * 40, "null", "None",
    "-1", "0", "11", "1e309", "NaN", "-inf", "1.5", "٣", "²", "0x1F", "99999999999999999999999",
    "not-a-uuid", "00000000-0000-0000-0000-000000000000", "{" + "0" * 32 + "}",
    "2025-02-30T25:61", "0001-01-01T00:00", "9999-12-31T23:59", "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00", "../../../etc/passwd", "'; DROP TABLE users; --", "%s%n%x",
    "<script>alert(1)</script>", "{{7*7}}", "javascript:alert(1)", "Etc/GMT+99", "Europe/Nowhere",
]
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))])
MOMENTS = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31),
                       timezones=st.one_of(st.none(), ZONES))
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(NASTY),
    st.integers(-(2**70), 2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    MOMENTS.map(lambda moment: moment.isoformat()),
    MOMENTS.map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")),
    st.uuids().map(str),
    st.builds(lambda text, times: text * times, st.text(min_size=1, max_size=3),
              st.integers(1000, 7000)),
)


# Ids at the edges of the database's integers, besides whatever hypothesis draws.
IDS = st.one_of(st.integers(0, 2**70), st.sampled_from([0, 2**31 - 1, 2**31, 2**63, 2**64]))
QUERY_KEYS = st.one_of(st.sampled_from(["page", "year", "month", "answer", "pattern", "minutes",
                                        "then", "next", "country", "q9", "part", "start",
                                        "end", "include", "practices"]),
                       st.text(max_size=8))


def field_variants(value: str):
    """One field: kept, dropped, replaced, or sent several times."""
    return st.one_of(st.just([value]), st.just([]), VALUES.map(lambda v: [v]),
                     st.lists(VALUES, min_size=2, max_size=3))


@st.composite
def requests(draw, name: str, ids: dict):
    """A (url values, fields, htmx?, raw tail) tuple derived from the route's valid form."""
    route = ROUTES[name]
    args = dict(route.args(ids))
    for key, value in list(args.items()):
        if isinstance(value, int):
            args[key] = draw(st.one_of(st.just(value), IDS))
        else:
            args[key] = draw(st.one_of(st.just(value), st.text(min_size=1, max_size=20)))
    form, fields = route.form(ids), []
    if form and draw(st.booleans()):
        # One field at a time, the rest valid: reaches the code behind the form's checks.
        target = draw(st.sampled_from(sorted(form)))
        form[target] = draw(VALUES)
        fields = list(form.items())
    else:
        for key, value in form.items():
            fields += [(key, v) for v in draw(field_variants(value))]
    fields += draw(st.lists(st.tuples(st.text(max_size=12), VALUES), max_size=2))
    raw = draw(st.one_of(st.none(), st.none(), st.none(), st.binary(min_size=1, max_size=64)))
    return args, fields, draw(st.booleans()), raw


FORMS = sorted(name for name, route in ROUTES.items() if route.form)


@pytest.mark.parametrize("name", FORMS)
def test_no_input_makes_a_form_fail(app, name):
    route = ROUTES[name]
    owner = Person(app, "fuzzer", timezone="Asia/Tokyo")  # ahead of UTC even in year 1
    ids = seed(owner)
    made, answers = [], []

    def client_and_token():
        if route.anonymous:
            client = app.test_client()
            return client, csrf_token_from(client.get("/login").get_data(as_text=True)), None
        if route.fresh:
            person = Person(app, f"f{uuid.uuid4().hex[:12]}")
            made.append(person)
            return person.client, person.csrf, person.username
        return owner.client, owner.csrf, owner.username

    @FUZZ
    @given(request=requests(name, ids))
    def fuzz(request):
        args, fields, fragment, raw = request
        try:
            path = url(app, name, **args)
        except Exception:  # noqa: BLE001 - a value no URL can carry is not a request at all
            return
        client, token, username = client_and_token()
        if username:  # a form that names its account (deletion) names the fresh one
            fields = [(k, username if v == ids["username"] else v) for k, v in fields]
        headers = {"HX-Request": "true"} if fragment else {}
        pairs = [("csrf_token", token), *fields]
        if raw is None:
            response = client.post(path, data=MultiDict(pairs), headers=headers)
        else:
            body = urlencode(pairs).encode() + b"&" + raw
            response = client.post(path, data=body, headers=headers,
                                   content_type="application/x-www-form-urlencoded")
        answers.append(response.status_code)
        assert response.status_code < 500, (name, path, pairs, raw, response.status_code)

    fuzz()
    assert not route.fresh or made, "fresh routes get a new account per example"
    assert set(answers) - {400}, f"{name}: no example got past the CSRF check"


def gets(app):
    return sorted(e.name for e in endpoints(app) if "GET" in e.methods)


@st.composite
def page_requests(draw, name: str, ids: dict):
    args = dict(ROUTES[name].args(ids))
    for key, value in list(args.items()):
        fuzzed = IDS if isinstance(value, int) else st.text(min_size=1, max_size=30)
        args[key] = draw(st.one_of(st.just(value), fuzzed))
    query = draw(st.lists(st.tuples(QUERY_KEYS, VALUES), max_size=3))
    return args, query, draw(st.booleans()), draw(st.booleans())


def test_no_address_makes_a_page_fail(app):
    """Every GET route, with odd ids, slugs and query strings, signed in and out, page or htmx."""
    owner = Person(app, "fuzzer", timezone="Asia/Tokyo")
    ids = seed(owner)
    anonymous = app.test_client()
    tried = []

    def fuzz_page(name: str):
        @settings(FUZZ, max_examples=max(EXAMPLES // 3, 5))
        @given(request=page_requests(name, ids))
        def fuzz(request):
            args, query, signed_in, fragment = request
            try:
                path = url(app, name, **args)
            except Exception:  # noqa: BLE001 - a value no URL can carry is not a request at all
                return
            client = owner.client if signed_in else anonymous
            headers = {"HX-Request": "true"} if fragment else {}
            response = client.get(path, query_string=query, headers=headers)
            tried.append(name)
            assert response.status_code < 500, (name, path, query, signed_in,
                                                 response.status_code)

        fuzz()

    for name in gets(app):
        fuzz_page(name)
    assert set(tried) == set(gets(app))
