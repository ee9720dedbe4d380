"""The summary and the Daylio preview in Chromium: accessible, and the summary prints cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import AuthActions
from tests.factories import counts, seed_everything, total_rows

from .fixtures import DESKTOP, axe_serious, sign_up, watch

pytestmark = pytest.mark.browser

DAYLIO = Path(__file__).resolve().parents[1] / "fixtures" / "daylio_custom_moods.csv"


def visible(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def test_summary_is_accessible_and_prints_without_the_app_around_it(app, page, page_errors,
                                                                   context_factory):
    sign_up(page)
    seed_everything(app)
    page.goto("/account")
    page.click("text=A summary to print or share with a therapist")
    page.wait_for_url("**/account/summary")
    assert axe_serious(page) == []
    page.fill("#start", "2025-03-01")
    page.fill("#end", "2025-03-31")
    page.click("button[type=submit]")
    page.wait_for_url("**/account/summary?*")
    page.locator("svg.trend-chart").wait_for()
    assert page.locator("svg.parts-map").count() == 1
    assert page.get_by_text("Heavy, in my chest").is_visible()
    assert visible(page, "button[data-print]")  # shown once the script runs
    assert axe_serious(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.emulate_media(media="print")
    for selector in ("nav.tabbar", "header.top", "button[data-print]", ".actions"):
        assert not visible(page, selector), selector
    assert visible(page, "svg.trend-chart") and visible(page, "h1")
    colours = page.evaluate("[getComputedStyle(document.body).color,"
                            " getComputedStyle(document.body).backgroundColor]")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]

    # A phone in dark mode still prints black on white.
    dark = context_factory(viewport=DESKTOP, color_scheme="dark").new_page()
    watch(dark, page_errors)
    dark.goto("/login")
    dark.fill("#username", "sam")
    dark.fill("#password", "correct horse battery")
    dark.click("button[type=submit]")
    dark.wait_for_url("**/")
    dark.goto("/account/summary?start=2025-03-01&end=2025-03-31&include=trend&include=parts"
              "&include=measures")
    assert axe_serious(dark) == []
    dark.emulate_media(media="print", color_scheme="dark")
    assert not visible(dark, "nav.tabbar")
    assert dark.evaluate("getComputedStyle(document.querySelector('main')).color") == \
        "rgb(0, 0, 0)"
    assert page_errors == []


def test_daylio_preview_is_accessible_and_imports_the_chosen_mapping(app, page, page_errors):
    sign_up(page)
    page.goto("/account/import")
    assert axe_serious(page) == []
    page.set_input_files("#file", str(DAYLIO))
    page.click("button[type=submit]")
    page.get_by_text("Before bringing in your Daylio entries").wait_for()
    assert page.locator("select").count() == 5
    assert axe_serious(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert total_rows(app)["checkins"] == 0
    page.select_option("#mood-2", "2")  # "wrecked", the only entry on 7 April
    page.click("text=Bring in 6 check-ins")
    page.get_by_text("Brought in 6 check-ins from Daylio.").wait_for()
    assert total_rows(app)["checkins"] == 6
    page.goto("/checkins/?month=2025-04")
    assert page.locator("td.m2").count() == 1
    assert page_errors == []


def test_restoring_an_export_shows_what_comes_back_then_brings_it_in(app, page, page_errors,
                                                                    tmp_path):
    """htmx puts the preview under the form, which keeps the chosen file; its button sends it."""
    sams = AuthActions(app.test_client())
    sams.signup("sam")
    seed_everything(app)
    export = tmp_path / "befriend.json"
    export.write_bytes(sams.client.get("/account/export.json").data)

    sign_up(page, "alex")
    page.goto("/account/import")
    page.set_input_files("#file", str(export))
    page.click("text=Look at this file")
    page.get_by_text("What this file would bring back").wait_for()
    assert page.url.endswith("/account/import")
    assert page.locator("table.restore-counts tbody tr").count() == 6
    assert page.locator("table.restore-counts tbody tr").first.inner_text().split() == [
        "Parts", "3", "0"]
    assert page.evaluate("document.querySelector('#file').files.length") == 1
    assert counts(app, "alex") == dict.fromkeys(counts(app, "alex"), 0)  # only looked at
    assert axe_serious(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.click("text=Bring this in")
    page.get_by_text("Brought back 3 parts").wait_for()
    assert counts(app, "alex") == counts(app, "sam")
    assert page_errors == []
