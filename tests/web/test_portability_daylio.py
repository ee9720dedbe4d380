"""Bringing in a Daylio CSV: preview, a chosen mood mapping, the person's time zone, once only."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.clock import as_utc
from ifs_pwa.extensions import db
from ifs_pwa.portability.daylio import read_time
from tests.conftest import AuthActions
from tests.factories import person, total_rows, upload

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "daylio_custom_moods.csv"
HEADER = "full_date,date,weekday,time,mood,activities,note_title,note\n"
# The fixture's labels in the order the file first uses them: super, low, wrecked, meh, fine.
CHOSEN = {"mood-0": "9", "mood-1": "3", "mood-2": "1", "mood-3": "5", "mood-4": "6"}


@pytest.fixture
def in_auckland(auth, user):
    assert auth.post("/account/settings", {"timezone": "Pacific/Auckland"}).status_code == 302


def sealed_from(html: str) -> str:
    match = re.search(r'name="sealed" value="([^"]+)"', html)
    assert match, "no sealed preview in the page"
    return match.group(1)


def preview(auth, body: str | bytes = FIXTURE.read_bytes(), name="daylio_export.csv"):
    response = upload(auth, body, name)
    return response, response.get_data(as_text=True)


def stored(app) -> list[dict]:
    with app.app_context():
        rows = db.session.scalars(select(CheckIn).order_by(CheckIn.occurred_at)).all()
        return [{"mood": r.mood, "local_date": r.local_date, "at": as_utc(r.occurred_at),
                 "feelings": r.feelings, "note": r.note, "owner": r.user_id} for r in rows]


def test_preview_shows_what_will_come_in_and_adds_nothing(app, auth, in_auckland):
    response, html = preview(auth)
    assert response.status_code == 200
    assert "6 entries from 04 April 2025 to 08 April 2025" in html
    assert "All 6 will be new check-ins." in html
    labels = re.findall(r'<label for="mood-(\d)">([^<]+)</label>', html)
    assert labels == [("0", "super"), ("1", "low"), ("2", "wrecked"), ("3", "meh"),
                      ("4", "fine")]
    # Daylio's own "meh" has its place; custom names start in the middle and are asked about.
    assert re.search(r'id="mood-3"[^>]*>.*?<option value="5" selected>', html, re.S)
    assert html.count("Your own word: we've put it in the middle") == 4
    assert "Dinner with Mia" in html and "Pacific/Auckland" in html
    assert total_rows(app)["checkins"] == 0


def test_confirm_imports_with_the_chosen_mapping_in_the_persons_time_zone(app, client, auth,
                                                                          in_auckland):
    _, html = preview(auth)
    response = auth.post("/account/import/daylio", {"sealed": sealed_from(html), **CHOSEN})
    assert response.status_code == 303
    assert "Brought in 6 check-ins from Daylio." in client.get(
        response.headers["Location"]).get_data(as_text=True)
    rows = stored(app)
    assert [r["mood"] for r in rows] == [6, 6, 5, 1, 3, 9]
    assert [r["local_date"] for r in rows] == [date(2025, 4, d) for d in (4, 5, 6, 7, 8, 8)]
    # 18:45 on 4 April is still daylight time in Auckland (UTC+13); 22:40 on 8 April is UTC+12.
    assert rows[0]["at"] == datetime(2025, 4, 4, 5, 45, tzinfo=UTC)
    assert rows[-1]["at"] == datetime(2025, 4, 8, 10, 40, tzinfo=UTC)
    wrecked, evening = rows[3], rows[-1]
    assert wrecked["feelings"] == ["lonely", "overwhelmed"]
    assert wrecked["note"] == ("Hard day\n\nCouldn't get out of bed until noon.\nCalled the "
                               "helpline, it helped a bit.\n\nDaylio activities: sleep early")
    assert evening["feelings"] == ["grateful"]
    assert evening["note"] == ('Good evening\n\nDinner with Mia, laughed a lot.\nFelt "light" '
                               'for once.\n\nDaylio activities: friends, walk')
    assert rows[1]["note"] == "" and rows[1]["feelings"] == []
    assert rows[0]["feelings"] == ["hopeful"] and "gym" in rows[0]["note"]


def test_the_same_file_twice_adds_nothing(app, client, auth, in_auckland):
    _, html = preview(auth)
    auth.post("/account/import/daylio", {"sealed": sealed_from(html), **CHOSEN})
    before = total_rows(app)
    _, html = preview(auth)
    assert "6 of them are already here and won't be added again, so 0 will be new." in html
    changed = {**CHOSEN, "mood-0": "10"}  # another mapping does not make them new
    response = auth.post("/account/import/daylio", {"sealed": sealed_from(html), **changed})
    assert response.status_code == 303
    assert "Brought in 0 check-ins from Daylio; 6 were already here." in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert total_rows(app) == before


@pytest.mark.parametrize(("rows", "expected"), [
    ("2025-04-08,April 8,Tuesday,22:40,rad,,,\n2025-13-45,x,y,09:00,good,,,\n",
     "Line 3: the date “2025-13-45” can&#39;t be read"),
    ("2025-04-08,April 8,Tuesday,quarter past,rad,,,\n", "Line 2: the time “quarter past”"),
    ("0001-01-01,x,y,00:10,rad,,,\n", "Line 2: the date “0001-01-01” can&#39;t be read"),
    ("2025-04-08,April 8,Tuesday,22:40,rad,,,\n2025-04-07,April 7,Monday,10:00,,,,\n",
     "Line 3: there is no mood in this row."),
    ("2025-04-08,April 8,Tuesday,22:40,rad,,,,extra\n", "Line 2: this row has more cells"),
    ("2025-04-08,April 8,Tuesday,22:40,rad,,,\"" + "x" * 5100 + "\"\n",
     "Line 2: the note is longer than 5,000 characters"),
])
def test_unreadable_rows_are_named_by_line_and_nothing_is_added(app, auth, in_auckland, rows,
                                                                expected):
    response, html = preview(auth, HEADER + rows)
    assert response.status_code == 422, html
    assert expected in html
    assert total_rows(app)["checkins"] == 0


def test_a_csv_that_isnt_daylio_is_refused(app, auth, user):
    response, html = preview(auth, "date,mood\n2025-04-08,good\n", "other.csv")
    assert response.status_code == 422
    assert "isn&#39;t a Befriend export (.json) or a Daylio export (.csv)" in html


def test_a_daylio_header_without_the_time_column(app, auth, user):
    response, html = preview(auth, "full_date,timezone,mood\n2025-04-08,x,good\n")
    assert response.status_code == 422
    assert "it has no “time” column (line 1)" in html


@pytest.mark.parametrize("value", ["11", "0", "", "seven", "²", "-1"])
def test_a_mood_out_of_range_reshows_the_preview_with_the_error(app, auth, in_auckland, value):
    _, html = preview(auth)
    response = auth.post("/account/import/daylio",
                         {"sealed": sealed_from(html), **CHOSEN, "mood-2": value})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="mood-2-note">Please choose a number from 1 to 10 for “wrecked”.' in html
    assert 'id="mood-2" name="mood-2" aria-describedby="mood-2-note" aria-invalid="true"' in html
    # What was chosen for the others is still chosen.
    assert re.search(r'id="mood-0".*?<option value="9" selected>', html, re.S)
    assert total_rows(app)["checkins"] == 0


def test_a_changed_or_foreign_preview_is_refused(app, auth, in_auckland):
    _, html = preview(auth)
    sealed = sealed_from(html)
    tampered = sealed[:-3] + ("AAA" if not sealed.endswith("AAA") else "BBB")
    response = auth.post("/account/import/daylio", {"sealed": tampered, **CHOSEN})
    assert response.status_code == 422
    assert "expired or was changed" in response.get_data(as_text=True)

    other = AuthActions(app.test_client())
    other.signup("robin")
    response = other.post("/account/import/daylio", {"sealed": sealed, **CHOSEN})
    assert response.status_code == 422
    assert "belongs to another session" in response.get_data(as_text=True)
    assert total_rows(app)["checkins"] == 0


def test_twelve_hour_times_are_read():
    assert read_time("8:15 pm").hour == 20 and read_time("12:05 AM").hour == 0
    assert read_time("07:05").minute == 5 and read_time("25:00") is None


def test_rows_belong_to_the_importer(app, auth, in_auckland):
    _, html = preview(auth)
    auth.post("/account/import/daylio", {"sealed": sealed_from(html), **CHOSEN})
    with app.app_context():
        owner = person("sam").id
    assert {r["owner"] for r in stored(app)} == {owner}
