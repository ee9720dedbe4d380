"""Deleting one entry: ask first (inline for htmx, a page without JavaScript), then it's gone."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ifs_pwa.breathing.models import BreathingSession
from ifs_pwa.checkins.models import CheckIn, checkin_parts
from ifs_pwa.extensions import db
from ifs_pwa.measures.models import MeasureResult
from ifs_pwa.parts.models import Part, PartRelation
from ifs_pwa.practices.models import PracticeSession
from ifs_pwa.safety.models import SafetyPlan
from tests.conftest import AuthActions
from tests.factories import fill_everything

HX = {"HX-Request": "true"}


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def breathing_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(BreathingSession.id))


def checkin_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(CheckIn.id))


def delete_paths(app, ids) -> dict[str, tuple[str, type, str]]:
    """kind → (confirm/delete path, model, where a plain form lands afterwards)."""
    return {
        "part": (f"/parts/{ids['part']}/delete", Part, "/parts/"),
        "check-in": (f"/checkins/{checkin_id(app)}/delete", CheckIn, "/checkins/"),
        "practice": (f"/practices/sessions/{ids['practice']}/delete", PracticeSession,
                     "/practices/"),
        "breathing": (f"/breathe/sessions/{breathing_id(app)}/delete", BreathingSession,
                      "/breathe/sessions"),
        "measure": (f"/measures/gad7/results/{ids['measure']}/delete", MeasureResult,
                    "/measures/gad7"),
        "safety plan": ("/safety-plan/clear", SafetyPlan, "/safety-plan"),
    }


KINDS = ["part", "check-in", "practice", "breathing", "measure", "safety plan"]


@pytest.mark.parametrize("kind", KINDS)
def test_confirm_then_delete_without_javascript(app, auth, user, kind):
    path, model, lands = delete_paths(app, fill_everything(auth, "sam"))[kind]
    before = count(app, model)
    page = auth.client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html
    assert f'action="{path}"' in html and "can&#39;t be undone" not in html
    assert "This can't be undone." in html and "Keep it" in html
    assert count(app, model) == before  # asking deletes nothing

    response = auth.post(path)
    assert response.status_code == 303 and response.headers["Location"] == lands
    assert count(app, model) == before - 1
    assert "deleted" in auth.client.get(lands).get_data(as_text=True) or kind == "safety plan"


@pytest.mark.parametrize("kind", KINDS)
def test_confirm_inline_and_delete_with_htmx(app, auth, user, kind):
    path, model, lands = delete_paths(app, fill_everything(auth, "sam"))[kind]
    before = count(app, model)
    fragment = auth.client.get(path, headers=HX)
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in html
    assert f'hx-post="{path}"' in html and 'name="csrf_token"' in html

    response = auth.post(path, headers=HX)
    assert response.status_code == 200 and response.headers["HX-Redirect"] == lands
    assert count(app, model) == before - 1


@pytest.mark.parametrize("kind", KINDS)
def test_someone_elses_entry_is_not_found(app, auth, user, kind):
    path, model, _ = delete_paths(app, fill_everything(auth, "sam"))[kind]
    before = count(app, model)
    stranger = AuthActions(app.test_client())
    assert stranger.signup("robin").status_code == 302
    if kind == "safety plan":  # the plan is always one's own: robin clears an empty one
        assert stranger.post(path).status_code == 303
        assert count(app, model) == before
        return
    assert stranger.client.get(path).status_code == 404
    assert stranger.post(path).status_code == 404
    assert stranger.post(path, headers=HX).status_code == 404
    assert count(app, model) == before


def test_deleting_a_part_keeps_checkins_and_practices_but_drops_links(app, auth, user):
    ids = fill_everything(auth, "sam")
    assert auth.post(f"/parts/{ids['part']}/delete").status_code == 303
    with app.app_context():
        assert db.session.get(Part, ids["part"]) is None
        assert db.session.get(Part, ids["other_part"]) is not None
        assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1
        assert db.session.scalar(select(func.count()).select_from(checkin_parts)) == 0
        assert db.session.scalar(select(func.count()).select_from(PartRelation)) == 0
        practice = db.session.get(PracticeSession, ids["practice"])
        assert practice is not None and practice.part_id is None
    assert auth.client.get(f"/practices/sessions/{ids['practice']}").status_code == 200


def test_pages_offer_the_delete_step(app, auth, user):
    ids = fill_everything(auth, "sam")
    pages = {
        f"/parts/{ids['part']}": f"/parts/{ids['part']}/delete",
        f"/practices/sessions/{ids['practice']}": f"/practices/sessions/{ids['practice']}/delete",
        f"/measures/gad7/results/{ids['measure']}":
            f"/measures/gad7/results/{ids['measure']}/delete",
        "/safety-plan": "/safety-plan/clear",
        "/breathe/sessions": f"/breathe/sessions/{breathing_id(app)}/delete",
        f"/checkins/{checkin_id(app)}": f"/checkins/{checkin_id(app)}/delete",
    }
    for page, link in pages.items():
        html = auth.client.get(page).get_data(as_text=True)
        assert f'href="{link}"' in html and f'hx-get="{link}"' in html, page
    assert 'href="/breathe/sessions"' in auth.client.get("/breathe").get_data(as_text=True)


def test_breathing_sessions_page_lists_only_mine(app, auth, user):
    fill_everything(auth, "sam")
    html = auth.client.get("/breathe/sessions").get_data(as_text=True)
    assert "Sat 1 Mar 2025: Box" in html and "1 min 4 s" in html
    stranger = AuthActions(app.test_client())
    stranger.signup("robin")
    assert "No saved sessions yet" in stranger.client.get("/breathe/sessions").get_data(
        as_text=True)


def test_huge_ids_are_simply_not_found(auth, user):
    assert auth.client.get(f"/parts/{2**40}/delete").status_code == 404
    assert auth.post(f"/breathe/sessions/{2**40}/delete").status_code == 404
