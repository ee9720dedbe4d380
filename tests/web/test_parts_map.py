"""Arranging the map: POST /parts/<id>/position keeps where the person put a part (fractions of
the map, brought inside it), refuses what isn't a number plainly, is CSRF-protected and only
for the part's owner; Reset forgets every place. The role 'protector, not sure which kind'."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from ifs_pwa.extensions import db
from ifs_pwa.parts import partmap
from ifs_pwa.parts.models import Part
from tests.conftest import AuthActions
from tests.factories import add_part


def spot_of(app, part_id: int) -> tuple[float | None, float | None]:
    with app.app_context():
        part = db.session.get(Part, part_id)
        return part.map_x, part.map_y


def drawn_at(html: str, part_id: int) -> tuple[float, float]:
    found = re.search(rf'data-part-id="{part_id}" data-x="([\d.]+)" data-y="([\d.]+)"', html)
    assert found, html[:2000]
    return float(found.group(1)), float(found.group(2))


def frame_height(html: str) -> float:
    return float(re.search(r'class="parts-map"[^>]*data-height="([\d.]+)"', html).group(1))


def test_a_position_is_saved_and_the_map_draws_the_part_there(app, auth, user):
    critic = add_part(auth, "The Critic")
    add_part(auth, "The Carer")
    response = auth.post(f"/parts/{critic}/position", {"x": "0.25", "y": "0.2"})
    assert response.status_code == 200
    assert response.get_json() == {"map_x": 0.25, "map_y": 0.2}
    assert spot_of(app, critic) == (0.25, 0.2)
    html = auth.client.get("/parts/map").get_data(as_text=True)
    assert drawn_at(html, critic) == (0.25 * partmap.WIDTH, round(0.2 * frame_height(html), 1))
    assert "Reset the layout" in html


def test_with_htmx_the_answer_is_the_map_drawn_again(app, auth, user):
    critic = add_part(auth, "The Critic")
    response = auth.post(f"/parts/{critic}/position", {"x": "0.5", "y": "0.15"},
                         headers={"HX-Request": "true"})
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith("<svg") and "<html" not in body
    assert drawn_at(body, critic)[0] == 0.5 * partmap.WIDTH
    assert 'aria-describedby="map-move-hint"' in body and "is-placed" in body


def test_a_place_beyond_the_map_is_brought_inside(app, auth, user):
    critic = add_part(auth, "The Critic")
    assert auth.post(f"/parts/{critic}/position", {"x": "7", "y": "-2.5"}).status_code == 200
    assert spot_of(app, critic) == (1.0, 0.0)
    html = auth.client.get("/parts/map").get_data(as_text=True)
    x, y = drawn_at(html, critic)
    assert x + partmap.NODE_RADIUS <= partmap.WIDTH and y - partmap.NODE_RADIUS >= 0


@pytest.mark.parametrize("data", [
    {"x": "left", "y": "0.5"}, {"x": "0.5", "y": ""}, {"x": "0.5"}, {},
    {"x": "nan", "y": "0.5"}, {"x": "0.5", "y": "inf"}, {"x": "1e999", "y": "0.5"},
    {"x": "0.5", "y": "<script>alert(1)</script>"},
])
def test_bad_numbers_are_a_clear_422_and_change_nothing(app, auth, user, data):
    critic = add_part(auth, "The Critic")
    assert auth.post(f"/parts/{critic}/position", {"x": "0.1", "y": "0.2"}).status_code == 200
    response = auth.post(f"/parts/{critic}/position", data)
    assert response.status_code == 422
    message = response.get_json()["message"]
    assert "number from 0 to 1" in message and "<script>" not in response.get_data(as_text=True)
    assert spot_of(app, critic) == (0.1, 0.2)


def test_another_persons_part_is_404_and_untouched(app, auth, user):
    critic = add_part(auth, "The Critic")
    other = AuthActions(app.test_client())
    assert other.signup("robin").status_code == 302
    response = other.post(f"/parts/{critic}/position", {"x": "0.5", "y": "0.5"})
    assert response.status_code == 404
    assert other.post("/parts/999999/position", {"x": "0.5", "y": "0.5"}).status_code == 404
    assert spot_of(app, critic) == (None, None)
    assert other.post("/parts/map/reset").status_code == 303
    assert auth.post(f"/parts/{critic}/position", {"x": "0.5", "y": "0.4"}).status_code == 200
    assert other.post("/parts/map/reset").status_code == 303  # Robin's own map only
    assert spot_of(app, critic) == (0.5, 0.4)


def test_saving_a_position_needs_a_csrf_token_and_a_sign_in(app, auth, user):
    critic = add_part(auth, "The Critic")
    for headers in ({}, {"HX-Request": "true"}):
        response = auth.client.post(f"/parts/{critic}/position", data={"x": "0.5", "y": "0.5"},
                                    headers=headers)
        assert response.status_code == 400
    wrong = auth.client.post(f"/parts/{critic}/position",
                             data={"x": "0.5", "y": "0.5", "csrf_token": "not-the-token"})
    assert wrong.status_code == 400
    assert auth.client.post("/parts/map/reset").status_code == 400
    assert spot_of(app, critic) == (None, None)
    anonymous = app.test_client().post(f"/parts/{critic}/position", data={"x": "0.5", "y": "0.5"})
    assert anonymous.status_code in (302, 400)
    assert spot_of(app, critic) == (None, None)


def test_reset_forgets_every_place(app, auth, user):
    ids = [add_part(auth, name) for name in ("The Critic", "The Carer", "Little one")]
    for n, part_id in enumerate(ids[:2]):
        assert auth.post(f"/parts/{part_id}/position",
                         {"x": "0.2", "y": str(0.2 + n / 2)}).status_code == 200
    response = auth.post("/parts/map/reset")
    assert response.status_code == 303 and response.headers["Location"].endswith("/parts/map")
    assert [spot_of(app, part_id) for part_id in ids] == [(None, None)] * 3
    html = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The map is arranged for you again." in html and "Reset the layout" not in html


def test_protector_of_unknown_kind_is_a_role_everywhere(app, auth, user):
    form = auth.client.get("/parts/new").get_data(as_text=True)
    assert '<option value="protector">Protector, not sure which kind' in form
    assert '<option selected value="unknown">Not sure yet</option>' in form  # still the default
    part_id = add_part(auth, "The Guard", role="protector")
    with app.app_context():
        assert db.session.scalar(select(Part.role).where(Part.id == part_id)) == "protector"
    page = auth.client.get(f"/parts/{part_id}").get_data(as_text=True)
    assert "Protector, not sure which kind (a manager or a firefighter)" in page
    listing = auth.client.get("/parts/").get_data(as_text=True)
    assert "Protector, not sure which kind ·" in listing
    html = auth.client.get("/parts/map").get_data(as_text=True)
    assert 'class="node role-protector"' in html
    assert "The Guard</a> <span class=\"muted\">(Protector, not sure which kind)" in html
    exported = auth.client.get("/account/export.json").get_json()
    assert exported["parts"][0]["role"] == "protector"
    assert auth.post("/parts/", {"name": "Boss", "role": "boss", "status": "noticed",
                                 "colour": "sage"}).status_code == 422


def test_a_new_part_is_offered_a_colour_no_part_has_yet(app, auth, user):
    add_part(auth, "The Critic", colour="sage")
    add_part(auth, "The Carer", colour="sky")
    form = auth.client.get("/parts/new").get_data(as_text=True)
    assert '<option selected value="sun">Sun</option>' in form
