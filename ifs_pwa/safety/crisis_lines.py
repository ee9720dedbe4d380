"""Crisis lines as data, loaded and checked once at start-up so a typo can never reach a person.

Nothing here touches the database: the crisis page and every error page draw on it while the
database may be the very thing that is down.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("crisis_lines.toml")
PHONE = re.compile(r"^\+?[0-9][0-9 -]{1,16}[0-9]$|^[0-9]{3,4}$")
KEYWORD = re.compile(r"^[A-Z0-9]{1,20}$")
WEB = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[\w./-]*)?$")
KINDS = ("call", "text", "chat")
# The session key for the country last used for crisis lines, so a page that can't ask the
# database (an outage) still knows it.
SESSION_KEY = "crisis_country"


@dataclass(frozen=True)
class Line:
    """One way of reaching one service: a call, a text (SMS) or a chat on the web."""

    country: str
    name: str
    kind: str
    website: str
    checked: date
    number: str | None = None
    keyword: str | None = None
    url: str | None = None
    note: str | None = None

    @property
    def href(self) -> str:
        digits = re.sub(r"[ -]", "", self.number or "")
        if self.kind == "call":
            return f"tel:{digits}"
        if self.kind == "text":
            return f"sms:{digits}" + (f"?body={self.keyword}" if self.keyword else "")
        return self.url or self.website

    @property
    def label(self) -> str:
        if self.kind == "call":
            return f"Call {self.number}"
        if self.kind == "text":
            keyword = f"{self.keyword} to " if self.keyword else ""
            return f"Text {keyword}{self.number}"
        return "Chat online"

    # The names older templates and tests use.
    @property
    def tel(self) -> str | None:
        return self.href if self.kind == "call" else None

    @property
    def sms(self) -> str | None:
        return self.href if self.kind == "text" else None


@dataclass(frozen=True)
class Service:
    """Every way of reaching one service, shown together under its name."""

    name: str
    website: str
    note: str | None
    ways: tuple[Line, ...]


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency: str
    lines: tuple[Line, ...]
    also: str | None = None
    emergency_note: str | None = None

    @property
    def main(self) -> Line:
        """The line an error page shows inline: the first one that can be called."""
        return next(line for line in self.lines if line.kind == "call")

    @property
    def emergency_tel(self) -> str:
        return f"tel:{self.emergency}"

    @property
    def services(self) -> tuple[Service, ...]:
        grouped: dict[str, list[Line]] = {}
        for line in self.lines:
            grouped.setdefault(line.name, []).append(line)
        return tuple(
            Service(name, ways[0].website, next((w.note for w in ways if w.note), None),
                    tuple(ways))
            for name, ways in grouped.items()
        )


@dataclass(frozen=True)
class Elsewhere:
    """What holds outside the listed countries, said exactly as far as it is true."""

    emergency: str
    emergency_note: str
    support: str
    support_note: str
    directory: str

    @property
    def emergency_tel(self) -> str:
        return f"tel:{self.emergency}"


class CrisisDataError(ValueError):
    """The crisis data file is malformed; the app refuses to start rather than show it."""


def fail(what: str, problem: str) -> CrisisDataError:
    return CrisisDataError(f"{DATA_FILE.name}: {what}: {problem}")


def parse_line(raw: dict) -> Line:
    """Validate one entry: a kind, a way to reach it, the service's website and a checked date."""
    what = f"line {raw.get('name')!r} ({raw.get('kind')})"
    try:
        line = Line(**raw)
    except TypeError as exc:
        raise fail(what, str(exc)) from exc
    if line.kind not in KINDS:
        raise fail(what, f"kind must be one of {KINDS}")
    if line.kind in ("call", "text") and not PHONE.fullmatch(line.number or ""):
        raise fail(what, f"bad number {line.number!r}")
    if line.kind == "chat" and not WEB.fullmatch(line.url or ""):
        raise fail(what, f"bad chat address {line.url!r}")
    if line.keyword is not None and (line.kind != "text" or not KEYWORD.fullmatch(line.keyword)):
        raise fail(what, f"bad keyword {line.keyword!r}")
    if not WEB.fullmatch(line.website or ""):
        raise fail(what, f"bad website {line.website!r}")
    if not isinstance(line.checked, date):
        raise fail(what, "checked is not a date")
    return line


def parse_country(raw: dict, lines: list[Line]) -> Country:
    code = raw.get("code", "")
    if not re.fullmatch(r"[A-Z]{2}", code) or not PHONE.fullmatch(raw.get("emergency", "")):
        raise fail(f"country {raw!r}", "malformed")
    if raw.get("also") is not None and not PHONE.fullmatch(raw["also"]):
        raise fail(f"country {code}", f"bad second emergency number {raw['also']!r}")
    own = tuple(line for line in lines if line.country == code)
    if not any(line.kind == "call" for line in own):
        raise fail(f"country {code}", "needs at least one line to call")
    return Country(code, raw["name"], raw["emergency"], own, raw.get("also"),
                   raw.get("emergency_note"))


def parse(data: dict) -> dict[str, Country]:
    """Turn the file's tables into countries keyed by ISO code, checking every field."""
    lines = [parse_line(raw) for raw in data.get("line", [])]
    countries = {}
    for raw in data.get("country", []):
        country = parse_country(raw, lines)
        countries[country.code] = country
    orphans = {line.country for line in lines} - countries.keys()
    if orphans:
        raise CrisisDataError(f"{DATA_FILE.name}: lines for unknown countries {sorted(orphans)}")
    return countries


@cache
def raw_data() -> dict:
    with DATA_FILE.open("rb") as handle:
        return tomllib.load(handle)


@cache
def countries() -> dict[str, Country]:
    return parse(raw_data())


@cache
def elsewhere() -> Elsewhere:
    try:
        found = Elsewhere(**raw_data()["elsewhere"])
    except (KeyError, TypeError) as exc:
        raise CrisisDataError(f"{DATA_FILE.name}: [elsewhere]: {exc}") from exc
    if not PHONE.fullmatch(found.emergency) or not WEB.fullmatch(found.directory):
        raise CrisisDataError(f"{DATA_FILE.name}: [elsewhere] is malformed")
    return found


# Kept for the templates and modules that used the old names.
FALLBACK_EMERGENCY = "112"
FIND_A_HELPLINE = "https://findahelpline.com"


def by_name() -> list[Country]:
    """Every country of the data, as a person looks for it in a list: by its name."""
    return sorted(countries().values(), key=lambda c: c.name.casefold())


def country_choices() -> list[tuple[str, str]]:
    """Every country the data has lines for (a new [[country]] is offered at once), then
    "Somewhere else"."""
    return [(c.code, c.name) for c in by_name()] + [("ZZ", "Somewhere else")]


def for_country(code: str | None) -> Country | None:
    return countries().get((code or "").upper())


def guess_country(languages: Iterable[str]) -> Country | None:
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


def remembered(session) -> str | None:
    """The country code kept in the session ("ZZ" for somewhere else), if any."""
    code = session.get(SESSION_KEY)
    return code if isinstance(code, str) and (code == "ZZ" or for_country(code)) else None


def remember(session, code: str | None) -> None:
    """Keep the person's country in the session for pages drawn without the database; written
    only when it changes, so most requests leave the session untouched."""
    if code and session.get(SESSION_KEY) != code:
        session[SESSION_KEY] = code
    elif not code and SESSION_KEY in session:
        session.pop(SESSION_KEY)


def home_without_database(session, languages: Iterable[str]) -> Home | None:
    """The guess a page can make without asking the database: the session, then the phone's
    language."""
    return home_for(remembered(session), languages)


def for_request() -> Home | None:
    """`home_without_database` for the current request (error pages)."""
    from flask import g, request, session

    home = home_without_database(session, request.accept_languages.values())
    if home is not None and home.guessed:
        g.crisis_country_guessed = True
    return home
