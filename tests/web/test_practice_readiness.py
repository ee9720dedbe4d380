"""Today's state decides whether exile work is offered at all: a very low check-in today, or a
PHQ-9 answer above 0 on item 9 in the last 14 days, turns it into grounding, breathing and the
safety plan, kindly explained, on the page and on the readiness form alike."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from ifs_pwa.extensions import db
from ifs_pwa.practices.readiness import hard_day_reasons
from ifs_pwa.pwa.views import shell_pages
from tests.factories import add_checkin, add_phq9
from tests.factories import person as owner

EXILE_PRACTICES = ["witnessing-an-exile", "unburdening"]


def offered(auth, slug) -> str:
    response = auth.client.get(f"/practices/{slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def assert_gentle_offer(html: str) -> None:
    assert "data-hard-day" in html and " data-outbox " not in html
    assert "/practices/grounding-5-4-3-2-1" in html and "/breathe" in html
    assert "/safety-plan" in html and "/crisis" in html
    assert "Thank you for being honest" in html and "another day" in html


@pytest.mark.parametrize("slug", EXILE_PRACTICES)
def test_a_mood_of_two_today_offers_grounding_instead(app, auth, user, slug):
    add_checkin(app, user, 2)
    html = offered(auth, slug)
    assert_gentle_offer(html)
    assert "lowest moods" in html
    # Submitting the readiness form anyway changes nothing.
    posted = auth.post("/practices/caution", {"slug": slug, "understood": "yes",
                                              "self_here": "yes"}).get_data(as_text=True)
    assert_gentle_offer(posted)


@pytest.mark.parametrize("slug", EXILE_PRACTICES)
def test_a_phq9_item9_answer_in_the_last_two_weeks_offers_grounding_instead(app, auth, user,
                                                                             slug):
    add_phq9(app, user, item9=1, days_ago=13.5)
    html = offered(auth, slug)
    assert_gentle_offer(html)
    assert "thoughts of being better off dead or of hurting yourself" in html


def test_what_does_not_count(app, auth, user):
    add_checkin(app, user, 3)  # low, but not one of the two lowest
    add_checkin(app, user, 1, when=datetime.now(UTC) - timedelta(days=2))  # not today
    add_phq9(app, user, item9=0)  # item 9 answered "not at all"
    add_phq9(app, user, item9=2, days_ago=14.5)  # more than 14 days ago
    html = offered(auth, "witnessing-an-exile")
    assert "data-hard-day" not in html and "Before you go closer to an exile" in html


def test_today_is_the_persons_own_day(app, auth, user):
    """A check-in at 23:30 in Auckland is "today" there, though it is yesterday in UTC."""
    with app.app_context():
        person = owner(user)
        person.timezone = "Pacific/Auckland"
        db.session.commit()
        now = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)  # 00:00 on 11 June in Auckland
    add_checkin(app, user, 1, when=datetime(2026, 6, 10, 11, 30, tzinfo=UTC))  # 23:30 on 10th
    add_checkin(app, user, 2, when=datetime(2026, 6, 10, 12, 30, tzinfo=UTC))  # 00:30 on 11th
    with app.app_context():
        person = owner(user)
        assert hard_day_reasons(person, now) == ["checkin"]
        assert hard_day_reasons(person, now - timedelta(hours=1)) == ["checkin"]  # the 10th
        assert hard_day_reasons(person, now + timedelta(days=1)) == []


def test_protector_practices_stay_open_on_a_hard_day(app, auth, user):
    add_checkin(app, user, 1)
    add_phq9(app, user, item9=3)
    for slug in ("grounding-5-4-3-2-1", "get-to-know-a-protector", "self-check"):
        assert " data-outbox " in offered(auth, slug)


def test_a_session_begun_before_the_low_check_in_can_still_be_saved(app, auth, user):
    """Nothing typed is lost: the hard-day rule changes what is offered, not what is kept."""
    html = auth.post("/practices/caution", {"slug": "unburdening", "understood": "yes",
                                            "self_here": "yes"}).get_data(as_text=True)
    ready = html.split('name="ready" value="', 1)[1].split('"', 1)[0]
    add_checkin(app, user, 1)
    saved = auth.post("/practices/unburdening", {"client_id": str(uuid.uuid4()),
                                                 "ready": ready, "finished": ["0", "0"],
                                                 "answer-ready": "not_yet"})
    assert saved.status_code == 303


def test_exile_pages_are_never_kept_for_offline(app, auth, user):
    assert "no-store" in auth.client.get("/practices/unburdening").headers["Cache-Control"]
    ready = auth.post("/practices/caution", {"slug": "unburdening", "understood": "yes",
                                             "self_here": "yes"})
    assert "no-store" in ready.headers["Cache-Control"]
    add_checkin(app, user, 1)
    assert "no-store" in auth.client.get("/practices/unburdening").headers["Cache-Control"]
    plain = auth.client.get("/practices/self-check").headers.get("Cache-Control", "")
    assert "no-store" not in plain
    with app.test_request_context():
        pages = shell_pages()
    assert "/practices/self-check" in pages and "/practices/unburdening" not in pages
