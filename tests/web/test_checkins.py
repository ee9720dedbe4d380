"""Creating check-ins through the outbox contract: page and fragment, idempotent, kind errors."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from ifs_pwa.extensions import db
from ifs_pwa.parts.models import Part
from tests.factories import (
    MINE,
    assert_everything_typed_is_back,
    checkin_data,
    count_checkins,
    insert_part,
    only_checkin,
    typed_data,
)


def test_today_offers_the_outbox_form_with_a_labelled_mood_scale(client, user):
    html = client.get("/").get_data(as_text=True)
    form = re.search(r"<form id=\"checkin-form\"[^>]*>", html)[0]
    assert 'action="/checkins"' in form and "data-outbox" in form and "hx-post" not in form
    assert re.search(r'name="client_id" value="[0-9a-f-]{36}"', html)
    for value in range(1, 11):
        assert f'id="mood-{value}" value="{value}"' in html
    assert ('<label for="mood-1" class="m1"><span class="n">1</span><span class="w">very heavy'
            '</span><span class="visually-hidden"> out of 10</span></label>') in html
    assert "<details class=\"more\">" in html and "Who's here?" in html
    assert "streak" not in html.lower()


def test_visitors_still_see_the_landing_page(client):
    assert "Create your space" in client.get("/").get_data(as_text=True)


def test_plain_post_redirects_to_today_which_confirms_once(app, client, auth, user):
    response = auth.post("/checkins", checkin_data(mood="7"))
    assert response.status_code == 303 and response.headers["Location"] == "/"
    html = client.get("/").get_data(as_text=True)
    assert "Saved. Thank you for checking in." in html and "You noted 7 out of 10" in html
    assert "Or simply rest" in html
    assert "Saved. Thank you" not in client.get("/").get_data(as_text=True)
    assert count_checkins(app) == 1


def test_htmx_create_is_201_then_200_for_the_same_client_id(app, auth, user):
    data, htmx = checkin_data(mood="4"), {"HX-Request": "true"}
    first = auth.post("/checkins", data, headers=htmx)
    assert first.status_code == 201
    body = first.get_data(as_text=True)
    assert "Saved. Thank you for checking in." in body and "<html" not in body
    again = auth.post("/checkins", data, headers=htmx)
    assert again.status_code == 200
    assert "Saved. Thank you for checking in." in again.get_data(as_text=True)
    assert count_checkins(app) == 1


def test_a_repeat_naming_someone_new_adds_neither_a_checkin_nor_a_part(app, auth, user):
    data, htmx = checkin_data(mood="5", new_part="The Sleepy One"), {"HX-Request": "true"}
    assert auth.post("/checkins", data, headers=htmx).status_code == 201
    again = auth.post("/checkins", data, headers=htmx)
    assert again.status_code == 200 and "Saved. Thank you" in again.get_data(as_text=True)
    assert count_checkins(app) == 1
    assert only_checkin(app)["parts"] == ["The Sleepy One"]
    with app.app_context():
        assert db.session.scalars(select(Part.name)).all() == ["The Sleepy One"]


def test_a_repeat_is_answered_with_the_first_even_if_its_part_is_gone(app, auth, user):
    """The outbox may replay an entry after the person deleted a part it named."""
    part_id = insert_part(app, "sam", "Worrier")
    data, htmx = checkin_data(mood="3", parts=str(part_id)), {"HX-Request": "true"}
    assert auth.post("/checkins", data, headers=htmx).status_code == 201
    with app.app_context():
        db.session.delete(db.session.get(Part, part_id))
        db.session.commit()
    again = auth.post("/checkins", data, headers=htmx)
    assert again.status_code == 200 and "You noted 3 out of 10" in again.get_data(as_text=True)
    assert count_checkins(app) == 1
    fresh = auth.post("/checkins", checkin_data(mood="3", parts=str(part_id)), headers=htmx)
    assert fresh.status_code == 422


def test_a_refused_mood_only_form_comes_back_with_the_persons_parts(app, auth, user):
    insert_part(app, "sam", "The Sleeper")
    response = auth.post("/checkins", checkin_data(mood="11", note="kept"),
                         headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "The Sleeper" in html and "kept</textarea>" in html


def test_replayed_plain_post_does_not_duplicate(app, auth, user):
    data = checkin_data()
    assert auth.post("/checkins", data).status_code == 303
    assert auth.post("/checkins", data).status_code == 303
    assert count_checkins(app) == 1


def test_everything_optional_is_stored(app, auth, user):
    part_id = insert_part(app, "sam", "The Critic")
    response = auth.post("/checkins", checkin_data(
        mood="3", energy="2", feelings=["tired", "sad"], parts=[str(part_id)],
        new_part="Little One", self_qualities=["curiosity", "calm"], note="Long day.",
        occurred_at="2024-05-01T21:15"))
    assert response.status_code == 303
    saved = only_checkin(app)
    assert saved["mood"] == 3 and saved["energy"] == 2 and saved["note"] == "Long day."
    assert saved["feelings"] == ["sad", "tired"]
    assert saved["self"] == ["calm", "curiosity"]
    assert saved["parts"] == ["Little One", "The Critic"]
    assert saved["local_date"] == date(2024, 5, 1)
    with app.app_context():
        newcomer = db.session.scalar(select(Part).where(Part.name == "Little One"))
        assert newcomer.role == "unknown"


def test_the_confirmation_suggests_breathing_and_befriending_the_first_part(client, auth,
                                                                           user, app):
    sleeper, critic = insert_part(app, "sam", "The Sleeper"), insert_part(app, "sam", "The Critic")
    data = checkin_data(mood="4", parts=[str(sleeper), str(critic)])
    response = auth.post("/checkins", data, headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 201 and "with The Critic, The Sleeper around" in html
    repeat = auth.post("/checkins", data, headers={"HX-Request": "true"})
    assert repeat.status_code == 200 and repeat.get_data(as_text=True) == html
    assert '<a href="/breathe">Breathe slowly for a minute</a>' in html
    befriend = f"/practices/befriend-depressed-part?part={critic}"
    assert (f'<a href="{befriend}">Spend a few minutes befriending The Critic</a>, '
            "who showed up today") in html
    assert f"part={sleeper}" not in html
    practice = client.get(befriend).get_data(as_text=True)
    assert "Befriend your depressed part" in practice
    chosen = f'<option value="{critic}" data-name="The Critic" selected>The Critic</option>'
    assert chosen in practice
    assert "How do you feel toward The Critic right now?" in practice


def test_with_no_part_the_confirmation_offers_breathing_or_rest(auth, user):
    html = auth.post("/checkins", checkin_data(mood="6"),
                     headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'href="/breathe"' in html and "Or simply rest" in html
    assert "befriending" not in html and "/practices/" not in html


QUESTION = "are you having thoughts of\n  ending your life, or of hurting yourself?"


def confirmation_of(html: str) -> str:
    return html[html.index('id="checkin-saved"'):]


@pytest.mark.parametrize("extra", [{"mood": "1"}, {"mood": "2"},
                                   {"mood": "7", "feelings": ["tired", "hopeless"]}],
                         ids=["mood-1", "mood-2", "hopeless"])
def test_a_very_low_checkin_asks_plainly_in_the_page(client, auth, user, extra):
    auth.post("/checkins", checkin_data(**extra))
    saved = confirmation_of(client.get("/").get_data(as_text=True))
    assert QUESTION in saved
    # The answers are in the page (nothing fetched); without JavaScript the form still works.
    assert "hx-get" not in saved and 'action="/checkins/support"' in saved
    assert "data-gentle-yes hidden" in saved and "You deserve support right now" in saved
    assert "Thank you for being honest about this" in saved
    assert "telling us" not in saved and "letting us know" not in saved


def test_the_question_waits_hidden_in_the_form_with_its_rule(client, user):
    html = client.get("/").get_data(as_text=True)
    start = html.index('id="checkin-form"')
    form = html[start:html.index("</form>", start)]
    assert 'data-support-when="mood:1,2;feelings:hopeless" hidden' in form
    assert QUESTION in form and "support.js" in html


def test_the_support_page_answers_without_javascript(client, user):
    page = client.get("/checkins/support?answer=yes").get_data(as_text=True)
    assert "You deserve support right now" in page and "<html" in page
    fragment = client.get("/checkins/support?answer=yes", headers={"HX-Request": "true"})
    assert "You deserve support right now" in fragment.get_data(as_text=True)
    assert "<html" not in fragment.get_data(as_text=True)
    no = client.get("/checkins/support?answer=no").get_data(as_text=True)
    assert "Thank you for answering" in no and "You deserve support" not in no


def lowest_mood_then(auth, answer: str, **headers) -> str:
    """Save a mood of 1 through htmx, then answer the soft question it asks, as htmx does."""
    htmx = {"HX-Request": "true", **headers}
    confirmation = auth.post("/checkins", checkin_data(mood="1"), headers=htmx)
    assert confirmation.status_code == 201
    assert 'action="/checkins/support"' in confirmation.get_data(as_text=True)
    response = auth.client.get(f"/checkins/support?answer={answer}", headers=htmx)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_yes_shows_the_lines_of_the_persons_own_country(auth, user):
    auth.post("/account/settings", {"timezone": "America/New_York", "country": "US"})
    html = lowest_mood_then(auth, "yes", **{"Accept-Language": "en-GB"})
    assert "You deserve support right now" in html and "<html" not in html
    assert 'href="tel:911"' in html and 'href="tel:988"' in html
    assert 'href="sms:741741?body=HOME"' in html and 'href="tel:999"' not in html
    assert "phone's language" not in html
    assert 'href="/safety-plan"' in html and 'href="/crisis"' in html


def test_yes_with_no_country_set_guesses_it_from_the_phones_language(client, auth, user):
    html = lowest_mood_then(auth, "yes", **{"Accept-Language": "en-GB,en;q=0.8"})
    assert 'href="tel:999"' in html and 'href="tel:116123"' in html
    assert 'href="tel:911"' not in html and 'href="tel:112"' not in html
    assert ("Going by your phone's language, these lines are for: United Kingdom."
            in " ".join(html.split()))
    assert 'href="/crisis#elsewhere">All crisis lines</a>' in html
    assert 'href="/safety-plan"' in html
    response = client.get("/checkins/support?answer=yes", headers={"Accept-Language": "en-GB"})
    assert "Accept-Language" in response.headers.get("Vary", "")


def test_yes_with_no_country_and_no_guess_offers_a_link_and_112(auth, user):
    html = lowest_mood_then(auth, "yes", **{"Accept-Language": "fr-FR"})
    assert "Find a crisis line near you" in html and 'href="tel:112"' in html
    assert "phone's language" not in html and 'href="/safety-plan"' in html


def test_somewhere_else_is_a_choice_the_guess_does_not_override(auth, user):
    auth.post("/account/settings", {"timezone": "UTC", "country": "ZZ"})
    html = lowest_mood_then(auth, "yes", **{"Accept-Language": "en-GB"})
    assert "Find a crisis line near you" in html and 'href="tel:999"' not in html


def test_no_is_answered_gently_without_the_card(auth, user):
    html = lowest_mood_then(auth, "no", **{"Accept-Language": "en-GB"})
    assert "Thank you for answering" in html and "Need help now" in html
    assert "You deserve support" not in html and "tel:" not in html


def test_higher_moods_are_not_asked(client, auth, user):
    auth.post("/checkins", checkin_data(mood="3", feelings=["sad", "tired"]))
    assert QUESTION not in confirmation_of(client.get("/").get_data(as_text=True))


@pytest.mark.parametrize("zone, typed, local_day, utc_day", [
    ("Pacific/Auckland", "2025-03-10T23:30", date(2025, 3, 10), date(2025, 3, 10)),
    ("Pacific/Auckland", "2025-03-10T00:30", date(2025, 3, 10), date(2025, 3, 9)),
    ("America/Los_Angeles", "2025-03-10T23:30", date(2025, 3, 10), date(2025, 3, 11)),
])
def test_local_date_comes_from_the_persons_time_zone(app, auth, user, zone, typed, local_day,
                                                     utc_day):
    auth.post("/account/settings", {"timezone": zone, "country": ""})
    assert auth.post("/checkins", checkin_data(occurred_at=typed)).status_code == 303
    saved = only_checkin(app)
    assert saved["local_date"] == local_day
    occurred = saved["occurred_at"]
    occurred = occurred if occurred.tzinfo else occurred.replace(tzinfo=ZoneInfo("UTC"))
    assert occurred.astimezone(ZoneInfo("UTC")).date() == utc_day
    assert occurred.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M") == typed


def test_left_empty_the_time_is_now_in_the_persons_day(app, auth, user):
    auth.post("/account/settings", {"timezone": "Pacific/Auckland", "country": ""})
    auth.post("/checkins", checkin_data(occurred_at=""))
    assert only_checkin(app)["local_date"] == datetime.now(ZoneInfo("Pacific/Auckland")).date()


def future() -> str:
    return (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")


BAD = [
    ({"mood": "11"}, "mood", "from 1 to 10"),
    ({"mood": "0"}, "mood", "from 1 to 10"),
    ({"mood": "soso"}, "mood", "from 1 to 10"),
    ({"mood": ""}, "mood", "from 1 to 10"),
    ({"energy": "9"}, "energy", "Energy goes from 1 to 5"),
    ({"self_qualities": ["calm", "bravado"]}, "self", "eight qualities"),
    ({"feelings": ["sad", "meh"]}, "feelings", "isn&#39;t on the list"),
    ({"parts": [MINE, "not-a-number"]}, "parts", "couldn&#39;t be found"),
    ({"note": "x" * 5001}, "note", "up to 5,000 characters"),
    ({"new_part": "N" * 81}, "new_part", "up to 80 characters"),
    ({"occurred_at": future}, "occurred_at", "hasn&#39;t happened yet"),
    ({"occurred_at": "yesterday-ish"}, "occurred_at", "date and time"),
]


@pytest.mark.parametrize("fields, field_id, message", BAD)
@pytest.mark.parametrize("fragment", [False, True])
def test_bad_input_is_422_with_the_error_beside_the_field(app, client, auth, user, fields,
                                                          field_id, message, fragment):
    data = typed_data(insert_part(app, "sam", "The Sleeper"), **fields)
    headers = {"HX-Request": "true"} if fragment else {}
    response = auth.post("/checkins", data, headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field_id}-error"' in html and message in html
    assert ("<html" in html) is not fragment
    assert html.lstrip().startswith('<form id="checkin-form"') is fragment
    assert_everything_typed_is_back(html, data)
    assert client_id_of(html) == data["client_id"]
    assert count_checkins(app) == 0


def client_id_of(html: str) -> str:
    return re.search(r'name="client_id" value="([^"]*)"', html)[1]


def test_someone_elses_part_is_refused(app, client, auth, user):
    auth.logout()
    auth.signup("alex")
    theirs = insert_part(app, "alex", "Alex's Critic")
    auth.logout()
    auth.login()
    mine = insert_part(app, "sam", "Sleeper")
    data = typed_data(mine, parts=[str(mine), str(theirs)])
    response = auth.post("/checkins", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="parts-error"' in html
    assert f'value="{mine}" checked' in html and "Alex&#39;s Critic" not in html
    assert f'id="part-{theirs}"' not in html
    assert_everything_typed_is_back(html, {**data, "parts": [str(mine)]})
    assert client_id_of(html) == data["client_id"]
    assert count_checkins(app) == 0


@pytest.mark.parametrize("raw", ["", "not-a-uuid", "1234"])
@pytest.mark.parametrize("fragment", [False, True])
def test_malformed_client_id_is_422_with_a_fresh_one(app, auth, user, raw, fragment):
    data = typed_data(insert_part(app, "sam", "The Sleeper"), client_id=raw)
    headers = {"HX-Request": "true"} if fragment else {}
    response = auth.post("/checkins", data, headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "lost its label" in html
    assert client_id_of(html) != raw and uuid.UUID(client_id_of(html))
    assert_everything_typed_is_back(html, data)
    assert count_checkins(app) == 0
