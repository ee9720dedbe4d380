"""Who may call what: every route of the url_map, signed out, signed in, and as someone else.

Routes are discovered from the app; a route missing from registry.ROUTES fails the first test.
Each check collects every offending route before failing, so one run names them all.
"""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token_from

from .registry import ROUTES, endpoints, gets, url, write_method, writes

CALM_404 = "We couldn&#39;t find that page"
CALM_CSRF = "This form had expired or came from somewhere else"


def test_every_route_is_in_the_registry(app):
    found = {e.name for e in endpoints(app)}
    missing = sorted(found - ROUTES.keys())
    assert not missing, (
        f"routes with no entry in tests/security/registry.py ROUTES: {missing}. Add one "
        "Route(...) each (args for URL values, form for POST data, public/anonymous/fresh/text)."
    )
    stale = sorted(ROUTES.keys() - found)
    assert not stale, f"registry entries for endpoints the app no longer has: {stale}"
    for endpoint in writes(app):
        assert endpoint.route.form is not None, f"{endpoint.name} writes but has no form(ids)"


def test_registry_args_name_every_id(world):
    for endpoint in endpoints(world.app):
        args = endpoint.route.args(world.ids)
        assert set(endpoint.id_args) <= set(args), (endpoint.name, endpoint.id_args)
        url(world.app, endpoint.name, **args)  # builds, so every URL value is there


def test_signed_out_people_are_sent_to_login(world):
    client = world.app.test_client()
    wrong = []
    for endpoint in gets(world.app):
        path = url(world.app, endpoint.name, **endpoint.route.args(world.ids))
        response = client.get(path)
        location = response.headers.get("Location", "")
        if endpoint.route.public:
            if response.status_code != 200:
                wrong.append((path, response.status_code, "public page should answer 200"))
        elif response.status_code != 302 or not location.startswith("/login"):
            wrong.append((path, response.status_code, location))
    assert not wrong, wrong


def test_signed_out_writes_with_a_token_still_need_login(world):
    client = world.app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    before = world.snapshot()
    wrong = []
    for endpoint in writes(world.app):
        if endpoint.route.anonymous:
            continue
        path = url(world.app, endpoint.name, **endpoint.route.args(world.ids))
        response = client.open(path, method=write_method(endpoint),
                               data={**endpoint.route.form(world.ids), "csrf_token": token})
        if response.status_code != 302 or not response.headers["Location"].startswith("/login"):
            wrong.append((path, response.status_code))
    assert not wrong, wrong
    assert world.snapshot() == before


def test_owner_opens_every_page(world):
    """The registry's ids are real: the owner reaches every page the stranger is refused."""
    wrong = []
    for endpoint in gets(world.app):
        path = url(world.app, endpoint.name, **endpoint.route.args(world.ids))
        response = world.owner.client.get(path)
        expected = (200, 302) if endpoint.route.anonymous else (200,)
        if response.status_code not in expected:
            wrong.append((path, response.status_code))
    assert not wrong, wrong


def test_another_person_gets_404_for_every_id_route(world):
    checked, wrong = [], []
    before = world.snapshot()
    client = world.stranger.client
    for endpoint in endpoints(world.app):
        if not endpoint.id_args:
            continue
        path = url(world.app, endpoint.name, **endpoint.route.args(world.ids))
        calls = []
        if "GET" in endpoint.methods:
            calls += [("GET", None, {}), ("GET", None, {"HX-Request": "true"})]
        if endpoint.methods & {"POST", "PUT", "PATCH", "DELETE"}:
            form = endpoint.route.form  # called per request: an upload's stream is read once
            calls += [(write_method(endpoint), form, {}),
                      (write_method(endpoint), form, {"HX-Request": "true"})]
        for method, form, headers in calls:
            data = {**form(world.ids), "csrf_token": world.stranger.csrf} if form else {}
            response = client.open(path, method=method, data=data, headers=headers)
            checked.append((method, path))
            body = response.get_data(as_text=True)
            if response.status_code != 404 or (not headers and CALM_404 not in body):
                wrong.append((method, path, response.status_code))
    assert not wrong, wrong
    assert len(checked) >= 30, checked  # every id route, both ways
    assert world.snapshot() == before, "a refused request changed someone's data"


@pytest.mark.parametrize("who", ["owner", "anonymous"])
def test_every_write_without_a_csrf_token_is_refused(world, who):
    client = world.owner.client if who == "owner" else world.app.test_client()
    before = world.snapshot()
    wrong = []
    for endpoint in writes(world.app):
        path = url(world.app, endpoint.name, **endpoint.route.args(world.ids))
        for headers in ({}, {"HX-Request": "true"}):
            response = client.open(path, method=write_method(endpoint),
                                   data=endpoint.route.form(world.ids), headers=headers)
            body = response.get_data(as_text=True)
            if response.status_code != 400 or CALM_CSRF not in body:
                wrong.append((path, headers, response.status_code))
    assert not wrong, wrong
    assert world.snapshot() == before, "a request without a CSRF token changed data"


def test_a_token_from_another_session_is_refused(world):
    before = world.snapshot()
    wrong = []
    for endpoint in writes(world.app):
        path = url(world.app, endpoint.name, **endpoint.route.args(world.ids))
        data = {**endpoint.route.form(world.ids), "csrf_token": world.stranger.csrf}
        response = world.owner.client.open(path, method=write_method(endpoint), data=data)
        if response.status_code != 400:
            wrong.append((path, response.status_code))
    assert not wrong, wrong
    assert world.snapshot() == before


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r.form))
def test_registry_forms_are_accepted(world, name):
    """Valid data passes, so the 400s and 404s above are about tokens and owners, nothing else."""
    route = ROUTES[name]
    path = url(world.app, name, **route.args(world.ids))
    if route.anonymous:
        client = world.app.test_client()
        token = csrf_token_from(client.get("/login").get_data(as_text=True))
        response = client.post(path, data={**route.form(world.ids), "csrf_token": token})
    else:
        response = world.owner.post(path, route.form(world.ids))
    assert response.status_code in (200, 201, 302, 303), (name, response.status_code,
                                                           response.get_data(as_text=True)[:500])
