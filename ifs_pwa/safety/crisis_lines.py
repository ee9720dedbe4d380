"""Crisis lines as data, loaded and checked once at start-up so a typo can never reach a person."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("crisis_lines.toml")
PHONE = re.compile(r"^\+?[0-9][0-9 ]{1,14}$")
# Works from most mobile phones in most of the world, including across the EU.
FALLBACK_EMERGENCY = "112"
FIND_A_HELPLINE = "https://findahelpline.com"


@dataclass(frozen=True)
class Line:
    country: str
    name: str
    hours: str
    last_verified: date
    number: str | None = None
    text: str | None = None
    text_body: str | None = None

    @property
    def tel(self) -> str | None:
        return "tel:" + self.number.replace(" ", "") if self.number else None

    @property
    def sms(self) -> str | None:
        if not self.text:
            return None
        body = f"?body={self.text_body}" if self.text_body else ""
        return f"sms:{self.text.replace(' ', '')}{body}"


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency: str
    lines: tuple[Line, ...]


class CrisisDataError(ValueError):
    """The crisis data file is malformed; the app refuses to start rather than show it."""


def parse_line(raw: dict) -> Line:
    """Validate one line entry: it needs a way to reach it and a date it was verified."""
    try:
        line = Line(**raw)
    except TypeError as exc:
        raise CrisisDataError(f"{DATA_FILE.name}: line {raw.get('name')!r}: {exc}") from exc
    if not (line.number or line.text):
        raise CrisisDataError(f"{DATA_FILE.name}: line {line.name!r} has no number or text")
    for value in (line.number, line.text):
        if value is not None and not PHONE.fullmatch(value):
            raise CrisisDataError(f"{DATA_FILE.name}: line {line.name!r}: bad number {value!r}")
    if not isinstance(line.last_verified, date):
        raise CrisisDataError(f"{DATA_FILE.name}: line {line.name!r}: last_verified not a date")
    return line


def parse(data: dict) -> dict[str, Country]:
    """Turn the file's tables into countries keyed by ISO code, checking every field."""
    lines = [parse_line(raw) for raw in data.get("line", [])]
    countries: dict[str, Country] = {}
    for raw in data.get("country", []):
        code = raw.get("code", "")
        if not re.fullmatch(r"[A-Z]{2}", code) or not PHONE.fullmatch(raw.get("emergency", "")):
            raise CrisisDataError(f"{DATA_FILE.name}: country {raw!r} is malformed")
        own = tuple(line for line in lines if line.country == code)
        countries[code] = Country(code, raw["name"], raw["emergency"], own)
    orphans = {line.country for line in lines} - countries.keys()
    if orphans:
        raise CrisisDataError(f"{DATA_FILE.name}: lines for unknown countries {sorted(orphans)}")
    return countries


@cache
def countries() -> dict[str, Country]:
    with DATA_FILE.open("rb") as handle:
        return parse(tomllib.load(handle))


def country_choices() -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in countries().values()] + [("ZZ", "Somewhere else")]


def for_country(code: str | None) -> Country | None:
    return countries().get(code or "")


def guess_country(languages: list[str]) -> Country | None:
    """First listed country in the browser's languages ("en-GB" → GB): a start, easy to change."""
    for language in languages:
        _, _, region = language.partition("-")
        if country := for_country(region.upper()):
            return country
    return None


@dataclass(frozen=True)
class Home:
    """The country an inline crisis card shows first, and whether it was only guessed."""

    country: Country
    guessed: bool


def home_for(chosen: str | None, languages: Iterable[str]) -> Home | None:
    """The person's own choice when they made one; with none made, the crisis page's guess from
    the browser's languages, so a card at a hard moment still offers real numbers to call.
    "Somewhere else" (a code with no lines) is a choice too: nothing is guessed over it."""
    if chosen:
        country = for_country(chosen)
        return Home(country, guessed=False) if country else None
    guess = guess_country(list(languages))
    return Home(guess, guessed=True) if guess else None
