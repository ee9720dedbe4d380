"""A part edited in two places in real Chromium: the phone's form, opened before the laptop
saved, never writes over the laptop's words; both are shown and the person's choice is saved."""

from __future__ import annotations

import pytest

from tests.web.test_part_versions import the_part

from .fixtures import axe_serious, sign_up, watch

pytestmark = pytest.mark.browser

PHONE_WORDS = "It tightens my jaw before meetings."
LAPTOP_WORDS = "It wants me to be ready for anything."


@pytest.mark.parametrize("keep", ["Keep the saved version", "Keep the edited version"])
def test_two_devices_edit_one_part_and_the_person_chooses(context_factory, app, keep):
    errors: list[str] = []
    phone = context_factory().new_page()
    watch(phone, errors)
    sign_up(phone)
    phone.goto("/parts/new")
    phone.fill("#name", "The planner")
    phone.click("main form button[type=submit]")
    phone.wait_for_url("**/parts/*")
    part_id = the_part(app).id
    phone.goto(f"/parts/{part_id}/edit")  # opened here first, from version 1

    laptop = context_factory(color_scheme="dark").new_page()
    watch(laptop, errors)
    laptop.goto("/login")
    laptop.fill("#username", "sam")
    laptop.fill("#password", "correct horse battery")
    laptop.click("button[type=submit]")
    laptop.wait_for_url("**/")
    laptop.goto(f"/parts/{part_id}/edit")
    laptop.fill("#job", LAPTOP_WORDS)
    laptop.click("text=Save changes")
    laptop.locator("#profile").get_by_text(LAPTOP_WORDS).wait_for()  # swapped in place

    phone.fill("#description", PHONE_WORDS)
    with phone.expect_response(lambda r: r.request.method == "POST") as saving:
        phone.click("text=Save changes")
    assert saving.value.status == 409
    both = phone.locator(".plan-versions")  # swapped in place of the form (409 is swapped)
    both.wait_for()
    assert PHONE_WORDS in both.inner_text() and LAPTOP_WORDS in both.inner_text()
    part = the_part(app)
    assert part.job == LAPTOP_WORDS and part.description == ""  # nothing written over
    assert axe_serious(phone) == []

    laptop.goto(f"/parts/{part_id}/versions")  # the other device sees both too
    assert PHONE_WORDS in laptop.inner_text("main") and LAPTOP_WORDS in laptop.inner_text("main")

    phone.click(f"text={keep}")
    phone.wait_for_url(f"**/parts/{part_id}")
    part = the_part(app)
    assert part.waiting is None
    if keep == "Keep the saved version":
        assert (part.job, part.description) == (LAPTOP_WORDS, "")
    else:
        assert part.description == PHONE_WORDS
    assert errors == []
