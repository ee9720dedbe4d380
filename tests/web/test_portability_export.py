"""Export: everything of one person, in the documented format, and nobody else's."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.extensions import db
from ifs_pwa.parts.models import Part
from tests.conftest import AuthActions
from tests.factories import export, person, seed_everything
from tests.web.test_checkin_pages import count_queries

DOC = Path(__file__).resolve().parents[2] / "docs" / "export-format.md"


def documented_keys() -> dict[str, list[str]]:
    """Each '## Top level' / '### `name`' table's first column, in order."""
    keys: dict[str, list[str]] = {}
    section = None
    for line in DOC.read_text().splitlines():
        heading = re.match(r"^#{2,3} (?:`(\w+)`|Top level)", line)
        if heading:
            section = heading.group(1) or "top"
            continue
        row = re.match(r"^\| `(\w+)` \|", line)
        if row and section:
            keys.setdefault(section, []).append(row.group(1))
    return keys


@pytest.mark.parametrize("path", ["/account/export.json", "/account/export.csv",
                                  "/account/summary", "/account/import"])
def test_everything_needs_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_import_posts_need_login(client):
    for path in ("/account/import", "/account/import/daylio"):
        response = client.post(path, data={})
        # CSRF is checked first for anonymous posts; either way nothing is done.
        assert response.status_code in (302, 400)


def test_export_matches_the_documented_format(app, client, user):
    seed_everything(app)
    document = export(client)
    documented = documented_keys()
    assert list(document) == documented["top"]
    assert list(document["user"]) == documented["user"]
    for name in ("parts", "part_relations", "checkins", "practice_sessions",
                 "breathing_sessions", "measure_results"):
        assert document[name], name
        for record in document[name]:
            assert list(record) == documented[name], name
    assert list(document["safety_plan"]) == documented["safety_plan"]
    assert (document["schema"], document["version"]) == ("befriend-export", 1)


def test_export_content_and_headers(app, client, user):
    seed_everything(app)
    response = client.get("/account/export.json")
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="befriend-\d{4}-\d{2}-\d{2}\.json"', disposition)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "application/json"
    body = response.get_data(as_text=True)
    assert "argon2" not in body and "password" not in body
    document = export(client)
    assert document["user"]["timezone"] == "Pacific/Auckland"
    first = document["checkins"][0]
    # 19:30 UTC on 1 March is 08:30 on 2 March in Auckland (UTC+13 in summer).
    assert first["occurred_at"] == "2025-03-02T08:30:15.123456+13:00"
    assert first["local_date"] == "2025-03-02"
    parts = {p["client_id"]: p["name"] for p in document["parts"]}
    linked = document["checkins"][1]
    assert [parts[ref] for ref in linked["parts"]] == ["The Sleeper"]
    assert linked["self_qualities"] == ["calm"] and linked["feelings"] == ["tired"]
    assert [(parts[r["from_part"]], parts[r["to_part"]]) for r in document["part_relations"]] == [
        ("The Sleeper", "Little one"), ("The Sleeper", "Critic")]
    assert parts[document["practice_sessions"][0]["part"]] == "The Sleeper"
    assert document["safety_plan"]["helpers"] == [{"name": "Alex", "phone": "+64 21 000 000"}]
    assert any(p["archived"] for p in document["parts"])


def test_another_persons_data_never_appears(app, client, user):
    seed_everything(app)
    other = AuthActions(app.test_client())
    other.signup("robin")
    document = export(other.client)
    for name in ("parts", "part_relations", "checkins", "practice_sessions",
                 "breathing_sessions", "measure_results"):
        assert document[name] == [], name
    assert document["safety_plan"] is None
    assert document["user"]["username"] == "robin"
    text = other.client.get("/account/export.csv").get_data(as_text=True)
    assert text.strip().count("\n") == 0  # the header only
    assert "Sleeper" not in text


def test_csv_has_a_row_per_checkin_and_never_a_formula(app, client, auth, user):
    seed_everything(app)
    with app.app_context():
        owner = person("sam")
        for i, note in enumerate(["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)",
                                  "\tTAB", "plain"]):
            db.session.add(CheckIn(user_id=owner.id, client_id=uuid.uuid4(), mood=5,
                                   note=note, feelings=[], occurred_at=datetime(
                                       2025, 4, 1, 9, i, tzinfo=UTC),
                                   local_date=date(2025, 4, 1)))
        db.session.commit()
    response = client.get("/account/export.csv")
    assert response.headers["Cache-Control"] == "no-store"
    assert re.fullmatch(r'attachment; filename="befriend-\d{4}-\d{2}-\d{2}\.csv"',
                        response.headers["Content-Disposition"])
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 10
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t")), value
    notes = [row["note"] for row in rows]
    assert "'=HYPERLINK(\"http://x\")" in notes and "'-2+3" in notes and "plain" in notes
    assert "'=SUM(A1)" not in notes and "Day 0: =SUM(A1)" in notes
    assert rows[1]["parts"] == "The Sleeper" and rows[2]["parts"] == "Little one; The Sleeper"


def test_export_query_count_does_not_grow_with_history(app, client, user):
    seed_everything(app)
    status, few = count_queries(app, client, "/account/export.json")
    assert status == 200
    with app.app_context():
        owner = person("sam")
        parts = list(db.session.scalars(db.select(Part).where(Part.user_id == owner.id)))[:2]
        start = datetime(2024, 1, 1, tzinfo=UTC)
        for n in range(200):
            checkin = CheckIn(user_id=owner.id, client_id=uuid.uuid4(), mood=1 + n % 10,
                              feelings=[], occurred_at=start + timedelta(hours=n),
                              local_date=date(2024, 1, 1) + timedelta(days=n // 24))
            checkin.parts = parts
            db.session.add(checkin)
        db.session.commit()
    status, many = count_queries(app, client, "/account/export.json")
    assert status == 200 and many == few and many <= 12
