"""Questionnaires over HTTP: saving through the outbox, 422s, 404s, item 9, history, due."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import render_template
from flask_login import login_user
from sqlalchemy import select

from ifs_pwa.auth.models import User
from ifs_pwa.extensions import db
from ifs_pwa.measures.models import MeasureResult
from ifs_pwa.measures.suggest import due_measure
from tests.conftest import AuthActions
from tests.factories import add_checkin


def answers(values: list[int], **extra) -> dict:
    return {"client_id": str(uuid.uuid4()),
            **{f"q{n}": str(v) for n, v in enumerate(values, start=1)}, **extra}


def results(app) -> list[MeasureResult]:
    with app.app_context():
        return db.session.scalars(select(MeasureResult).order_by(MeasureResult.id)).all()


@pytest.mark.parametrize("slug", ["phq9", "gad7", "who5"])
def test_each_questionnaire_renders_every_item_with_the_outbox_form(client, user, slug):
    response = client.get(f"/measures/{slug}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "data-outbox" in html and 'name="client_id"' in html
    assert html.count('type="radio"') >= 5 * 5
    assert "measures.js" in html


def test_phq9_shows_items_exactly_and_keeps_item9_support_in_the_page(client, user):
    html = client.get("/measures/phq9").get_data(as_text=True)
    assert "Thoughts that you would be better off dead or of hurting yourself in some way" in html
    assert 'id="crisis-now"' in html and 'aria-live="polite"' in html
    # The card is already in the page, hidden until item 9 is answered above "Not at all".
    assert '<div data-support-when="q9:1,2,3" hidden>' in html
    assert "You deserve support right now" in html and "support.js" in html
    assert "hx-get" not in html[html.index('id="measure-form"'):]


def test_unknown_instrument_is_404(client, auth, user):
    assert client.get("/measures/beck").status_code == 404
    assert auth.post("/measures/beck", answers([0] * 9)).status_code == 404


def test_save_without_javascript_redirects_to_the_result(client, auth, user, app):
    response = auth.post("/measures/phq9", answers([1, 2, 1, 1, 1, 1, 1, 1, 0],
                                                     difficulty="Somewhat difficult"))
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>9</strong> out of 27" in html and "“mild”" in html
    assert "not a diagnosis" in html and "add up to 3 of 6" in html
    assert "Support right now" not in html
    (row,) = results(app)
    assert (row.score, row.band, row.item9_flag) == (9, "mild", False)
    assert row.answers == {"items": [1, 2, 1, 1, 1, 1, 1, 1, 0], "difficulty": "Somewhat difficult"}
    assert abs((row.local_date - date.today()).days) <= 1  # the person's day, UTC here


def test_item9_flag_shows_support_on_the_result_and_in_history(client, auth, user, app):
    response = auth.post("/measures/phq9", answers([0] * 8 + [1]))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>1</strong> out of 27" in html
    assert "Support right now" in html and 'href="/crisis"' in html
    (row,) = results(app)
    assert row.item9_flag is True
    page = client.get("/measures/phq9").get_data(as_text=True)
    assert 'class="dot flagged"' in page and "Flagged: thoughts of self-harm" in page


def test_outbox_save_is_201_then_200_with_one_row(htmx_client, app):
    auth = AuthActions(htmx_client)
    auth.signup()
    data = answers([3, 3, 3, 3, 3])
    first = auth.post("/measures/who5", data)
    body = first.get_data(as_text=True)
    assert first.status_code == 201 and "<html" not in body
    assert "<strong>60</strong> out of 100" in body
    again = auth.post("/measures/who5", data)
    assert again.status_code == 200
    assert "<strong>60</strong> out of 100" in again.get_data(as_text=True)
    assert len(results(app)) == 1


def test_missing_and_out_of_range_answers_are_422_naming_them_with_answers_kept(client, auth, user,
                                                                                 app):
    data = answers([2, 1, 0, 3, 9, 1, 0])  # item 5 out of range, items 8 and 9 missing
    response = auth.post("/measures/phq9", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please answer questions 5, 8, 9" in html
    assert 'id="q5-error"' in html and 'aria-describedby="q8-error"' in html
    assert 'name="q1" value="2" checked' in html and 'name="q4" value="3" checked' in html
    assert f'name="client_id" value="{data["client_id"]}"' in html  # nothing saved: same id
    assert results(app) == []


def test_422_as_a_fragment_for_the_outbox(htmx_client, app):
    auth = AuthActions(htmx_client)
    auth.signup()
    response = auth.post("/measures/gad7", answers([1, 1, 1]))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in body
    assert 'id="measure-form"' in body and "questions 4, 5, 6, 7" in body
    bad_id = auth.post("/measures/gad7", answers([1] * 7, client_id="nope"))
    assert bad_id.status_code == 422 and results(app) == []


def test_another_persons_result_is_404(client, auth, user, app):
    response = auth.post("/measures/gad7", answers([1] * 7))
    location = response.headers["Location"]
    assert client.get(location).status_code == 200
    assert client.get(location.replace("gad7", "phq9")).status_code == 404
    auth.logout()
    auth.signup("alex")
    assert client.get(location).status_code == 404
    assert "out of 21" not in client.get("/measures/gad7").get_data(as_text=True)


def test_due_measure_follows_a_fourteen_day_rhythm(app, auth, user):
    today = date(2026, 6, 15)
    with app.app_context():
        sam = db.session.scalar(select(User))
        assert due_measure(db.session, sam.id, today).slug == "phq9"

        def take(instrument, day):
            db.session.add(MeasureResult(
                user_id=sam.id, client_id=uuid.uuid4(), instrument=instrument,
                answers={"items": []}, score=10, band="good", local_date=day))
            db.session.commit()

        take("who5", today - timedelta(days=13))
        assert due_measure(db.session, sam.id, today) is None
        assert due_measure(db.session, sam.id, today + timedelta(days=1)).slug == "who5"
        take("gad7", today)
        assert due_measure(db.session, sam.id, today + timedelta(days=13)) is None
        assert due_measure(db.session, sam.id, today + timedelta(days=14)).slug == "gad7"


def render_due(app) -> str:
    with app.test_request_context():
        login_user(db.session.scalar(select(User)))
        return render_template("measures/_due.html")


def test_due_partial_suggests_gently_and_goes_quiet_after_answering(app, auth, user):
    html = render_due(app)
    assert "if you like" in html and 'href="/measures/phq9"' in html
    auth.post("/measures/phq9", answers([0] * 9))
    assert "measure-due" not in render_due(app)


def test_measures_index_lists_all_three(client, user):
    html = client.get("/measures/").get_data(as_text=True)
    for slug in ("phq9", "gad7", "who5"):
        assert f'href="/measures/{slug}"' in html
    assert 'href="/measures/"' in client.get("/more").get_data(as_text=True)


def test_today_suggests_a_measure_gently_until_one_is_taken(app, client, auth, user):
    # Not on the very first day (checkins.today.SETTLED_DAYS): then, checking in is enough.
    assert auth.post("/checkins", {"client_id": str(uuid.uuid4()), "mood": "5"}).status_code == 303
    assert "Saved. Thank you" in client.get("/").get_data(as_text=True)  # shown once
    first_day = client.get("/").get_data(as_text=True)
    assert "You checked in today" in first_day and "A two-week check-up" not in first_day
    for days_ago in (1, 2):
        add_checkin(app, "sam", 5, datetime.now(UTC) - timedelta(days=days_ago))
    today = client.get("/").get_data(as_text=True)
    assert "A two-week check-up, if you like" in today
    assert 'href="/measures/' in today
    assert auth.post("/measures/phq9", answers([0] * 9)).status_code == 303
    assert "A two-week check-up" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(("values", "words"), [
    ([0, 0, 1, 1, 0, 0, 0, 0, 0], "Keep an eye on how you feel"),
    ([1, 1, 1, 1, 1, 1, 1, 0, 0], "Keep an eye on it: take this again"),
    ([2, 2, 1, 1, 1, 1, 1, 1, 0], "worth talking this over with a doctor or therapist"),
    ([2, 2, 2, 2, 2, 2, 2, 1, 0], "make an appointment with a doctor soon"),
    ([3, 3, 3, 3, 3, 3, 2, 2, 0], "contact a doctor or a mental-health service this week"),
], ids=["minimal", "mild", "moderate", "moderately-severe", "severe"])
def test_phq9_result_gives_the_next_step_for_its_band(auth, user, values, words):
    html = auth.post("/measures/phq9", answers(values), headers={"HX-Request": "true"}).get_data(
        as_text=True)
    assert words in html and "A next step:" in html
    assert "keep it up while you use this" in html and 'href="/when-it-gets-dark"' in html
    assert "You deserve support right now" not in html  # item 9 was "Not at all"


def test_gad7_and_who5_wording_on_the_page(client, user):
    gad7 = client.get("/measures/gad7").get_data(as_text=True)
    assert ("Over the last 2 weeks, how often have you been bothered by the following problems?"
            in gad7) and "by any of the following" not in gad7
    assert "how difficult have these problems made it for you" in gad7
    assert 'name="difficulty"' in gad7
    who5 = client.get("/measures/who5").get_data(as_text=True)
    assert ("Please indicate for each of the five statements which is closest to how you have "
            "been feeling over the last two weeks. Notice that higher numbers mean better "
            "well-being.") in who5
    assert "(instruction adapted for the screen)" in who5
    assert "Over the last two weeks,</span> I have felt cheerful and in good spirits" in who5
    assert 'All of the time <span class="muted">(5)</span>' in who5


def test_the_about_page_no_longer_says_who5_is_unchanged(client):
    html = client.get("/about").get_data(as_text=True)
    assert "Its instruction is adapted for the" in html
    assert "shown here without changes to its wording" not in html


@pytest.mark.parametrize("fragment", [True, False])
def test_a_client_id_another_questionnaire_used_is_422_with_answers_kept(make_app, fragment):
    """A WHO-5 posted with the client_id of a PHQ-9 already saved is bad input, not a repeat:
    a 422 that says so, the answers kept, and nothing changed (it was a 500 before)."""
    app = make_app()
    client = app.test_client()
    if fragment:
        client.environ_base["HTTP_HX_REQUEST"] = "true"
    auth = AuthActions(client)
    auth.signup()
    phq9 = answers([1] * 9)
    assert auth.post("/measures/phq9", phq9).status_code in (201, 303)
    who5 = answers([3, 3, 3, 3, 3], client_id=phq9["client_id"])
    response = auth.post("/measures/who5", who5)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "already used by another questionnaire" in html
    assert 'name="q1" value="3" checked' in html
    assert f'value="{phq9["client_id"]}"' not in html  # a fresh id, so sending again works
    assert [r.instrument for r in results(app)] == ["phq9"]


def test_the_result_fragment_brings_the_updated_history_out_of_band(auth, client, user):
    response = auth.post("/measures/phq9", answers([1] * 8 + [0]), headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 201
    oob = html[html.index('id="history"') - 200:]
    assert 'hx-swap-oob="outerHTML"' in oob and "<svg" in oob  # the chart, with this result
    assert "Once you've answered" not in html
    page = client.get("/measures/phq9").get_data(as_text=True)
    assert 'id="history"' in page and "hx-swap-oob" not in page  # the page itself is plain
