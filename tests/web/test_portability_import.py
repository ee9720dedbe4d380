"""Restoring a Befriend export: the same data back, twice adds nothing, bad files add nothing."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from ifs_pwa.portability import uploads
from tests.conftest import AuthActions
from tests.factories import (
    counts,
    export,
    person,
    restore_file,
    seed_everything,
    total_rows,
    upload,
)

LISTS = ("parts", "part_relations", "checkins", "practice_sessions", "breathing_sessions",
         "measure_results")


def comparable(document: dict) -> dict:
    """The export minus what is about the file or the account itself, not the person's data."""
    copy = json.loads(json.dumps(document))
    copy.pop("exported_at")
    for key in ("username", "created_at"):
        copy["user"].pop(key)
    return copy


@pytest.fixture
def sams_export(app, client, auth, user) -> str:
    seed_everything(app)
    text = client.get("/account/export.json").get_data(as_text=True)
    auth.logout()
    return text


def test_round_trip_into_a_new_account_gives_back_every_field(app, client, auth, sams_export):
    original = json.loads(sams_export)
    auth.signup("alex")
    response = restore_file(auth, sams_export)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Brought back 3 parts, 2 part relations, 4 check-ins" in page

    restored = export(client)
    settings = restored["user"].pop("settings")
    assert original["user"]["settings"].items() <= settings.items()
    original["user"].pop("settings")
    assert comparable(restored) == comparable(original)
    # Spelled out for the links that matter most: parts by name through the new rows.
    names = {p["client_id"]: p["name"] for p in restored["parts"]}
    assert [[names[r] for r in c["parts"]] for c in restored["checkins"]] == [
        [], ["The Sleeper"], ["Little one", "The Sleeper"], []]
    assert [(names[r["from_part"]], r["kind"], names[r["to_part"]])
            for r in restored["part_relations"]] == [
        ("The Sleeper", "protects", "Little one"), ("The Sleeper", "polarised", "Critic")]
    assert counts(app, "alex") == counts(app, "sam")


def test_importing_twice_adds_nothing(app, client, auth, sams_export):
    auth.signup("alex")
    assert restore_file(auth, sams_export).status_code == 303
    before = total_rows(app)
    preview = upload(auth, sams_export).get_data(as_text=True)
    assert "Everything in this file is already here, so there is nothing to bring in." in preview
    assert 'name="confirm"' not in preview
    # Confirmed all the same (an old tab, a replay): still nothing added.
    confirm = uploads.fingerprint(sams_export)
    response = upload(auth, sams_export, confirm=confirm)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Everything in that file was already here" in page
    assert total_rows(app) == before


def test_importing_into_the_same_account_adds_nothing(app, client, auth, sams_export):
    auth.login()
    before = total_rows(app)
    assert upload(auth, sams_export, confirm=uploads.fingerprint(sams_export)).status_code == 303
    assert total_rows(app) == before


def test_a_newer_safety_plan_is_kept(app, client, auth, sams_export):
    auth.signup("alex")
    document = json.loads(sams_export)
    document["safety_plan"]["client_id"] = None
    auth.post("/safety-plan", {"client_id": "8f0c1a52-2f6e-4f57-b0a4-0d3a46d0f111",
                               "warning_signs": "My own newer plan", "reasons": "Still here"})
    response = restore_file(auth, json.dumps(document))
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your current safety plan was kept" in page
    assert export(client)["safety_plan"]["warning_signs"] == "My own newer plan"


STAND_IN = "@@the value under test@@"


def bad(document: dict, path: tuple, value) -> tuple[str, int]:
    """The export, indented as people see it, with the value at `path` replaced, and the line
    that value is on: found through a unique stand-in, not by the code under test."""
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = STAND_IN
    text = json.dumps(document, indent=1)
    line = text[:text.index(f'"{STAND_IN}"')].count("\n") + 1
    return text.replace(f'"{STAND_IN}"', json.dumps(value)), line


NOWHERE = "0b6e8a0e-4a60-4b4f-9d7c-1e0f1c2d3e4f"  # a part in neither the file nor the account


@pytest.mark.parametrize(("path", "value", "expected"), [
    (("version",), 2, "version 2 of the format"),
    (("schema",), "something-else", "isn&#39;t a Befriend export"),
    (("checkins", 2, "mood"), 14, "In check-in 3 (line"),
    (("checkins", 1, "occurred_at"), "yesterday-ish", "can&#39;t be read as a date and time"),
    (("checkins", 1, "occurred_at"), "2025-03-02T08:30:00", "needs its UTC offset"),
    (("checkins", 3, "local_date"), "32/13/2025", "In check-in 4 (line"),
    (("parts", 0, "role"), "boss", "In part 1 (line"),
    (("parts", 0, "role"), "guardian", "“role” should be one of: manager, firefighter, protector"),
    (("parts", 1, "map_x"), 1.5, "“map_x” should be a number from 0 to 1"),
    (("parts", 1, "map_y"), "top", "In part 2 (line"),
    (("parts", 0, "map_y"), True, "“map_y” should be a number from 0 to 1"),
    (("checkins", 1, "parts"), [NOWHERE], "In check-in 2 (line"),
    (("checkins", 1, "parts"), [NOWHERE], "names a part that isn&#39;t in the file"),
    (("practice_sessions", 0, "part"), NOWHERE, "In practice session 1 (line"),
    (("part_relations", 0, "to_part"), NOWHERE, "In part relation 1 (line"),
    (("part_relations", 1, "from_part"), "not-an-id", "In part relation 2 (line"),
    (("part_relations", 1, "kind"), "hates", "“kind” should be one of: protects"),
    (("part_relations", 0, "created_at"), "last spring", "In part relation 1 (line"),
    (("user", "settings", "welcomed_at"), "soon", "In the account settings (line"),
    (("user", "timezone"), 5, "In the account settings (line"),
    (("user", "settings"), "dark mode", "“settings” should be a JSON object"),
    (("safety_plan", "updated_at"), "someday", "In the safety plan (line"),
    (("safety_plan", "helpers"), [{"name": "Alex"}], "In the safety plan (line"),
    (("measure_results", 0, "instrument"), "bdi", "questionnaire result 1"),
    (("checkins", 0, "note"), "a\u0000b", "“note” contains a character that can&#39;t be stored"),
    (("parts", 1, "name"), "\ud800", "In part 2 (line"),
    (("practice_sessions", 0, "answers"), {"find": "\u0000"}, "practice session 1"),
    (("breathing_sessions", 0, "finished_at"), "9999-12-31T23:59:59-01:00",
     "outside the years we can keep"),
    (("checkins", 0, "mood"), True, "In check-in 1 (line"),
])
def test_bad_json_names_the_problem_and_adds_nothing(app, auth, sams_export, path, value,
                                                     expected):
    html = refused_at_its_line(app, auth, sams_export, path, value, expected)
    assert 'class="error"' in html and "<h1>Bring your data in</h1>" in html


def refused_at_its_line(app, auth, sams_export, path, value, expected) -> str:
    """Alex uploads Sam's export with one value changed: a 422 naming the problem and the line
    of that value, and not one row added. Returns the page for further checks."""
    auth.signup("alex")
    before = total_rows(app)
    text, line = bad(json.loads(sams_export), path, value)
    response = upload(auth, text)
    html = response.get_data(as_text=True)
    assert response.status_code == 422, html
    assert expected in html
    assert f"(line {line})" in html, line
    assert total_rows(app) == before
    return html


def test_a_plan_whose_helpers_are_not_contacts_is_refused_and_the_plan_still_opens(
        app, client, auth, sams_export):
    """This file came in once (303) and then /safety-plan answered 500 on every visit."""
    auth.signup("alex")
    document = json.loads(sams_export)
    document["safety_plan"]["helpers"] = ["just text", {"name": 5, "phone": 7}]
    before = total_rows(app)
    response = upload(auth, json.dumps(document, indent=1))
    html = response.get_data(as_text=True)
    assert response.status_code == 422, html
    assert ("In the safety plan" in html
            and "“helpers” contact 1 should be an object with a “name” and a “phone”" in html)
    assert total_rows(app) == before
    for path in ("/safety-plan", "/safety-plan/edit"):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize(("path", "value", "expected"), [
    (("safety_plan", "helpers"), [{"name": 5, "phone": 7}], "contact 1: its “name” should be text"),
    (("safety_plan", "helpers"), [{"name": "Alex", "phone": "+44 1", "note": "hi"}],
     "and nothing else"),
    (("safety_plan", "helpers"), [{"name": f"Friend {n}", "phone": ""} for n in range(4)],
     "holds 4 contacts; the plan keeps at most 3"),
    (("safety_plan", "professional_contacts"), [{"name": "GP", "phone": "call me maybe"}],
     "contact 1: its “phone”: Please use digits, spaces and an optional + only"),
    (("safety_plan", "professional_contacts"), [{"name": "x" * 81, "phone": ""}],
     "its “name”: Field cannot be longer than 80 characters"),
    (("safety_plan", "helpers"), {"name": "Alex"}, "“helpers” should be a list of contacts"),
    (("safety_plan", "reasons"), "x" * 5001, "“reasons” is longer than 5,000 characters"),
    (("practice_sessions", 0, "answers"), {"find": 5}, "“answers” “find” should be text"),
    (("practice_sessions", 0, "answers"), {"find": ["a", "b"]}, "“find” should be text"),
    (("practice_sessions", 0, "answers"), {"Find me": "here"},
     "isn&#39;t the id of a practice step"),
    (("practice_sessions", 0, "answers"), ["find"], "should be a JSON object of answers"),
    (("measure_results", 0, "answers"), {"items": [1, 2]},
     "“answers” should hold 9 answers, each one of 0, 1, 2, 3"),
    (("measure_results", 0, "answers"), {"items": [1, 2, 1, 1, 0, 2, 1, 0, 7]},
     "should hold 9 answers"),
    (("measure_results", 0, "answers"), {"difficulty": None}, "answers as “items”"),
    (("measure_results", 0, "answers"), {"items": [1, 2, 1, 1, 0, 2, 1, 0, "0"]},
     "“items” should be whole numbers"),
    (("measure_results", 0, "answers"), {"items": [1, 2, 1, 1, 0, 2, 1, 0, 0],
                                         "difficulty": "Meh"}, "“difficulty” should be one of"),
    (("measure_results", 0, "score"), 20, "“score” doesn&#39;t match the answers (they give 8)"),
    (("measure_results", 0, "band"), "severe", "“band” doesn&#39;t match the answers"),
    (("measure_results", 0, "item9_flag"), True, "“item9_flag” doesn&#39;t match"),
    (("breathing_sessions", 0, "pattern"), "zigzag", "“pattern” should be one of: coherent"),
    (("breathing_sessions", 0, "spec"), "fast", "“spec” should be four lengths in half seconds"),
    (("user", "settings"), {"welcomed_at": 5}, "“welcomed_at” can&#39;t be read as a date"),
    (("user", "settings"), ["welcomed_at"], "“settings” should be a JSON object"),
    (("user", "email"), "not an email", "“email” doesn&#39;t look like an email address"),
    (("checkins", 0, "local_date"), "0001-01-01", "outside the years we can keep"),
])
def test_values_that_would_break_a_page_later_are_refused(app, client, auth, sams_export, path,
                                                         value, expected):
    refused_at_its_line(app, auth, sams_export, path, value, expected)


def test_contacts_come_in_as_the_plan_form_keeps_them(app, client, auth, sams_export):
    """Spaces trimmed, empty rows dropped; unknown settings are ignored, known ones kept."""
    auth.signup("alex")
    document = json.loads(sams_export)
    document["safety_plan"]["helpers"] = [{"name": " Alex ", "phone": " +64 21 000 000 "},
                                          {"name": "", "phone": "  "}]
    document["user"]["settings"]["theme"] = {"colour": "dark"}
    assert restore_file(auth, json.dumps(document)).status_code == 303
    restored = export(client)
    assert restored["safety_plan"]["helpers"] == [{"name": "Alex", "phone": "+64 21 000 000"}]
    assert "theme" not in restored["user"]["settings"]
    assert client.get("/safety-plan").status_code == 200


def test_a_relation_already_here_the_other_way_round_is_not_doubled(app, client, auth,
                                                                   sams_export):
    """“Polarised” reads the same both ways: the parts page refuses the mirror, so does this."""
    auth.login()
    document = json.loads(sams_export)
    relation = document["part_relations"][1]
    assert relation["kind"] == "polarised"
    relation["from_part"], relation["to_part"] = relation["to_part"], relation["from_part"]
    before = total_rows(app)
    text = json.dumps(document)
    assert upload(auth, text, confirm=uploads.fingerprint(text)).status_code == 303
    assert total_rows(app) == before


def line_of(text: str, at: int) -> int:
    return text[:at].count("\n") + 1


def test_the_line_named_is_the_values_line(app, auth, sams_export):
    auth.signup("alex")
    document = json.loads(sams_export)
    document["checkins"][2]["mood"] = 0
    text = json.dumps(document, indent=1)
    record = text.index(document["checkins"][2]["client_id"])
    line = line_of(text, text.index('"mood"', record))
    assert line > line_of(text, record)
    html = upload(auth, text).get_data(as_text=True)
    assert f"In check-in 3 (line {line}): “mood” should be a whole number from 1 to 10." in html


def test_a_broken_reference_names_the_line_of_that_reference(app, auth, sams_export):
    """A list written one item a line: the line is the item's, not the record's or the key's."""
    auth.signup("alex")
    document = json.loads(sams_export)
    document["checkins"][2]["parts"].append(NOWHERE)
    text = json.dumps(document, indent=1)
    html = upload(auth, text).get_data(as_text=True)
    line = line_of(text, text.index(NOWHERE))
    record = text.index(document["checkins"][2]["client_id"])
    assert line > line_of(text, text.index('"parts"', record))
    assert (f"In check-in 3 (line {line}): it names a part that isn&#39;t in the file or your "
            "account.") in html


def test_a_repeated_client_id_names_the_line_of_the_second(app, auth, sams_export):
    auth.signup("alex")
    document = json.loads(sams_export)
    first = document["checkins"][0]["client_id"]
    document["checkins"][3]["client_id"] = first
    text = json.dumps(document, indent=1)
    html = upload(auth, text).get_data(as_text=True)
    line = line_of(text, text.rindex(first))
    assert f"In check-in 4 (line {line}): the same “client_id” appears twice." in html


def test_a_file_on_one_line_names_line_one_and_keys_repeated_count_once(app, auth,
                                                                       sams_export):
    """The last of two equal keys is the one json reads, and the one whose line is named."""
    auth.signup("alex")
    text = json.dumps(json.loads(sams_export))
    html = upload(auth, text.replace('"version": 1', '"version": 1, "version": 3')).get_data(
        as_text=True)
    assert "This export uses version 3 of the format (line 1)" in html
    text = json.dumps(json.loads(sams_export), indent=1).replace(
        '"version": 1,', '"version": 1,\n "version": 3,')
    html = upload(auth, text).get_data(as_text=True)
    assert "This export uses version 3 of the format (line 4)" in html


def test_no_file_chosen_is_asked_for(app, auth, user):
    response = auth.post("/account/import", {}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Please choose a file to bring in." in response.get_data(as_text=True)


@pytest.mark.parametrize(("body", "name", "expected"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.png", "isn&#39;t text we can read"),
    (b"just some words, not a file we know", "notes.txt", "isn&#39;t a Befriend export (.json)"),
    (b'{"schema": "befriend-export", "version": 1,\n "checkins": [\n  {"mood": 3,}\n ]}',
     "broken.json", "isn&#39;t valid JSON: line 3"),
    (b"", "empty.json", "That file is empty."),
    (b"   \n", "blank.json", "That file is empty."),
    (b'{"schema": "befriend-export", "version": ' + b"9" * 5000 + b"}", "long.json",
     "a number too long or lists nested"),
    (b'{"a": ' * 100_000 + b"1" + b"}" * 100_000, "deep.json",
     "a number too long or lists nested"),
])
def test_files_that_are_not_an_export_are_refused(app, auth, user, body, name, expected):
    response = upload(auth, body, name)
    html = response.get_data(as_text=True)
    assert response.status_code == 422, html
    assert expected in html
    assert sum(total_rows(app).values()) == 0


SMALL_LIMIT = 2 * 1024 * 1024  # IMPORT_MAX_BYTES for the tests of the limit itself


def test_a_file_over_the_import_limit_is_refused_kindly(app, auth, user):
    app.config["IMPORT_MAX_BYTES"] = SMALL_LIMIT
    response = upload(auth, b"{" + b" " * SMALL_LIMIT + b"}", "huge.json")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This file is larger than 2 MB" in html and "<h1>Bring your data in</h1>" in html
    assert 'class="error"' in html
    assert sum(total_rows(app).values()) == 0


@pytest.mark.parametrize("path", ["/account/import", "/account/import/daylio"])
def test_a_body_over_the_server_limit_gets_the_import_page(app, client, auth, user, path):
    """The server refuses the request before the view reads it; the person still sees why."""
    app.config["IMPORT_MAX_BYTES"] = SMALL_LIMIT
    response = upload(auth, b"x" * (3 * 1024 * 1024), "enormous.csv", path=path)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This file is larger than 2 MB" in html and "<h1>Bring your data in</h1>" in html
    assert "Werkzeug" not in html
    # The form on that page still works: a fresh token, nothing brought in.
    assert 'name="csrf_token"' in html
    assert sum(total_rows(app).values()) == 0


def test_with_htmx_a_body_over_the_server_limit_is_said_under_the_form(app, auth, user):
    app.config["IMPORT_MAX_BYTES"] = SMALL_LIMIT
    response = upload(auth, b"x" * (3 * 1024 * 1024), "enormous.json",
                      headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in html
    assert 'role="alert">This file is larger than 2 MB' in html


def test_other_routes_keep_the_generic_limit(app, client, auth, user):
    response = auth.post("/checkins", {"mood": "5", "note": "x" * (13 * 1024 * 1024)})
    assert response.status_code == 413
    assert "That was too large to receive" in response.get_data(as_text=True)


def test_a_body_over_the_limit_signed_out_gets_no_import_page(app, client):
    app.config["IMPORT_MAX_BYTES"] = SMALL_LIMIT
    response = client.post("/account/import", data=b"x" * (3 * 1024 * 1024),
                           content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413
    assert "Bring your data in" not in response.get_data(as_text=True)


def test_import_without_csrf_is_refused(app, client, user):
    response = client.post("/account/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert client.post("/account/import/daylio", data={"mood-0": "5"}).status_code == 400


def test_another_users_import_never_touches_sams_rows(app, client, auth, sams_export):
    other = AuthActions(app.test_client())
    other.signup("robin")
    assert restore_file(other, sams_export).status_code == 303
    assert counts(app, "sam") == counts(app, "robin")
    auth.login()
    names = [p["name"] for p in export(client)["parts"]]
    assert names == ["The Sleeper", "Little one", "Critic"]  # not doubled by robin's import


# --- the preview before a restore -----------------------------------------------------------

def partly_here(auth, sams_export: str) -> dict:
    """Alex already brought in an older copy holding the parts and the first two check-ins."""
    document = json.loads(sams_export)
    older = {**document, "checkins": document["checkins"][:2], "practice_sessions": [],
             "breathing_sessions": [], "measure_results": [], "safety_plan": None}
    assert restore_file(auth, json.dumps(older)).status_code == 303
    return document


def test_a_restore_shows_what_is_new_and_writes_nothing_until_confirmed(app, client, auth,
                                                                       sams_export):
    auth.signup("alex", timezone="Europe/London")
    partly_here(auth, sams_export)
    auth.post("/account/settings", {"timezone": "Europe/London", "country": ""})
    before = total_rows(app)
    response = upload(auth, sams_export)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Before bringing your data back</h1>" in html
    rows = re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td><td>(\d+)</td>', html)
    assert rows == [("Parts", "0", "3"), ("Part relations", "0", "2"), ("Check-ins", "2", "2"),
                    ("Practice sessions", "1", "0"), ("Breathing sessions", "1", "0"),
                    ("Questionnaire results", "1", "0")]
    assert "Your safety plan from the file will be brought back." in html
    assert "time zone becomes Pacific/Auckland and your country for crisis lines becomes AU" in html
    assert total_rows(app) == before  # looked at, not written
    with app.app_context():
        assert person("alex").timezone == "Europe/London"
    # Without JavaScript the page asks for the same file again, with the preview's fingerprint.
    assert 'type="file"' in html and 'enctype="multipart/form-data"' in html
    assert f'name="confirm" value="{uploads.fingerprint(sams_export)}"' in html

    response = upload(auth, sams_export, confirm=uploads.fingerprint(sams_export))
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Brought back 2 check-ins, 1 practice session, 1 breathing session" in page
    assert counts(app, "alex") == counts(app, "sam")


def test_confirming_with_another_file_only_previews_that_one(app, client, auth, sams_export):
    auth.signup("alex")
    before = total_rows(app)
    other = json.dumps({**json.loads(sams_export), "measure_results": []})
    response = upload(auth, other, confirm=uploads.fingerprint(sams_export))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This isn't the file you looked at a moment ago" in html
    assert f'value="{uploads.fingerprint(other)}"' in html
    assert total_rows(app) == before


def test_with_htmx_the_preview_comes_under_the_form_and_its_button_sends_the_form(
        app, client, auth, sams_export):
    auth.signup("alex")
    form = client.get("/account/import").get_data(as_text=True)
    assert 'id="import-form" hx-post="/account/import" hx-target="#import-preview"' in form
    assert '<div id="import-preview"></div>' in form
    fragment = {"HX-Request": "true"}
    before = total_rows(app)
    response = upload(auth, sams_export, headers=fragment)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert (f'<button type="submit" class="button" form="import-form" name="confirm" '
            f'value="{uploads.fingerprint(sams_export)}">') in html
    assert 'type="file"' not in html  # the file stays chosen in the form above
    assert total_rows(app) == before

    response = upload(auth, sams_export, confirm=uploads.fingerprint(sams_export),
                      headers=fragment)
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/account/import"
    assert "Brought back 3 parts" in client.get("/account/import").get_data(as_text=True)
    assert counts(app, "alex") == counts(app, "sam")


def test_with_htmx_a_problem_is_said_under_the_form(app, auth, sams_export):
    auth.signup("alex")
    text, line = bad(json.loads(sams_export), ("checkins", 0, "mood"), 0)
    response = upload(auth, text, headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in html
    assert html.strip().startswith("<p class=\"form-error\" role=\"alert\">In check-in 1 (line "
                           f"{line}): “mood”")


def test_a_file_near_ten_megabytes_is_previewed_and_brought_in(app, client, auth, sams_export):
    """Nothing of the file has to fit in a form field: confirming sends the file again."""
    auth.signup("alex")
    text = sams_export[:-1] + " " * (9 * 1024 * 1024) + "}"
    response = restore_file(auth, text)
    assert response.status_code == 303
    assert counts(app, "alex") == counts(app, "sam")


def test_ten_years_of_daily_long_notes_come_back_in(app, client, auth):
    """The app's own export must come back in, whatever its size: 3,650 check-ins with a
    4,000-character note each is about 16 MB, more than the 10 MB the importer took before."""
    assert auth.signup("sam").status_code == 302
    start = datetime(2016, 1, 1, 8, 30, tzinfo=UTC)
    with app.app_context():
        owner = person("sam")
        for day in range(3650):
            moment = start + timedelta(days=day)
            note = f"{day:05d}" + ("A long day, written out in full. " * 122)[:3995]
            db.session.add(CheckIn(user_id=owner.id, client_id=uuid.uuid4(), mood=1 + day % 10,
                                   note=note, occurred_at=moment, local_date=moment.date()))
        db.session.commit()
    text = client.get("/account/export.json").get_data(as_text=True)
    assert len(text.encode()) > 15 * 1024 * 1024
    auth.logout()
    assert auth.signup("alex").status_code == 302
    assert restore_file(auth, text).status_code == 303
    assert counts(app, "alex")["checkins"] == 3650
