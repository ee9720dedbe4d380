"""Settings a person chooses (issue 19, items 6 and 8): the time zone from a list every zone is
in, every crisis country, trust in Self on a slider, the recovery code with its "I've saved it",
and a sign-up that asks for no email."""

from __future__ import annotations

import re
from html import unescape
from zoneinfo import available_timezones

from sqlalchemy import select

from ifs_pwa.extensions import db
from ifs_pwa.parts.models import Part
from ifs_pwa.safety.crisis_lines import countries
from tests.factories import add_part, export, person
from tests.web.test_recovery import code_in, recover, signup_code

# --- the time zone --------------------------------------------------------------------------


def zone_options(html: str) -> list[str]:
    listing = re.search(r'<datalist id="timezone-choices">(.*?)</datalist>', html, re.S)
    assert listing, "the time zone field offers a list"
    return re.findall(r'<option value="([^"]+)">', listing.group(1))


def test_settings_offer_every_zone_in_a_searchable_list(auth, user):
    html = auth.client.get("/account").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="timezone"[^>]*list="timezone-choices"', html)
    offered = zone_options(html)
    assert set(offered) == available_timezones() and offered == sorted(offered)


def test_an_unknown_zone_is_refused_clearly_and_kept(auth, user, app):
    response = auth.post("/account/settings", {"timezone": "Europe/Atlantis", "country": "GB"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = unescape(re.search(r'<p class="error" id="timezone-error">(.*?)</p>', html).group(1))
    assert "Europe/Atlantis" in error and "from the list" in error
    assert re.search(r'<input[^>]*id="timezone"[^>]*value="Europe/Atlantis"', html)
    assert 'aria-invalid="true"' in html
    assert re.search(r'<option selected value="GB">', html)  # the country chosen is kept too
    with app.app_context():
        assert person("sam").timezone != "Europe/Atlantis"


def test_a_zone_from_the_list_is_saved(auth, user, app):
    assert auth.post("/account/settings", {"timezone": "America/Chicago"}).status_code == 302
    with app.app_context():
        assert person("sam").timezone == "America/Chicago"
    html = auth.client.get("/account").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="timezone"[^>]*value="America/Chicago"', html)


def test_a_zone_typed_loosely_on_a_phone_is_understood(auth, user, app):
    """Phones capitalise the first letter and people type spaces: both mean the same zone."""
    assert auth.post("/account/settings", {"timezone": " america/new york "}).status_code == 302
    with app.app_context():
        assert person("sam").timezone == "America/New_York"


def test_sign_up_shows_the_zone_field_and_refuses_an_unknown_one(auth, app):
    page = auth.client.get("/signup").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="timezone"[^>]*list="timezone-choices"', page)
    response = auth.signup("robin", "long enough pw", timezone="Mars/Olympus")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Mars/Olympus" in html
    assert re.search(r'<input[^>]*id="username"[^>]*value="robin"', html)
    assert auth.signup("robin", "long enough pw", timezone="Europe/Berlin").status_code == 302
    with app.app_context():
        assert person("robin").timezone == "Europe/Berlin"


def test_sign_up_without_a_zone_starts_on_utc(auth, app):
    """Without JavaScript nothing fills the zone in: the account starts on UTC, changeable."""
    assert auth.signup("robin", "long enough pw").status_code == 302
    with app.app_context():
        assert person("robin").timezone == "UTC"


# --- crisis countries -----------------------------------------------------------------------


def test_every_crisis_country_can_be_chosen_sorted_by_name(auth, user, app):
    html = auth.client.get("/account").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*id="country"[^>]*>(.*?)</select>', html, re.S)
    options = re.findall(r'<option(?: selected)? value="(\w*)">([^<]*)</option>',
                         select_html.group(1))
    listed = [(code, name) for code, name in options if code not in ("", "ZZ")]
    assert {code for code, _ in listed} == set(countries())
    assert [name for _, name in listed] == sorted(c.name for c in countries().values())
    assert options[0][0] == "" and options[-1] == ("ZZ", "Somewhere else")
    for code in countries():
        saved = auth.post("/account/settings", {"timezone": "UTC", "country": code})
        assert saved.status_code == 302
        with app.app_context():
            assert person("sam").country == code


def test_the_crisis_page_lists_and_offers_every_country_by_name(client):
    html = client.get("/crisis").get_data(as_text=True)
    picker = re.search(r'<select id="country" name="country">(.*?)</select>', html, re.S).group(1)
    names = re.findall(r">([^<]+)</option>", picker)
    assert names == sorted(c.name for c in countries().values())
    summaries = re.findall(r"<summary>([^<]+)</summary>", html)
    assert summaries == names


# --- trust in Self --------------------------------------------------------------------------


def tag(html: str, element_id: str) -> str:
    return re.search(rf'<input[^>]*id="{element_id}"[^>]*>', html).group(0)


def part_form(auth) -> str:
    return auth.client.get("/parts/new").get_data(as_text=True)


def test_trust_is_a_labelled_slider_with_its_ends_and_value(auth, user):
    html = part_form(auth)
    slider = re.search(r'<input[^>]*id="trust_in_self"[^>]*>', html).group(0)
    assert 'type="range"' in slider and 'min="0"' in slider and 'max="10"' in slider
    assert 'step="1"' in slider
    assert '<label for="trust_in_self">' in html
    assert re.search(r'<output[^>]*for="trust_in_self"[^>]*>', html)
    ends = re.search(r'class="range-ends"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert "0" in ends and "10" in ends
    assert " checked " in tag(html, "trust_unsure")  # a new part: not sure yet


def test_the_slider_value_is_saved_on_the_same_scale(app, auth, user):
    part_id = add_part(auth, "The Sleeper", trust_in_self="7")
    with app.app_context():
        assert db.session.get(Part, part_id).trust_in_self == 7
    html = auth.client.get(f"/parts/{part_id}/edit").get_data(as_text=True)
    slider = re.search(r'<input[^>]*id="trust_in_self"[^>]*>', html).group(0)
    assert 'value="7"' in slider
    assert "checked" not in tag(html, "trust_unsure")
    assert re.search(r'<output[^>]*for="trust_in_self"[^>]*>7</output>', html)
    assert "7 out of 10" in auth.client.get(f"/parts/{part_id}").get_data(as_text=True)


def test_not_sure_keeps_trust_unset_whatever_the_slider_says(app, auth, user):
    part_id = add_part(auth, "The Sleeper", trust_in_self="5", trust_unsure="y")
    with app.app_context():
        assert db.session.get(Part, part_id).trust_in_self is None


def test_trust_out_of_the_scale_is_refused_keeping_what_was_typed(app, auth, user):
    for wrong in ("11", "-1", "lots"):
        response = auth.post("/parts/", {"name": "The Worrier", "role": "manager",
                                         "status": "noticed", "colour": "sage",
                                         "trust_in_self": wrong})
        html = response.get_data(as_text=True)
        assert response.status_code == 422, wrong
        assert "from 0 to 10" in html and 'value="The Worrier"' in html
    with app.app_context():
        assert db.session.scalar(select(Part)) is None


# --- sign-up without email ------------------------------------------------------------------


def test_sign_up_asks_for_no_email_and_still_works(client, auth, app):
    page = client.get("/signup").get_data(as_text=True)
    assert 'name="email"' not in page and 'type="email"' not in page and "Email" not in page
    assert "no email" in page.lower()
    landing = client.get("/").get_data(as_text=True)
    assert "no email" in landing.lower()
    response = auth.signup("robin", "long enough pw", email="robin@example.org")
    assert response.status_code == 302 and response.headers["Location"] == "/welcome"
    with app.app_context():
        assert person("robin").email is None  # an email sent anyway is not kept


def test_the_export_keeps_an_email_given_before(app, auth, user):
    with app.app_context():
        person("sam").email = "sam@example.org"
        db.session.commit()
    assert export(auth.client)["user"]["email"] == "sam@example.org"


# --- the recovery code, wherever a new one is shown -----------------------------------------


def assert_code_card(html: str, code: str, continue_to: str) -> None:
    """Grouped (a group never breaks), a copy button, and the way on behind a required
    "I've saved it"."""
    card = re.search(r'<section class="card recovery-code".*?</section>', html, re.S).group(0)
    groups = re.findall(r'<span class="code-group">([^<]+)</span>', card)
    assert "".join(groups) == code and len(groups) == 4
    assert re.search(r"<button[^>]*data-copy-code[^>]*>Copy", card)
    form = re.search(r'<form[^>]*id="saved-gate".*?</form>', html, re.S).group(0)
    assert f'action="{continue_to}"' in form and 'method="get"' in form
    assert html.count('id="saved-gate"') == 1 and '<button type="submit"' in form
    # The box sits right above the buttons it holds back.
    saved = re.search(r'<input type="checkbox"[^>]*id="code-saved"[^>]*>', form).group(0)
    assert " required " in saved and 'form="saved-gate"' in saved
    assert "I've saved my recovery code" in unescape(form)
    assert form.index("code-saved") < form.index('<button type="submit"')


def test_the_code_after_sign_up_is_grouped_copyable_and_confirmed(auth):
    assert auth.signup().status_code == 302
    html = auth.client.get("/welcome").get_data(as_text=True)
    code = code_in(html)
    assert_code_card(html, code, "/")
    # The welcome's own way on sits behind the same confirmation, not beside it.
    assert "let's begin" not in re.sub(r'<form[^>]*id="saved-gate".*?</form>', "", html,
                                        flags=re.S)


def test_a_new_code_from_the_account_is_confirmed_too(auth, user):
    response = auth.post("/account/recovery-code", {"recovery_current": "correct horse battery"})
    html = auth.client.get(response.headers["Location"]).get_data(as_text=True)
    assert_code_card(html, code_in(html), "/account")


def test_the_code_after_recovering_is_confirmed_too(auth, client):
    code = signup_code(auth)
    auth.logout()
    response = recover(client, "sam", code)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    fresh = code_in(html)
    assert fresh != code
    assert_code_card(html, fresh, "/account")


def test_without_a_code_the_welcome_simply_goes_on(auth):
    assert auth.signup().status_code == 302
    auth.client.get("/welcome")  # the code is shown once
    again = auth.client.get("/welcome").get_data(as_text=True)
    assert "data-saved-gate" not in again and "let's begin" in again

