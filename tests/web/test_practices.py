"""Practices: catalogue, one page per practice, saving through the outbox contract, the gate."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from ifs_pwa.extensions import db
from ifs_pwa.practices.models import PracticeSession
from tests.factories import add_part, part_named

SLUG = "befriend-depressed-part"
FRAGMENT = {"HX-Request": "true"}
TWO_HOURS_AGO = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)


def sessions(app) -> list[PracticeSession]:
    with app.app_context():
        rows = list(db.session.scalars(select(PracticeSession).order_by(PracticeSession.id)))
        db.session.expunge_all()
        return rows


def answers(part_id, client_id=None, **extra):
    return {"client_id": client_id or str(uuid.uuid4()), "part_id": str(part_id),
            "self_energy_before": "3", "self_energy_after": "6", "finished": ["0", "1"],
            "answer-system_ok": "yes", "answer-feel_toward": "annoyed",
            "answer-unblend": "stepped_back",
            "answer-fears": "That I'd try and fail again", "answer-needs": "Gentleness",
            "started_at": TWO_HOURS_AGO.isoformat(), **extra}


def test_catalogue_groups_by_setting_with_length_and_offline_badge(auth, user):
    html = auth.client.get("/practices/").get_data(as_text=True)
    alone, therapist = html.split("Best with your therapist", 1)
    assert "Befriend your depressed part" in alone and "Grounding" in alone
    assert "Witnessing an exile" in therapist and "Unburdening" in therapist
    assert "About 15 min" in html and "Works offline" in html


def test_practice_page_is_one_form_following_the_outbox_contract(auth, user):
    part_id = add_part(auth)
    response = auth.client.get(f"/practices/{SLUG}?part={part_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    form = html[html.index("<form method=\"post\" action=\"/practices/"):]
    assert "data-outbox" in form.split(">")[0] and "hx-post" not in form
    assert 'name="client_id" value="' in form and 'name="csrf_token"' in form
    assert f'<option value="{part_id}" data-name="The heavy one" selected>' in html
    assert 'data-step="breathe_first"' in html
    # The route is the graph's, written into the page: a choice's every option names its target.
    assert 'value="wont" data-goto="other_worry" data-refusal' in html
    assert 'data-step="other_thanks" data-then="end" hidden' in html
    assert 'data-pacer data-pattern="5.5,0,5.5,0" data-seconds="60"' in html
    assert "Breathe slowly in and out" in html and "Pause and ground me" in html
    assert "/crisis" in html and "js/practice.js" in html and "js/breathe.js" in html
    # A practice with no breathing doesn't load the pacer.
    plain = auth.client.get("/practices/appreciation-minute").get_data(as_text=True)
    assert "js/practice.js" in plain and "js/breathe.js" not in plain


def test_unknown_practice_is_404(auth, user):
    assert auth.client.get("/practices/no-such-thing").status_code == 404
    assert auth.post("/practices/no-such-thing", {}).status_code == 404


def test_saving_online_full_page_then_fragment_and_idempotent_replay(app, auth, user):
    part_id = add_part(auth)
    client_id = str(uuid.uuid4())
    full = auth.post(f"/practices/{SLUG}", answers(part_id, client_id))
    assert full.status_code == 303
    page = auth.client.get(full.headers["Location"]).get_data(as_text=True)
    assert "Saved. Thank you" in page and "That I&#39;d try and fail again" in page
    assert "Annoyed, or judging it" in page  # the choice is shown in words

    replay = auth.post(f"/practices/{SLUG}", answers(part_id, client_id), headers=FRAGMENT)
    assert replay.status_code == 200 and "Saved. Thank you" in replay.get_data(as_text=True)
    assert len(sessions(app)) == 1

    fresh = auth.post(f"/practices/{SLUG}", answers(part_id), headers=FRAGMENT)
    assert fresh.status_code == 201 and "<html" not in fresh.get_data(as_text=True)
    rows = sessions(app)
    assert len(rows) == 2
    row = rows[0]
    assert row.finished and row.part_id == part_id and row.finished_at is not None
    assert (row.self_energy_before, row.self_energy_after) == (3, 6)
    assert row.answers["unblend"] == "stepped_back"
    # the phone's own start time is kept (a replayed practice may arrive hours later)
    started = row.started_at
    started = started.replace(tzinfo=UTC) if started.tzinfo is None else started.astimezone(UTC)
    assert started == TWO_HOURS_AGO


def test_a_practice_left_halfway_is_saved_unfinished(app, auth, user):
    response = auth.post(f"/practices/{SLUG}", {"client_id": str(uuid.uuid4()),
                                                "finished": ["0", "0"], "answer-find": "Chest"},
                         headers=FRAGMENT)
    assert response.status_code == 201 and "Saved where you stopped" in response.get_data(True)
    (row,) = sessions(app)
    assert not row.finished and row.finished_at is None and row.part_id is None


def test_bad_input_is_422_with_everything_kept(app, auth):
    auth.signup("alex")
    theirs = add_part(auth, "Alex's part")
    auth.logout()
    auth.signup("sam2")
    long = "x" * 10_001
    for bad, field, message in [
        ({"answer-needs": long}, "answer-needs", "under 10,000"),
        ({"part_id": str(theirs)}, "part_id", "one of your own parts"),
        ({"answer-feel_toward": "furious"}, "answer-feel_toward", "answers offered"),
        ({"self_energy_after": "12"}, "self_energy_after", "from 0 to 10"),
        ({"client_id": "not-a-uuid"}, "client_id", "lost its label"),
    ]:
        data = {**answers("", **{"answer-find": "Heavy in my chest"}), "part_id": "", **bad}
        for headers in ({}, FRAGMENT):
            response = auth.post(f"/practices/{SLUG}", data, headers=headers)
            html = response.get_data(as_text=True)
            assert response.status_code == 422, field
            assert message in html and "Heavy in my chest" in html
            if field.startswith("answer-") or field.startswith("self"):
                assert f'id="{field}-error"' in html
    assert sessions(app) == []


# "Keep what I just wrote" for every field a practice may write to (learned.LABELS).
KEEP_ALL = {f"keep-{name}": "replace" for name in (
    "status", "fears", "needs", "job", "burdens", "description", "body_location")}


def finished_with_part(auth, **fields) -> tuple[int, str]:
    part_id = add_part(auth, **fields)
    saved = auth.post(f"/practices/{SLUG}", answers(part_id))
    return part_id, saved.headers["Location"].rstrip("/").split("/")[-1]


def test_the_review_shows_each_field_as_it_was_beside_what_was_just_written(app, auth, user):
    part_id, session_id = finished_with_part(auth, fears="Being a burden")
    page = auth.client.get(f"/practices/sessions/{session_id}").get_data(as_text=True)
    assert "Keep this for The heavy one?" in page
    review = page.split('class="update-part"', 1)[1].split("</form>", 1)[0]
    assert "What it fears" in review and "Being a burden" in review
    assert "That I&#39;d try and fail again" in review
    # A field with words already: replace, add or leave; add is where it starts.
    assert 'name="keep-fears" value="add" checked' in review
    for choice in ("replace", "skip"):
        assert f'name="keep-fears" value="{choice}"' in review
    # An empty field has nothing to add to; the status is one value.
    assert 'name="keep-needs" value="add"' not in review
    assert 'name="keep-status" value="add"' not in review
    assert (part_named(app, "The heavy one").fears) == "Being a burden"  # nothing written yet


def test_each_choice_saves_exactly_what_was_chosen(app, auth, user):
    part_id, session_id = finished_with_part(auth, fears="Being a burden")
    with app.app_context():
        day = db.session.get(PracticeSession, int(session_id)).started_at
    update = auth.post(f"/practices/sessions/{session_id}/update-part", {
        "keep-fears": "add", "keep-needs": "skip", "keep-status": "replace"})
    assert update.status_code == 303 and update.headers["Location"] == f"/parts/{part_id}"
    part = part_named(app, "The heavy one")
    assert part.fears == f"Being a burden\n\n{day:%-d %b %Y}: That I'd try and fail again"
    assert part.needs in ("", None) and part.status == "getting_to_know"
    again = auth.client.get(f"/practices/sessions/{session_id}").get_data(as_text=True)
    assert "Keep this for" not in again  # settled once

    _, second = finished_with_part(auth, name="The second one", fears="Old fear")
    auth.post(f"/practices/sessions/{second}/update-part", {
        "keep-fears": "replace", "keep-needs": "replace", "keep-status": "skip"})
    other = part_named(app, "The second one")
    assert other.fears == "That I'd try and fail again" and other.needs == "Gentleness"
    assert other.status == "noticed"


def test_a_missing_or_unoffered_choice_is_asked_again_and_nothing_is_written(app, auth, user):
    part_id, session_id = finished_with_part(auth, fears="Being a burden")
    missing = auth.post(f"/practices/sessions/{session_id}/update-part", {"keep-fears": "add"})
    assert missing.status_code == 422
    html = missing.get_data(as_text=True)
    assert "Please choose what to do with 2 of these." in html
    assert 'name="keep-fears" value="add" checked' in html  # what was chosen is kept
    unoffered = auth.post(f"/practices/sessions/{session_id}/update-part", {
        "keep-fears": "add", "keep-needs": "add", "keep-status": "replace"})
    assert unoffered.status_code == 422  # nothing there to add to
    part = part_named(app, "The heavy one")
    assert part.fears == "Being a burden" and part.status == "noticed"


def ready_form(auth, slug, **extra):
    """Pass the readiness check; the practice page comes back with its proof of readiness."""
    response = auth.post("/practices/caution", {"slug": slug, "understood": "yes",
                                                "self_here": "yes", **extra})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "data-outbox" in html
    return html, html.split('name="ready" value="', 1)[1].split('"', 1)[0]


def test_exile_practices_are_gated_by_a_readiness_check_every_session(app, auth, user):
    page = auth.client.get("/practices/witnessing-an-exile").get_data(as_text=True)
    assert "best done with a therapist" in page and " data-outbox " not in page
    assert "lose time" in page and "hurt yourself or tried to end your life" in page
    blocked = auth.post("/practices/witnessing-an-exile", {"client_id": str(uuid.uuid4())})
    assert blocked.status_code == 403 and sessions(app) == []
    unticked = auth.post("/practices/caution", {"slug": "witnessing-an-exile"})
    unticked_html = unticked.get_data(as_text=True)
    assert unticked.status_code == 422 and "tick the box" in unticked_html
    assert "Please choose one of these" in unticked_html
    ticked = auth.post("/practices/caution", {"slug": "witnessing-an-exile",
                                               "understood": "yes"})
    ticked_html = ticked.get_data(as_text=True)
    assert ticked.status_code == 422 and "Please choose one of these" in ticked_html
    assert 'value="yes" checked' in ticked_html  # the tick is kept, only the missing answer asked
    html, ready = ready_form(auth, "witnessing-an-exile")
    assert "Best with your therapist" in html
    # The proof is for this practice only.
    other = auth.post("/practices/unburdening", {"client_id": str(uuid.uuid4()), "ready": ready})
    assert other.status_code == 403
    saved = auth.post("/practices/witnessing-an-exile",
                      {"client_id": str(uuid.uuid4()), "ready": ready})
    assert saved.status_code == 303 and len(sessions(app)) == 1
    # A second session the same day starts with the caution again: shorter, never skipped.
    again = auth.client.get("/practices/witnessing-an-exile").get_data(as_text=True)
    assert "A reminder, as every time" in again and " data-outbox " not in again
    assert "lose time" in again and "best done with an IFS-trained therapist" in again
    assert "Please read this first" not in again


def test_not_enough_self_offers_something_gentler(auth, user):
    response = auth.post("/practices/caution", {"slug": "unburdening", "understood": "yes",
                                                "self_here": "no"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and " data-outbox " not in html
    assert "/practices/grounding-5-4-3-2-1" in html and "/safety-plan" in html


def test_a_protectors_no_leaves_the_young_parts_status_alone(app, auth, user):
    part_id = add_part(auth, "Little one", role="exile")
    _, ready = ready_form(auth, "witnessing-an-exile", part=str(part_id))
    saved = auth.post("/practices/witnessing-an-exile", {
        "client_id": str(uuid.uuid4()), "ready": ready, "part_id": str(part_id),
        "finished": ["0", "1"], "answer-permission": "no",
        "answer-protector_worry": "That it will all be too much",
        # left over from a route not taken: dropped, never saved
        "answer-know": "She is about six"})
    assert saved.status_code == 303
    (row,) = sessions(app)
    assert row.answers == {"permission": "no",
                           "protector_worry": "That it will all be too much"}
    page = auth.client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Add what you learned" not in page


def test_unburdening_only_begins(app, auth, user):
    part_id = add_part(auth, "Little one", role="exile")
    _, ready = ready_form(auth, "unburdening")
    saved = auth.post("/practices/unburdening", {
        "client_id": str(uuid.uuid4()), "ready": ready, "part_id": str(part_id),
        "finished": ["0", "1"], "answer-ready": "yes", "answer-feel_toward": "caring",
        "answer-burden": "That it was my fault", "answer-release": "light"})
    session_id = saved.headers["Location"].rstrip("/").split("/")[-1]
    page = auth.client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Unburdening begun" in page
    auth.post(f"/practices/sessions/{session_id}/update-part", KEEP_ALL)
    assert part_named(app, "Little one").status == "unburdening"


def test_other_peoples_sessions_are_not_found(app, auth, client):
    auth.signup("alex")
    part_id = add_part(auth)
    saved = auth.post(f"/practices/{SLUG}", answers(part_id))
    path = saved.headers["Location"]
    auth.logout()
    auth.signup("sam")
    assert client.get(path).status_code == 404
    assert auth.post(path + "/update-part").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PracticeSession)) == 1


def test_no_part_page_offers_exile_work_as_its_main_action(auth, user):
    guard = add_part(auth, "Guard")
    little = add_part(auth, "Little one", role="exile")
    lonely = add_part(auth, "Lonely one", role="exile")
    assert auth.post(f"/parts/{guard}/relations",
                     {"kind": "protects", "other": str(little)}).status_code == 303
    for part_id, ends in ((guard, "</p>"), (little, "</section>"), (lonely, "</section>")):
        html = auth.client.get(f"/parts/{part_id}").get_data(as_text=True)
        main = html.split('main-action', 1)[1].split(ends, 1)[0]
        assert "/practices/" in main
        assert "witnessing" not in main and "unburdening" not in main, part_id
    little_page = auth.client.get(f"/parts/{little}").get_data(as_text=True)
    first = little_page.split('main-action', 1)[1].split("</section>", 1)[0]
    assert f"/practices/get-to-know-a-protector?part={guard}" in first
    assert "Get to know Guard" in first
    assert "/practices/appreciation-minute" in first and "/practices/self-check" in first
    assert f"/practices/witnessing-an-exile?part={little}" in little_page  # lower down
    lonely_page = auth.client.get(f"/parts/{lonely}").get_data(as_text=True)
    assert "Get to know the part that protects it" in lonely_page


def test_a_session_from_another_day_says_when_it_happened_not_today(app, auth, user):
    """Reopened weeks later, the page of a finished practice must not say "today"."""
    from tests.factories import seed_everything

    seed_everything(app, "sam", tz="Pacific/Auckland")  # a practice at 19:30 UTC on 1 March 2025
    with app.app_context():
        record = db.session.scalar(select(PracticeSession))
        record_id = record.id
    page = auth.client.get(f"/practices/sessions/{record_id}").get_data(as_text=True)
    assert "You spent real time with The Sleeper on Sunday 2 March 2025." in page  # Auckland's day
    assert "today" not in page.split('id="practice-saved"')[1].split("</section>")[0]


def test_title_and_summary_on_the_first_screen_only_and_the_stay_in_the_page(auth, user):
    """Without JavaScript every screen is a page: the practice's summary is on the first one
    only (the title stays for screen readers, out of sight); the pause carries its stay time
    for the countdown, and only the pause does; the words to read aloud are marked."""
    first = auth.client.get(f"/practices/{SLUG}").get_data(as_text=True)
    summary = "Meet the part that keeps you in bed"
    assert '<p class="muted" data-summary>' + summary in first
    assert '<h1>Befriend your depressed part</h1>' in first
    assert first.count("data-stay=") == 1
    assert 'data-step="focus" data-then="flesh_out" data-stay="30"' in first
    assert "Take about 30 seconds here." in first
    assert '<h2 id="title-welcome" tabindex="-1" data-say>A different way in</h2>' in first
    assert 'js/speak.js' in first and 'name="befriend-speak"' in first
    later = auth.post(f"/practices/{SLUG}", {
        "at": "intro", "trail": "", "go": "next", "breathe_first": "1",
        "client_id": str(uuid.uuid4())})
    html = later.get_data(as_text=True)
    assert later.status_code == 200 and 'name="at" value="breathe_first"' in html
    assert f'data-summary hidden>{summary}' in html
    assert '<h1 class="visually-hidden">Befriend your depressed part</h1>' in html
