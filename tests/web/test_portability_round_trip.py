"""The whole promise of the export, as a person lives it: write in every part of the app, take
the file, delete the account, sign up again under the same name, bring the file back, and get
everything back, compared field by field.

Everything goes through the real forms and routes (sign-up, each domain's own form, the account
deletion that asks for the username); only the database is read directly, to show the deletion
really removed every row before the import brings them back.
"""

from __future__ import annotations

import json
import re
import uuid

from werkzeug.datastructures import MultiDict

from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from ifs_pwa.parts.models import Part
from ifs_pwa.practices.models import PracticeSession
from tests.factories import counts, export, newest_id, person, restore_file
from tests.web.test_practices import KEEP_ALL

PRACTICE, GATED = "get-to-know-a-protector", "witnessing-an-exile"
LISTS = ("parts", "part_relations", "checkins", "practice_sessions", "breathing_sessions",
         "measure_results")


def cid() -> str:
    return str(uuid.uuid4())


ERRORS = re.compile(r'class="error"[^>]*>([^<]+)')


def ok(response, *codes: int) -> None:
    """The request went through (a redirect after a form, unless other codes are given)."""
    assert response.status_code in (codes or (302, 303)), (
        response.status_code, ERRORS.findall(response.get_data(as_text=True)))


def post_pairs(client, auth, path: str, pairs: list[tuple[str, str]]):
    """A form with repeated fields (ticked boxes), which a dict would fold into one."""
    return client.post(path, data=MultiDict([("csrf_token", auth.token("/more")), *pairs]))


def sign_up(client, auth, **extra) -> None:
    """Sign up as sam and open the welcome the sign-up leads to, as a person would."""
    response = auth.signup("sam", timezone="Europe/London", **extra)
    ok(response, 302)
    ok(client.get(response.headers["Location"]), 200)


def write_everything(app, client, auth) -> None:
    """A few weeks of someone's use, one form at a time."""
    ok(auth.post("/account/settings", {"timezone": "Pacific/Auckland", "country": "AU"}))
    parts = {}
    for name, extra in (
        ("The Sleeper", {"role": "manager", "status": "getting_to_know", "colour": "sky",
                         "emoji": "😴", "trust_in_self": "4"}),
        ("Little one", {"role": "exile", "colour": "rose", "emoji": "🧸"}),
        ("Critic", {"role": "protector", "colour": "slate"}),  # a protector of unknown kind
    ):
        ok(auth.post("/parts/", {
            "client_id": cid(), "name": name, "status": "noticed",
            "description": f"How {name} shows up", "body_location": "chest", "age": "about 9",
            "job": f"{name} keeps me safe", "fears": f"{name} fears being left",
            "needs": f"{name} needs rest", "burdens": f"{name} carries old shame",
            "trust_in_self": "", **extra}))
        parts[name] = newest_id(app, Part)
    ok(auth.post(f"/parts/{parts['The Sleeper']}/relations",
                 {"kind": "protects", "other": str(parts["Little one"])}))
    ok(auth.post(f"/parts/{parts['Critic']}/relations",
                 {"kind": "polarised", "other": str(parts["The Sleeper"])}))
    ok(auth.post(f"/parts/{parts['Critic']}/archive"))
    ok(auth.post(f"/parts/{parts['The Sleeper']}/position", {"x": "0.3", "y": "0.625"}), 200)

    for day, (mood, energy, feelings, qualities, present, note) in enumerate((
        ("3", "2", ["tired", "sad"], ["calm"], ["The Sleeper"], "Heavy morning; =SUM(A1)"),
        ("6", "", [], ["curiosity", "compassion"], ["The Sleeper", "Little one"], "Better"),
        ("8", "4", ["hopeful"], [], [], ""),
    ), start=1):
        ok(post_pairs(client, auth, "/checkins", [
            ("client_id", cid()), ("mood", mood), ("energy", energy), ("note", note),
            ("occurred_at", f"2025-03-0{day}T08:3{day}"), ("new_part", ""),
            *(("feelings", f) for f in feelings), *(("self_qualities", q) for q in qualities),
            *(("parts", str(parts[p])) for p in present)]))
    ok(auth.post("/checkins", {"client_id": cid(), "mood": "5", "new_part": "The Worrier",
                               "occurred_at": "2025-03-04T21:05", "note": "met someone new"}))
    worrier = newest_id(app, Part)
    ok(post_pairs(client, auth, f"/checkins/{newest_id(app, CheckIn)}/edit", [
        ("mood", "4"), ("base_version", "1"), ("energy", "3"), ("note", "met someone new, edited"),
        ("occurred_at", "2025-03-04T21:05"), ("feelings", "worried"), ("feelings", "tense"),
        ("parts", str(worrier)), ("parts", str(parts["Little one"])), ("new_part", "")]))

    answers = {"answer-system_ok": "yes", "answer-find": "In my shoulders",
               "answer-feel_toward": "curious",
               "answer-job": "Keeps me from failing", "answer-fears": "That I get hurt"}
    ok(auth.post(f"/practices/{PRACTICE}", {
        "client_id": cid(), "part_id": str(parts["The Sleeper"]), "self_energy_before": "3",
        "self_energy_after": "6", "finished": "1", "started_at": "", "finished_at": "",
        **answers}))
    ok(auth.post(f"/practices/sessions/{newest_id(app, PracticeSession)}/update-part",
                 KEEP_ALL))
    readiness = auth.post("/practices/caution", {"slug": GATED, "understood": "yes",
                                                 "self_here": "yes"})
    ok(readiness, 200)
    ready = readiness.get_data(as_text=True).split('name="ready" value="', 1)[1].split('"')[0]
    ok(auth.post(f"/practices/{GATED}", {
        "client_id": cid(), "part_id": "", "self_energy_before": "5", "started_at": "",
        "finished_at": "", "ready": ready, "answer-permission": "no",
        "answer-protector_worry": "That it will be too much"}))

    ok(auth.post("/breathe/sessions", {"client_id": cid(), "pattern": "box", "spec": "4,4,4,4",
                                       "seconds": "180", "finished_at": "2025-03-02T07:00"}))
    ok(auth.post("/breathe/sessions", {"client_id": cid(), "pattern": "custom",
                                       "spec": "2+1,0,6.5,0", "seconds": "75",
                                       "finished_at": ""}))
    ok(auth.post("/measures/phq9", {"client_id": cid(), "difficulty": "Somewhat difficult",
                                    **{f"q{n}": str(n % 4) for n in range(1, 10)}}))
    ok(auth.post("/measures/who5", {"client_id": cid(),
                                    **{f"q{n}": str(n) for n in range(1, 6)}}))
    ok(auth.post("/measures/gad7", {"client_id": cid(),
                                    **{f"q{n}": "1" for n in range(1, 8)}}))
    ok(auth.post("/safety-plan", {
        "client_id": cid(), "warning_signs": "Not sleeping", "on_my_own": "A walk",
        "distractions": "The library", "helpers_note": "Ask early", "professionals": "My GP",
        "safer_surroundings": "Pills at a friend's", "reasons": "My dog",
        "helpers-0-name": "Alex", "helpers-0-phone": "+64 21 000 000",
        "helpers-2-name": "Jo", "helpers-2-phone": "",
        "professional_contacts-0-name": "GP", "professional_contacts-0-phone": "09 123 (4567)"}))


def differences(before, after, path: str = "") -> list[str]:
    """Every place two JSON values differ, by path: a field-by-field comparison that names
    what was lost or changed instead of one opaque inequality."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [found for key in sorted(before.keys() | after.keys())
                for found in differences(before.get(key, "<missing>"),
                                         after.get(key, "<missing>"), f"{path}.{key}")]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [found for n, (b, a) in enumerate(zip(before, after, strict=True))
                for found in differences(b, a, f"{path}[{n}]")]
    return [] if before == after else [f"{path}: {before!r} became {after!r}"]


def test_export_delete_sign_up_again_import_gives_back_every_field(app, client, auth):
    sign_up(client, auth)
    with app.app_context():  # given when sign-up still asked for one: kept and exported
        person("sam").email = "sam@example.org"
        db.session.commit()
    write_everything(app, client, auth)
    first = export(client)
    assert all(len(first[name]) >= 2 for name in LISTS), {n: len(first[n]) for n in LISTS}
    file = json.dumps(first, ensure_ascii=False, indent=1)

    page = client.get("/account/delete").get_data(as_text=True)
    assert "Type your username to confirm" in page
    response = auth.post("/account/delete", {"username": "sam"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/goodbye")
    with app.app_context():
        assert person("sam") is None
    assert client.get("/account/export.json").status_code == 302  # signed out

    sign_up(client, auth)
    assert sum(counts(app, "sam").values()) == 0
    response = restore_file(auth, file)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert "Brought back 4 parts, 2 part relations, 4 check-ins, 2 practice sessions" in (
        client.get(response.headers["Location"]).get_data(as_text=True))
    again = export(client)

    # Only what is about the file and the new account itself may differ.
    for document in (first, again):
        document.pop("exported_at")
        document["user"].pop("created_at")
    assert differences(first, again) == []
    # The links that matter most, spelled out through the new rows.
    names = {p["client_id"]: p["name"] for p in again["parts"]}
    assert [[names[r] for r in c["parts"]] for c in again["checkins"]] == [
        ["The Sleeper"], ["Little one", "The Sleeper"], [], ["Little one", "The Worrier"]]
    assert [c["feelings"] for c in again["checkins"]] == [
        ["sad", "tired"], [], ["hopeful"], ["worried", "tense"]]
    assert [c["self_qualities"] for c in again["checkins"]] == [
        ["calm"], ["curiosity", "compassion"], [], []]
    assert again["user"]["email"] == "sam@example.org"
    assert again["practice_sessions"][0]["answers"]["feel_toward"] == "curious"
    assert "Keeps me from failing" in next(p["job"] for p in again["parts"]
                                           if p["name"] == "The Sleeper")
    by_name = {p["name"]: p for p in again["parts"]}
    assert (by_name["The Sleeper"]["map_x"], by_name["The Sleeper"]["map_y"]) == (0.3, 0.625)
    assert (by_name["Little one"]["map_x"], by_name["Little one"]["map_y"]) == (None, None)
    assert by_name["Critic"]["role"] == "protector"
