"""Recording breathing sessions through the outbox contract, and the Breathe page itself."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, update

from ifs_pwa.auth.models import User
from ifs_pwa.breathing.models import BreathingSession
from ifs_pwa.extensions import db

HX = {"HX-Request": "true"}


def session_data(**overrides) -> dict:
    data = {"client_id": str(uuid.uuid4()), "pattern": "box", "spec": "4,4,4,4", "seconds": "64",
            "finished_at": "2025-03-01T08:00:00Z"}
    data.update(overrides)
    return data


def rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(BreathingSession.id)))


def test_breathe_page_is_public_and_offers_every_pattern(client):
    html = client.get("/breathe").get_data(as_text=True)
    for name in ("Coherent", "Box", "4-7-8", "Cyclic sigh", "Gentle", "Your own"):
        assert name in html
    assert 'data-pacer data-pattern="5.5,0,5.5,0"' in html
    assert "data-outbox data-outbox-label" not in html  # nothing to record without an account


def test_breathe_page_for_a_signed_in_person_carries_the_outbox_form(client, user):
    html = client.get("/breathe?pattern=478&minutes=breaths").get_data(as_text=True)
    assert 'data-outbox data-outbox-label="Breathing session"' in html
    assert 'data-pattern="4,7,8,0"' in html and 'data-cycles="3"' in html
    assert 'name="client_id"' in html


def test_breathe_first_continues_only_to_local_paths(client):
    html = client.get("/breathe?then=/parts/3&minutes=2").get_data(as_text=True)
    assert 'href="/parts/3" data-then' in html and 'data-seconds="120"' in html
    for bad in ("https://evil.example/", "//evil.example", "/\\evil.example", "parts"):
        assert "data-then" not in client.get("/breathe", query_string={"then": bad}).get_data(
            as_text=True), bad


def test_create_as_fragment_then_replay_gives_the_same_row(app, client, auth, user):
    data = session_data()
    first = auth.post("/breathe/sessions", data, headers=HX)
    assert first.status_code == 201
    assert "1 min 4 s of breathing saved" in first.get_data(as_text=True)
    again = auth.post("/breathe/sessions", data, headers=HX)
    assert again.status_code == 200
    assert again.get_data(as_text=True) == first.get_data(as_text=True)
    assert rows(app) == 1


def test_create_without_javascript_redirects_with_a_confirmation(app, client, auth, user):
    response = auth.post("/breathe/sessions", session_data(seconds="30"))
    assert response.status_code == 303 and response.location.endswith("/breathe")
    assert "0 min 30 s of breathing" in client.get("/breathe").get_data(as_text=True)
    assert rows(app) == 1


def test_local_date_follows_the_persons_time_zone(app, client, auth, user):
    auth.post("/account/settings", {"timezone": "Pacific/Auckland", "country": ""})
    auth.post("/breathe/sessions", session_data(finished_at="2025-03-01T20:00:00Z"), headers=HX)
    with app.app_context():
        assert str(db.session.scalar(select(BreathingSession.local_date))) == "2025-03-02"


def test_a_zone_this_server_does_not_know_reads_as_utc(app, client, auth, user):
    """A stored zone name can vanish from the server's tz database (or come from an old
    import): the session is still saved, its day and a time without an offset read as UTC."""
    with app.app_context():
        db.session.execute(update(User).values(timezone="Atlantis/Lost_City"))
        db.session.commit()
    late = auth.post("/breathe/sessions", session_data(finished_at="2025-03-01T23:30:00Z"),
                     headers=HX)
    local = auth.post("/breathe/sessions", session_data(finished_at="2025-03-02T08:00:00"),
                      headers=HX)
    assert (late.status_code, local.status_code) == (201, 201)
    with app.app_context():
        saved = db.session.execute(select(BreathingSession.local_date, BreathingSession.finished_at)
                                   .order_by(BreathingSession.id)).all()
    assert [str(day) for day, _ in saved] == ["2025-03-01", "2025-03-02"]
    assert saved[1].finished_at.replace(tzinfo=None).isoformat() == "2025-03-02T08:00:00"


def test_bad_input_is_422_with_what_was_sent_kept(app, client, auth, user):
    for field, value in [("spec", "4,4,4"), ("seconds", "-3"), ("client_id", "nope"),
                         ("pattern", "spin"), ("finished_at", "2999-01-01T00:00:00Z")]:
        response = auth.post("/breathe/sessions", session_data(**{field: value}), headers=HX)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, field
        assert 'aria-invalid="true"' in html or field == "client_id"
        # A damaged id comes back replaced, with the one message (tests/web/test_client_ids.py).
        assert value in html or field == "client_id", field
    full = auth.post("/breathe/sessions", session_data(seconds="abc"))
    assert full.status_code == 422 and "<h1>Breathe</h1>" in full.get_data(as_text=True)
    assert rows(app) == 0


def test_recording_needs_an_account_and_stays_with_its_owner(app, client, auth, user):
    data = session_data()
    auth.post("/breathe/sessions", data, headers=HX)
    auth.logout()
    anonymous = client.post("/breathe/sessions", data={**data, "csrf_token": auth.token("/login")})
    assert anonymous.status_code == 302 and "/login" in anonymous.location
    auth.signup("robin")
    # Robin's phone happening to send Sam's client_id makes Robin's own row, never touches Sam's.
    assert auth.post("/breathe/sessions", data, headers=HX).status_code == 201
    assert rows(app) == 2
