"""The parts library: create, edit (page and inline), archive/restore, relations, map."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

from sqlalchemy import func, select

from ifs_pwa.extensions import db
from ifs_pwa.parts.models import Part, PartRelation
from tests.factories import add_part, part_named

SVG = "{http://www.w3.org/2000/svg}"


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_parts_pages_need_login(client):
    for path in ["/parts/", "/parts/map", "/parts/new", "/parts/1"]:
        assert client.get(path).status_code == 302


def test_create_shows_the_part_and_repeat_is_not_a_duplicate(app, auth, user):
    client_id = str(uuid.uuid4())
    data = {"name": "Heavy <one>", "role": "manager", "status": "noticed", "colour": "sky",
            "emoji": "🪨", "fears": "That I'll be let down again", "client_id": client_id}
    first = auth.post("/parts/", data)
    assert first.status_code == 303
    page = auth.client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Heavy &lt;one&gt;" in page and "That I&#39;ll be let down again" in page
    assert "Befriend this part" in page
    again = auth.post("/parts/", data)
    assert again.headers["Location"] == first.headers["Location"]
    assert count(app, Part) == 1
    listing = auth.client.get("/parts/").get_data(as_text=True)
    assert "Heavy &lt;one&gt;" in listing


def test_create_with_bad_input_keeps_everything_typed(app, auth, user):
    data = {"name": "", "role": "manager", "status": "noticed", "colour": "sage",
            "job": "Keeps me safe from trying", "trust_in_self": "11"}
    response = auth.post("/parts/", data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Please give this part a name" in html
    assert "Keeps me safe from trying" in html
    assert "Please choose a number from 0 to 10." in html and 'value="11"' in html
    bad_id = auth.post("/parts/", {**data, "name": "Ok", "trust_in_self": "", "client_id": "x"})
    assert bad_id.status_code == 422 and count(app, Part) == 0


def test_edit_as_page_and_inline_fragment(app, auth, user, htmx_client):
    part_id = add_part(auth)
    page = auth.client.get(f"/parts/{part_id}/edit")
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
    fragment = auth.client.get(f"/parts/{part_id}/edit", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    # Sent by the outbox (kept on the phone offline), its answer taking the card's place.
    assert 'data-outbox ' in fragment.get_data(as_text=True)
    assert 'data-outbox-target="#profile"' in fragment.get_data(as_text=True)
    assert f'data-outbox-record="part-{part_id}"' in fragment.get_data(as_text=True)

    data = {"name": "The heavy one", "role": "firefighter", "status": "getting_to_know",
            "colour": "rose", "needs": "Rest without guilt", "trust_in_self": "4"}
    # Each save is made from the version the form was opened from (test_part_versions.py).
    inline = auth.post(f"/parts/{part_id}/edit", {**data, "base_version": "1"},
                       headers={"HX-Request": "true"})
    assert inline.status_code == 200 and inline.headers["X-Befriend-Version"] == "2"
    assert 'id="profile"' in inline.get_data(as_text=True)
    assert "Rest without guilt" in inline.get_data(as_text=True)
    plain = auth.post(f"/parts/{part_id}/edit", {**data, "needs": "", "base_version": "2"})
    assert plain.status_code == 303
    part = part_named(app, "The heavy one")
    assert (part.role, part.status, part.needs, part.trust_in_self) == (
        "firefighter", "getting_to_know", "", 4)

    bad = auth.post(f"/parts/{part_id}/edit", {**data, "name": "x" * 81},
                    headers={"HX-Request": "true"})
    assert bad.status_code == 422
    assert "x" * 81 in bad.get_data(as_text=True) and "under 80" in bad.get_data(as_text=True)


def test_archive_and_restore(app, auth, user):
    part_id = add_part(auth, "Scroller")
    assert auth.post(f"/parts/{part_id}/archive").status_code == 303
    assert part_named(app, "Scroller").archived
    listing = auth.client.get("/parts/").get_data(as_text=True)
    assert "Archived parts (1)" in listing
    assert "Scroller" not in auth.client.get("/parts/map").get_data(as_text=True)
    assert auth.post(f"/parts/{part_id}/restore").status_code == 303
    assert not part_named(app, "Scroller").archived


def test_relations_and_their_validation(app, auth, user):
    heavy = add_part(auth, "Heavy")
    little = add_part(auth, "Little one", role="exile")
    critic = add_part(auth, "Critic")
    assert auth.post(f"/parts/{heavy}/relations",
                     {"kind": "protects", "other": str(little)}).status_code == 303
    assert auth.post(f"/parts/{critic}/relations",
                     {"kind": "polarised", "other": str(heavy)}).status_code == 303

    itself = auth.post(f"/parts/{heavy}/relations", {"kind": "allied", "other": str(heavy)})
    assert itself.status_code == 422
    assert "relationship with itself" in itself.get_data(as_text=True)
    duplicate = auth.post(f"/parts/{heavy}/relations", {"kind": "protects", "other": str(little)})
    assert duplicate.status_code == 422 and "already noted" in duplicate.get_data(as_text=True)
    # polarised reads both ways, so the mirror is a duplicate too, and the choice is kept
    mirror = auth.post(f"/parts/{heavy}/relations", {"kind": "polarised", "other": str(critic)})
    html = mirror.get_data(as_text=True)
    assert mirror.status_code == 422 and "already noted" in html
    assert f'<option selected value="{critic}">' in html or f'value="{critic}" selected' in html
    assert count(app, PartRelation) == 2

    page = auth.client.get(f"/parts/{heavy}").get_data(as_text=True)
    assert "protects" in page and "is polarised with" in page
    with app.app_context():
        relation_id = db.session.scalar(
            select(PartRelation.id).where(PartRelation.kind == "protects"))
    assert auth.post(f"/parts/{heavy}/relations/{relation_id}/delete").status_code == 303
    assert count(app, PartRelation) == 1


def test_another_persons_parts_are_not_found(app, auth, client):
    auth.signup("alex")
    theirs = add_part(auth, "Alex's part")
    other = add_part(auth, "Alex's other")
    auth.logout()
    auth.signup("sam")
    mine = add_part(auth, "Mine")
    for path in [f"/parts/{theirs}", f"/parts/{theirs}/edit"]:
        assert client.get(path).status_code == 404
    for path in [f"/parts/{theirs}/edit", f"/parts/{theirs}/archive", f"/parts/{theirs}/restore",
                 f"/parts/{theirs}/relations"]:
        data = {"name": "x", "kind": "allied", "other": str(mine)}
        assert auth.post(path, data).status_code == 404
    across = auth.post(f"/parts/{mine}/relations", {"kind": "allied", "other": str(other)})
    assert across.status_code == 422 and "your own parts" in across.get_data(as_text=True)
    assert part_named(app, "Alex's part").name == "Alex's part"
    assert count(app, PartRelation) == 0


def test_map_is_valid_svg_with_every_active_part(app, auth, user):
    heavy = add_part(auth, "Heavy & tired", emoji="🛌")
    little = add_part(auth, "Little <one>", role="exile")
    lonely = add_part(auth, "Lonely exile", role="exile")
    gone = add_part(auth, "Gone for now")
    auth.post(f"/parts/{heavy}/relations", {"kind": "protects", "other": str(little)})
    auth.post(f"/parts/{gone}/archive")
    html = auth.client.get("/parts/map").get_data(as_text=True)
    svg = html[html.index("<svg"): html.index("</svg>") + len("</svg>")]
    root = ET.fromstring(svg)
    links = {a.get("href") for a in root.iter(f"{SVG}a")}
    assert links == {f"/parts/{heavy}", f"/parts/{little}", f"/parts/{lonely}"}
    labels = [" ".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Self" in labels and "Heavy & tired" in labels and "Little <one>" in labels
    # Avatars: the emoji, else the meaningful letter; two alike in one colour show two letters.
    marks = [t.text for t in root.iter(f"{SVG}text") if "node-mark" in t.get("class")]
    assert sorted(marks) == sorted(["🛌", "Li", "Lo"])
    assert len(list(root.iter(f"{SVG}line"))) == 1
    assert "The map as a list" in html and "protects Little &lt;one&gt;" in html


def test_empty_map_invites_a_first_part(auth, user):
    html = auth.client.get("/parts/map").get_data(as_text=True)
    assert "parts-map" not in html and "add a part" in html


def relation_rows(app) -> list[tuple[int, int, str]]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(PartRelation.from_part_id, PartRelation.to_part_id, PartRelation.kind)
            .order_by(PartRelation.id))]


def test_a_double_tapped_relation_answers_the_one_already_made(app, auth, user, monkeypatch):
    """The second tap passed the "already noted?" check before the first was committed: the
    unique constraint decides, and the answer is the relation already there (it was a 500)."""
    heavy, little = add_part(auth, "Heavy"), add_part(auth, "Little")
    data = {"kind": "protects", "other": str(little)}
    assert auth.post(f"/parts/{heavy}/relations", data).status_code == 303
    monkeypatch.setattr("ifs_pwa.parts.views.relation_problem", lambda *args: None)
    again = auth.post(f"/parts/{heavy}/relations", data)
    assert again.status_code == 303 and again.headers["Location"].endswith(f"/parts/{heavy}")
    assert relation_rows(app) == [(heavy, little, "protects")]


def test_two_way_relations_are_stored_once_whichever_page_they_come_from(app, auth, user,
                                                                        monkeypatch):
    """A allied with B from A's page and B allied with A from B's page, both at the same moment
    (neither sees the other yet): one row, smaller id first."""
    first, second = add_part(auth, "First"), add_part(auth, "Second")
    monkeypatch.setattr("ifs_pwa.parts.views.relation_problem", lambda *args: None)
    assert auth.post(f"/parts/{second}/relations",
                     {"kind": "allied", "other": str(first)}).status_code == 303
    assert auth.post(f"/parts/{first}/relations",
                     {"kind": "allied", "other": str(second)}).status_code == 303
    assert auth.post(f"/parts/{second}/relations",
                     {"kind": "protects", "other": str(first)}).status_code == 303
    assert relation_rows(app) == [(first, second, "allied"), (second, first, "protects")]
