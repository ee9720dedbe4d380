"""`users.data_version` is the one staleness signal of every per-person cache (stored pages,
insight sums): whatever path a write takes through the app's session (the unit of work, an ORM
bulk statement, a Core statement, raw SQL in text()), if it changes a person's rows, their
version moves in the same transaction.

Each write path below is checked twice over: the person's rows really changed (a snapshot of
every row they own), and their version moved. A path that writes without moving the version
fails here, whoever adds it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from flask_login import login_user
from sqlalchemy import delete, insert, select, text, update

from ifs_pwa.auth.models import User
from ifs_pwa.checkins.models import CheckIn, checkin_parts
from ifs_pwa.extensions import db
from ifs_pwa.pagecache import personal_tables
from ifs_pwa.parts.models import Part
from tests.conftest import AuthActions
from tests.factories import checkin_data


def make_person(name: str) -> dict[str, int]:
    """A person with a check-in that one of their two parts was present in."""
    person = User(username=name, username_key=name, password_hash="not a real hash")
    db.session.add(person)
    db.session.flush()
    present, absent = (Part(user_id=person.id, client_id=uuid.uuid4(), name=n)
                       for n in ("Critic", "Worrier"))
    checkin = CheckIn(user_id=person.id, client_id=uuid.uuid4(), mood=6, local_date=datetime(
        2026, 3, 1).date(), occurred_at=datetime(2026, 3, 1, 9, tzinfo=UTC), parts=[present])
    db.session.add_all([present, absent, checkin])
    db.session.commit()
    return {"user": person.id, "checkin": checkin.id, "present": present.id, "absent": absent.id}


def rows_of(user_id: int) -> dict[str, list]:
    """Every row the person owns, in every table (their own row without its version)."""
    found = {}
    for table in db.metadata.sorted_tables:
        if table.name == "users":
            where, skip = table.c.id == user_id, {"data_version"}
        elif "user_id" in table.c:
            where, skip = table.c.user_id == user_id, set()
        else:
            continue
        columns = [c for c in table.c if c.name not in skip]
        found[table.name] = sorted(map(repr, db.session.execute(
            select(*columns).where(where)).all()))
    found["checkin_parts"] = sorted(map(repr, db.session.execute(
        select(checkin_parts).join(CheckIn, CheckIn.id == checkin_parts.c.checkin_id)
        .where(CheckIn.user_id == user_id)).all()))
    return found


def version_of(user_id: int) -> int:
    return db.session.scalar(select(User.data_version).where(User.id == user_id))


def loaded(model, record_id: int):
    return db.session.get(model, record_id)


def orm_add(ids):
    db.session.add(Part(user_id=ids["user"], client_id=uuid.uuid4(), name="Newcomer"))


def orm_edit(ids):
    loaded(CheckIn, ids["checkin"]).mood = 2


def orm_parts_only(ids):  # only the association rows change; the check-in row stays as it was
    loaded(CheckIn, ids["checkin"]).parts = [loaded(Part, ids["absent"])]


def orm_delete(ids):
    db.session.delete(loaded(Part, ids["absent"]))


def orm_own_row(ids):
    loaded(User, ids["user"]).timezone = "Europe/London"


def bulk_update_naming_the_owner(ids):
    db.session.execute(update(CheckIn).where(CheckIn.user_id == ids["user"]).values(mood=3))


def bulk_update_by_id(ids):
    db.session.execute(update(CheckIn).where(CheckIn.id == ids["checkin"]).values(mood=4))


def bulk_delete(ids):
    db.session.execute(delete(Part).where(Part.id == ids["present"]))


def bulk_insert(ids):
    db.session.execute(insert(Part), [{"user_id": ids["user"], "client_id": uuid.uuid4(),
                                       "name": "Bulk"}])


def core_update(ids):
    table = CheckIn.__table__
    db.session.execute(update(table).where(table.c.id == ids["checkin"]).values(mood=5))


def core_update_own_row(ids):
    table = User.__table__
    db.session.execute(update(table).where(table.c.id == ids["user"])
                       .values(timezone="Asia/Tokyo"))


def core_delete_links(ids):
    db.session.execute(delete(checkin_parts).where(checkin_parts.c.checkin_id == ids["checkin"]))


def core_insert_link(ids):
    db.session.execute(insert(checkin_parts).values(checkin_id=ids["checkin"],
                                                    part_id=ids["absent"]))


def text_update(ids):
    db.session.execute(text("UPDATE checkins SET mood = 1 WHERE id = :id"), {"id": ids["checkin"]})


def text_delete(ids):
    db.session.execute(text("DELETE FROM checkin_parts WHERE checkin_id = :id"),
                       {"id": ids["checkin"]})


def text_insert(ids):
    db.session.execute(text("INSERT INTO checkin_parts (checkin_id, part_id) VALUES (:c, :p)"),
                       {"c": ids["checkin"], "p": ids["absent"]})


WRITE_PATHS = [orm_add, orm_edit, orm_parts_only, orm_delete, orm_own_row,
               bulk_update_naming_the_owner, bulk_update_by_id, bulk_delete, bulk_insert,
               core_update, core_update_own_row, core_delete_links, core_insert_link,
               text_update, text_delete, text_insert]


@pytest.mark.parametrize("write", WRITE_PATHS, ids=lambda write: write.__name__)
def test_every_write_path_moves_the_persons_version(app, write):
    """In a request of the signed-in person (as every page writes): their version moves, and a
    second person's does not."""
    with app.app_context():
        sam, robin = make_person("sam"), make_person("robin")
    with app.test_request_context():
        login_user(db.session.get(User, sam["user"]))
        rows, version, robins = rows_of(sam["user"]), version_of(sam["user"]), rows_of(
            robin["user"])
        robins_version = version_of(robin["user"])
        write(sam)
        db.session.commit()
        assert rows_of(sam["user"]) != rows, "the write path must change the person's rows"
        assert version_of(sam["user"]) > version, f"{write.__name__} left the version as it was"
        assert rows_of(robin["user"]) == robins
        assert version_of(robin["user"]) == robins_version


@pytest.mark.parametrize("write", [bulk_update_by_id, core_update, core_delete_links,
                                   text_update, text_insert], ids=lambda write: write.__name__)
def test_a_write_outside_any_request_moves_the_version_too(app, write):
    """A script (no request, nobody signed in) whose statement doesn't say whose rows it
    writes: every person's version moves, since nobody can say whose pages it changed."""
    with app.app_context():
        sam = make_person("sam")
        rows, version = rows_of(sam["user"]), version_of(sam["user"])
        write(sam)
        db.session.commit()
        assert rows_of(sam["user"]) != rows
        assert version_of(sam["user"]) > version


def test_every_table_counts_as_a_persons_data():
    """A new table is a person's data (user_id, or a foreign key to such a table) or the
    statement-level check above would let writes to it through uncounted."""
    assert personal_tables() == {table.name for table in db.metadata.sorted_tables}


def test_a_stored_page_follows_a_raw_sql_write(app, client, user):
    """The whole chain: a page kept by the page cache is rendered again after a text() write."""
    AuthActions(client).post("/checkins", checkin_data(mood="4"))
    client.get("/")  # shows the one-time confirmation; pages are stored from here on
    assert "4 out of 10" in client.get("/checkins/").get_data(as_text=True)
    assert [key.endpoint for key in app.extensions["befriend_pages"].entries] == [
        "checkins.history"]
    with app.test_request_context():
        login_user(db.session.scalar(select(User)))
        db.session.execute(text("UPDATE checkins SET mood = 9"))
        db.session.commit()
    html = client.get("/checkins/").get_data(as_text=True)
    assert "9 out of 10" in html and "4 out of 10" not in html


def test_insight_sums_follow_a_core_write(make_app):
    """The insight cache keys on the same version: a Core write is seen on the next visit
    (with no stored pages, so the sums themselves are what is checked)."""
    app = make_app(PAGE_CACHE_SIZE=0)
    client = app.test_client()
    AuthActions(client).signup()
    AuthActions(client).post("/checkins", checkin_data(mood="4"))
    before = client.get("/checkins/insights").get_data(as_text=True)
    with app.test_request_context():
        login_user(db.session.scalar(select(User)))
        db.session.execute(delete(CheckIn.__table__))
        db.session.commit()
    assert client.get("/checkins/insights").get_data(as_text=True) != before
