"""Without JavaScript the server shows a practice one screen at a time, along the very same
graph: every path of every practice is walked here through the real form and the real routes,
and what is saved at the end is exactly the answers on that path."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ifs_pwa.extensions import db
from ifs_pwa.practices.graph import FINISH, INTRO, step_paths
from ifs_pwa.practices.loader import load_library
from ifs_pwa.practices.models import PracticeSession
from tests.web.practice_paths import FormState, answers_for, expected_screens

LIBRARY = load_library()


def open_practice(auth, slug: str) -> str:
    if LIBRARY[slug].gated:
        response = auth.post("/practices/caution", {"slug": slug, "understood": "yes",
                                                    "self_here": "yes"})
    else:
        response = auth.client.get(f"/practices/{slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def walk_without_js(auth, slug: str, path, breathe: bool = True) -> tuple[list[str], dict]:
    """Press Next screen by screen as a browser without JavaScript would, giving the path's
    choices and a line of writing for every question; then save."""
    practice = LIBRARY[slug]
    choices = answers_for(path)
    state = FormState(open_practice(auth, slug))
    seen = []
    while True:
        assert len(state.visible) == 1, state.visible  # one screen at a time
        screen = state.visible[0]
        seen.append(screen)
        fields = dict(state.fields)
        if screen == INTRO and not breathe:
            fields.pop("breathe_first", None)
        step = practice.step(screen)
        if step and step.kind == "choose":
            fields["answer-" + screen] = choices[screen]
        elif step and step.kind == "reflect":
            fields["answer-" + screen] = f"words for {screen}"
        if screen == FINISH:
            fields["finished"] = ["0", "1"]
            response = auth.client.post(f"/practices/{slug}", data=fields)
            assert response.status_code == 303, response.get_data(as_text=True)[:500]
            return seen, fields
        response = auth.client.post(f"/practices/{slug}", data={**fields, "go": "next"})
        assert response.status_code == 200, (slug, screen)
        state = FormState(response.get_data(as_text=True))
        assert len(seen) < 60


def last_saved(app) -> dict:
    with app.app_context():
        row = db.session.scalars(select(PracticeSession).order_by(PracticeSession.id.desc()))
        return row.first().answers


@pytest.mark.parametrize("slug", list(LIBRARY))
def test_the_no_js_form_follows_every_path_of_the_graph(app, auth, user, slug):
    practice = LIBRARY[slug]
    for path in step_paths(practice):
        seen, _ = walk_without_js(auth, slug, path)
        assert seen == expected_screens(practice, path), (slug, path)
        saved = last_saved(app)
        on_path = {step_id for step_id, _ in path}
        assert set(saved) == {s for s in on_path if practice.step(s).kind in ("reflect", "choose")}
        for step_id, value in path:
            if value:
                assert saved[step_id] == value


def test_no_js_breathe_first_can_be_skipped_and_back_retraces_the_path(auth, user):
    slug = "witnessing-an-exile"
    practice = LIBRARY[slug]
    refusal = next(p for p in step_paths(practice) if dict(p).get("permission") == "no")
    seen, _ = walk_without_js(auth, slug, refusal, breathe=False)
    assert seen == expected_screens(practice, refusal, breathe=False)
    assert seen == [INTRO, "permission", "protector_worry", "protector_thanks", FINISH]
    # Back, from the protector's worry, returns to the question, with the answer still there.
    state = FormState(open_practice(auth, slug))
    fields = {**state.fields, "breathe_first": "1"}
    for _ in range(2):  # intro → breathe first → permission
        state = FormState(auth.client.post(f"/practices/{slug}",
                                           data={**fields, "go": "next"}).get_data(True))
        fields = state.fields
    assert state.visible == ["permission"]
    fields = {**fields, "answer-permission": "no"}
    state = FormState(auth.client.post(f"/practices/{slug}",
                                       data={**fields, "go": "next"}).get_data(True))
    assert state.visible == ["protector_worry"]
    state = FormState(auth.client.post(f"/practices/{slug}",
                                       data={**state.fields, "go": "back"}).get_data(True))
    assert state.visible == ["permission"] and state.fields["answer-permission"] == "no"


def test_no_js_next_on_an_unmade_choice_asks_kindly_and_stays(auth, user):
    slug = "befriend-depressed-part"
    state = FormState(open_practice(auth, slug))
    fields = {**state.fields, "at": "feel_toward", "trail": "intro,breathe_first,welcome"}
    response = auth.client.post(f"/practices/{slug}", data={**fields, "go": "next"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "choose one of the answers" in html
    assert FormState(html).visible == ["feel_toward"]
