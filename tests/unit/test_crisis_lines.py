"""The crisis lines file: every entry well formed, and malformed data refused loudly."""

from __future__ import annotations

from datetime import date

import pytest

from ifs_pwa.safety.crisis_lines import (
    PHONE,
    WEB,
    CrisisDataError,
    countries,
    elsewhere,
    home_for,
    parse,
)

NINE = {"US", "CA", "GB", "IE", "AU", "NZ", "IN", "ZA", "SG"}


def test_every_country_has_an_emergency_number_and_a_line_to_call():
    data = countries()
    assert NINE <= data.keys()
    for country in data.values():
        assert PHONE.fullmatch(country.emergency), country.code
        assert any(line.kind == "call" for line in country.lines), country.code
        assert country.main.kind == "call" and country.main.href.startswith("tel:")


@pytest.mark.parametrize("code", ["US", "GB", "IE", "AU", "NZ"])
def test_these_countries_have_a_text_line(code):
    texts = [line for line in countries()[code].lines if line.kind == "text"]
    assert texts and all(line.href.startswith("sms:") for line in texts)


def test_every_entry_has_a_website_and_a_checked_date():
    for country in countries().values():
        for line in country.lines:
            assert line.kind in ("call", "text", "chat")
            assert WEB.fullmatch(line.website), line
            assert isinstance(line.checked, date) and line.checked <= date.today(), line


def test_the_lines_people_rely_on():
    data = countries()
    us = {(line.name, line.kind): line for line in data["US"].lines}
    lifeline = "988 Suicide & Crisis Lifeline"
    assert us[(lifeline, "call")].href == "tel:988"
    assert us[(lifeline, "text")].href == "sms:988"
    assert us[(lifeline, "chat")].href.startswith("https://988lifeline.org")
    assert us[("Crisis Text Line", "text")].href == "sms:741741?body=HOME"
    assert us[("The Trevor Project", "call")].href == "tel:18664887386"
    gb = {(line.name, line.kind): line.href for line in data["GB"].lines}
    assert gb[("Samaritans", "call")] == "tel:116123"
    assert gb[("Shout", "text")] == "sms:85258?body=SHOUT"
    assert gb[("Papyrus HOPELINE247", "call")] == "tel:08000684141"
    ie = {(line.name, line.kind): line.href for line in data["IE"].lines}
    assert ie[("50808", "text")] == "sms:50808?body=HELLO"
    assert ie[("Pieta", "call")] == "tel:1800247247"
    au = {(line.name, line.kind): line.href for line in data["AU"].lines}
    assert au[("Lifeline", "call")] == "tel:131114"
    assert au[("Lifeline", "text")] == "sms:0477131114"
    assert au[("13YARN", "call")] == "tel:139276"
    assert data["CA"].services[1].name == "Kids Help Phone"
    assert [w.href for w in data["CA"].services[1].ways] == [
        "tel:18006686868", "sms:686868?body=CONNECT"]
    assert [line.href for line in data["NZ"].lines[:2]] == ["tel:1737", "sms:1737"]
    assert [line.href for line in data["IN"].lines] == ["tel:14416", "tel:18008914416"]
    assert data["ZA"].main.href == "tel:0800567567" and data["ZA"].emergency == "112"
    assert data["SG"].main.href == "tel:1767" and data["SG"].emergency == "995"
    assert data["IE"].emergency == "112" and data["IE"].also == "999"
    assert {c: data[c].emergency for c in ("US", "CA", "GB", "AU", "NZ", "IN")} == {
        "US": "911", "CA": "911", "GB": "999", "AU": "000", "NZ": "111", "IN": "112"}


def test_elsewhere_says_exactly_what_holds():
    other = elsewhere()
    assert other.emergency_tel == "tel:112"
    assert other.emergency_note == (
        "112 reaches emergency services across the EU and from mobiles in many other countries.")
    assert other.support == "116 123" and other.directory == "https://findahelpline.com"


def line(**changes) -> dict:
    return {"country": "US", "name": "x", "kind": "call", "number": "988",
            "website": "https://example.org", "checked": date.today(), **changes}


US = [{"code": "US", "name": "US", "emergency": "911"}]


@pytest.mark.parametrize(
    "data",
    [
        {"line": [line(number=None)], "country": US},
        {"line": [line(number="call-me")], "country": US},
        {"line": [line(country="FR")], "country": US},
        {"country": [{"code": "usa", "name": "US", "emergency": "911"}]},
        {"line": [line(checked="yesterday")], "country": US},
        {"line": [{**line(), "verified": date.today()}], "country": US},
        {"line": [line(kind="fax")], "country": US},
        {"line": [line(website="http://example.org")], "country": US},
        {"line": [line(website=None)], "country": US},
        {"line": [line(kind="chat", number=None, url="javascript:alert(1)")], "country": US},
        {"line": [line(keyword="HOME")], "country": US},  # a keyword only goes with a text
        {"line": [line(kind="text", number="741741")], "country": US},  # no line to call
    ],
)
def test_malformed_data_is_refused(data):
    with pytest.raises(CrisisDataError):
        parse(data)


def test_home_is_the_chosen_country_and_only_guessed_when_none_was_chosen():
    chosen = home_for("US", ["en-GB"])
    assert (chosen.country.code, chosen.guessed) == ("US", False)
    guessed = home_for(None, ["fr", "en-GB", "en-AU"])
    assert (guessed.country.code, guessed.guessed) == ("GB", True)
    assert home_for("", ["en-IE"]).country.code == "IE"
    assert home_for(None, ["fr", "de-DE"]) is None
    assert home_for("ZZ", ["en-GB"]) is None  # "somewhere else" is a choice
