"""XSS payloads saved into every free-text field the registry lists, for the web and browser tests.

Each (route, field) gets its own payload with a short tag (`~7`), so a test can tell that this
very text came back, shown as text, somewhere the person can see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ifs_pwa.checkins.models import CheckIn
from ifs_pwa.portability.forms import MAX_DAYS
from ifs_pwa.practices.models import PracticeSession
from tests.conftest import csrf_token_from
from tests.web.test_practices import KEEP_ALL

from .pages import summary_url
from .registry import (
    GATED_PRACTICE,
    PRACTICE,
    ROUTES,
    Person,
    befriend_export,
    confirmed,
    daylio_csv,
    newest_id,
    sealed_preview,
    url,
)

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg onload=alert(1)>",
    "{{7*7}}",
)
# Markup that would be live if a page rendered the text as HTML.
LIVE_MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
               "<svg onload=alert(1)>", "<i>~")


def payload_for(number: int, limit: int) -> str:
    """The payload for the number-th field, tagged; a field too short for any gets `<i>~n`."""
    tag = f"~{number}"
    for offset in range(len(PAYLOADS)):
        candidate = f"{PAYLOADS[(number + offset) % len(PAYLOADS)]} {tag}"
        if len(candidate) <= limit:
            return candidate
    return f"<i>{tag}"


@dataclass
class Injected:
    texts: dict[str, str] = field(default_factory=dict)  # "endpoint field" -> the payload
    pages: list[str] = field(default_factory=list)  # where the new records live
    fragments: list[str] = field(default_factory=list)  # htmx answers to the saves
    summary: str = ""  # the therapist summary with every section, over the last ten years


def inject(person: Person, ids: dict) -> Injected:
    """Save a payload into every free-text field, as a page post and as an htmx post."""
    done, number = Injected(), 0
    for name, route in ROUTES.items():
        if not route.text:
            continue
        changes = {}
        for field_name, limit in route.text.items():
            number += 1
            changes[field_name] = payload_for(number, limit)
            done.texts[f"{name} {field_name}"] = changes[field_name]
        path = url(person.app, name, **route.args(ids))
        response = person.post(path, {**route.form(ids), **changes})
        assert response.status_code in (200, 201, 302, 303), (name, response.status_code)
        if "Location" in response.headers:
            done.pages.append(response.headers["Location"])
        fragment = person.post(path, {**route.form(ids), **changes},
                               headers={"HX-Request": "true"})
        assert fragment.status_code < 400, (name, fragment.status_code)
        done.fragments.append(fragment.get_data(as_text=True))
    # What a practice taught is copied into the part's own page.
    session = newest_id(person.app, PracticeSession, person.username)
    # Added below what the part's page held, so both the payloads stay on the page.
    keep_adding = {**{name: "add" for name in KEEP_ALL}, "keep-status": "replace"}
    response = person.post(url(person.app, "practices.update_part", session_id=session),
                           keep_adding)
    assert response.status_code == 303
    imported(person, done, number)
    done.summary = full_summary(person)
    done.pages.append(done.summary)
    return done


def full_summary(person: Person) -> str:
    """The printable summary as a therapist would get it: every section (part jobs, practice
    answers, questionnaires), both practices, the longest range the form takes, ending
    tomorrow so nothing written today in any zone falls outside it."""
    end = date.today() + timedelta(days=1)
    return summary_url(person.app, end - timedelta(days=MAX_DAYS), end,
                       [PRACTICE, GATED_PRACTICE])


def imported(person: Person, done: Injected, number: int) -> None:
    """Files bring text in too: a check-in note from a Befriend export and one from Daylio,
    each shown on the check-in's own page (and Daylio's in its preview first)."""
    app = person.app
    note = payload_for(number + 1, 5000)
    response = person.post(url(app, "portability.import_file"),
                           confirmed(befriend_export(note)))
    assert response.status_code == 303, response.status_code
    done.texts["portability.import_file note (JSON)"] = note
    done.pages.append(url(app, "checkins.show",
                          checkin_id=newest_id(app, CheckIn, person.username)))

    note = payload_for(number + 2, 5000)
    preview, sealed = sealed_preview(person, daylio_csv(note))
    done.fragments.append(preview)
    response = person.post(url(app, "portability.import_daylio"),
                           {"sealed": sealed, "mood-0": "8"})
    assert response.status_code == 303, response.status_code
    done.texts["portability.import_daylio note (Daylio)"] = note
    done.pages.append(url(app, "checkins.show",
                          checkin_id=newest_id(app, CheckIn, person.username)))


def strict_refusals(person: Person, ids: dict) -> list[tuple[str, str, int, str]]:
    """Payloads in fields that must refuse markup: (route, field, status, body) for each."""
    results = []
    for name, route in ROUTES.items():
        for number, field_name in enumerate(route.strict):
            text = PAYLOADS[number % len(PAYLOADS)]
            form = {**route.form(ids), field_name: text}
            path = url(person.app, name, **route.args(ids))
            client, token = person.client, person.csrf
            if route.anonymous:
                client = person.app.test_client()
                token = csrf_token_from(client.get("/login").get_data(as_text=True))
            response = client.post(path, data={**form, "csrf_token": token})
            results.append((name, field_name, response.status_code,
                            response.get_data(as_text=True)))
    return results
