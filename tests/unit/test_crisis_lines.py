"""The crisis lines file: every entry well formed, and malformed data refused loudly."""

from __future__ import annotations

from datetime import date

import pytest

from ifs_pwa.safety.crisis_lines import PHONE, CrisisDataError, countries, home_for, parse


def test_every_entry_is_well_formed():
    data = countries()
    assert {"US", "CA", "GB", "IE", "AU"} <= data.keys()
    for country in data.values():
        assert PHONE.fullmatch(country.emergency)
        for line in country.lines:
            assert line.name and line.hours
            assert line.tel or line.sms
            assert isinstance(line.last_verified, date)
            assert line.last_verified <= date.today()


def test_the_lines_people_rely_on():
    data = countries()
    us = {line.name: line for line in data["US"].lines}
    assert us["988 Suicide & Crisis Lifeline"].tel == "tel:988"
    assert us["988 Suicide & Crisis Lifeline"].sms == "sms:988"
    assert us["Crisis Text Line"].sms == "sms:741741?body=HOME"
    assert [line.tel for line in data["GB"].lines] == ["tel:116123"]
    assert [line.tel for line in data["AU"].lines] == ["tel:131114"]
    assert data["GB"].emergency == "999" and data["US"].emergency == "911"


@pytest.mark.parametrize(
    "data",
    [
        {"line": [{"country": "US", "name": "x", "hours": "24/7", "last_verified": date.today()}],
         "country": [{"code": "US", "name": "US", "emergency": "911"}]},
        {"line": [{"country": "US", "name": "x", "number": "call-me", "hours": "24/7",
                   "last_verified": date.today()}],
         "country": [{"code": "US", "name": "US", "emergency": "911"}]},
        {"line": [{"country": "FR", "name": "x", "number": "3114", "hours": "24/7",
                   "last_verified": date.today()}],
         "country": [{"code": "US", "name": "US", "emergency": "911"}]},
        {"country": [{"code": "usa", "name": "US", "emergency": "911"}]},
        {"line": [{"country": "US", "name": "x", "number": "988", "hours": "24/7",
                   "last_verified": "yesterday"}],
         "country": [{"code": "US", "name": "US", "emergency": "911"}]},
        {"line": [{"country": "US", "name": "x", "number": "988", "hours": "24/7",
                   "verified": date.today()}],
         "country": [{"code": "US", "name": "US", "emergency": "911"}]},
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
