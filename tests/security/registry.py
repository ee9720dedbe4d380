"""The security matrix's one registry: how to call every route of the app.

The matrix discovers routes from `app.url_map`; every endpoint found there must have an entry
here, or `test_every_route_is_in_the_registry` fails and names it. An entry says, for one
endpoint:

* `args(ids)`  - the URL values (ids of the OWNER's seeded records, see `seed`);
* `form(ids)`  - valid form data for its POST (without csrf_token; fresh client_ids each call;
                 a file upload is a `(stream, filename)` tuple, new each call as the test
                 client reads and closes it: call `form` once per request);
* `public`     - its GET answers someone signed out (everything else must redirect to /login);
* `anonymous`  - its POST is meant for someone signed out (signup, login, recovery);
* `fresh`      - its POST ends the session or the account (logout, password, deletion), so
                 the fuzzer uses a new account for every example;
* `text`       - free-text fields stored and shown back: {field: max length}; the XSS tests save
                 payloads into each of them and look for them, inert, on every page;
* `strict`     - text fields that must refuse markup (usernames, phones, time zones, fixed
                 choices): a payload there answers 422 and is echoed back escaped;
* `owned`      - URL values that name a record but are not `<int:...>` (a record's slug or
                 UUID): another person calling with the owner's value must get 404 too.

Adding a route at merge time: add one `Route(...)` line below keyed by its endpoint name; if it
needs a record that `seed` does not make yet, create it in `seed` and put its id into `ids`.
A route that deletes a record gets one seeded only for it (`doomed_*`), so the other routes keep
theirs. `ids` also holds the sign-up recovery code and a sealed Daylio preview (for its confirm).
Text that arrives in an uploaded file, not a form field, is injected by `xss.imported`.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import select

from ifs_pwa.auth.models import User
from ifs_pwa.extensions import db
from tests.conftest import csrf_token_from
from tests.factories import newest_id
from tests.web.test_practices import KEEP_ALL

PASSWORD = "correct horse battery"
NEW_PASSWORD = "another long secret"
PRACTICE = "get-to-know-a-protector"
GATED_PRACTICE = "witnessing-an-exile"
MEASURE = "phq9"


def cid() -> str:
    return str(uuid.uuid4())


def no_args(ids: dict) -> dict:
    return {}


@dataclass(frozen=True)
class Route:
    args: Callable[[dict], dict] = no_args
    form: Callable[[dict], dict] | None = None
    public: bool = False
    anonymous: bool = False
    fresh: bool = False
    text: dict[str, int] = field(default_factory=dict)
    strict: tuple[str, ...] = ()
    owned: tuple[str, ...] = ()


def part(ids):
    return {"part_id": ids["part"]}


def checkin(ids):
    return {"checkin_id": ids["checkin"]}


def practice_session(ids):
    return {"session_id": ids["session"]}


def doomed(key: str, arg: str):
    """URL values naming a record seeded only to be deleted, so nothing else loses its own."""
    return lambda ids: {arg: ids[key]}


DAYLIO_HEADER = "full_date,date,weekday,time,mood,activities,note_title,note\n"


def daylio_csv(note: str = "a walk by the sea") -> bytes:
    """A one-row Daylio export whose note is `note` (quoted as Daylio quotes it)."""
    quoted = note.replace('"', '""')
    return (DAYLIO_HEADER + f'2025-04-08,April 8,Tuesday,22:40,rad,walk,,"{quoted}"\n').encode()


def befriend_export(note: str = "brought back from a file") -> bytes:
    """The smallest Befriend export (format version 1) that brings back one check-in."""
    moment = "2025-03-01T08:30:00+00:00"
    return json.dumps({
        "schema": "befriend-export", "version": 1, "exported_at": moment, "user": {},
        "checkins": [{"client_id": cid(), "occurred_at": moment, "local_date": "2025-03-01",
                      "mood": 6, "energy": 3, "self_qualities": ["calm"], "feelings": ["sad"],
                      "note": note, "parts": [], "created_at": moment, "updated_at": moment}],
    }).encode()


def upload(body: bytes, name: str) -> dict:
    """A multipart file field (a new stream each call: the test client reads it once)."""
    return {"file": (io.BytesIO(body), name)}


def confirmed(body: bytes, name: str = "export.json") -> dict:
    """A Befriend export sent again with its preview's confirmation, so it is written."""
    return {**upload(body, name), "confirm": hashlib.sha256(body).hexdigest()}


CONFIRM = re.compile(r'name="confirm" value="([0-9a-f]{64})"')


PART_TEXT = {"name": 80, "emoji": 16, "description": 2000, "body_location": 200, "age": 40,
             "job": 2000, "fears": 2000, "needs": 2000, "burdens": 2000}
PLAN_SECTIONS = ("warning_signs", "on_my_own", "distractions", "helpers_note", "professionals",
                 "safer_surroundings", "reasons")
PLAN_NAMES = ("helpers-0-name", "helpers-1-name", "helpers-2-name",
              "professional_contacts-0-name", "professional_contacts-1-name")
PRACTICE_ANSWERS = ("find", "flesh_out", "job", "job_history", "fears", "appreciate")


def part_form(ids):
    return {"client_id": cid(), "name": "The worrier", "emoji": "🌧", "colour": "sage",
            "role": "manager", "status": "noticed", "description": "Tight chest",
            "body_location": "chest", "age": "about 9", "job": "keeps me safe",
            "fears": "being left", "needs": "rest", "burdens": "old shame", "trust_in_self": "4",
            # An edit opened from the part's current version (tests/web/test_part_versions.py).
            "base_version": ids["part_version"]() if "part" in ids else ""}


def checkin_form(ids):
    return {"client_id": cid(), "mood": "6", "energy": "3", "feelings": "sad",
            "self_qualities": "calm", "parts": str(ids["part"]), "note": "a quiet day",
            "new_part": "", "occurred_at": ""}


def push_subscription_form(ids):
    """A browser's push subscription: a fresh endpoint and well-formed keys each call."""
    import base64
    import os

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    point = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    encode = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()  # noqa: E731
    return {"endpoint": f"https://push.example.com/{cid()}", "p256dh": encode(point),
            "auth": encode(os.urandom(16))}


def plan_form(ids):
    """The plan's form as its edit page gives it now: opened from the plan's current version,
    so a save is applied, not kept beside the plan (tests/web/test_safety_plan_versions.py)."""
    data = {"client_id": cid(), "base_version": ids["plan_version"](),
            **{name: f"my {name}" for name in PLAN_SECTIONS}}
    for index, name in enumerate(PLAN_NAMES):
        data[name] = f"Helper {index}"
        data[name.replace("-name", "-phone")] = f"+44 20 7946 000{index}"
    return data


def practice_form(ids):
    return {"client_id": cid(), "part_id": str(ids["part"]), "self_energy_before": "4",
            "self_energy_after": "6", "finished": "1", "started_at": "", "finished_at": "",
            "answer-system_ok": "yes", "answer-feel_toward": "curious",
            **{f"answer-{step}": f"answer to {step}" for step in PRACTICE_ANSWERS}}


def measure_form(ids):
    return {"client_id": cid(), "difficulty": "Somewhat difficult",
            **{f"q{n}": "1" for n in range(1, 10)}}


ROUTES: dict[str, Route] = {
    # Public pages and files.
    "checkins.today": Route(public=True),
    "core.about": Route(public=True),
    "core.healthz": Route(public=True),
    "safety.crisis": Route(public=True),
    "safety.dark": Route(public=True),
    "breathing.breathe": Route(public=True),
    "pwa.manifest": Route(public=True),
    "pwa.service_worker": Route(public=True),
    "pwa.offline": Route(public=True),
    "pwa.session_token": Route(public=True),
    "static": Route(public=True, args=lambda ids: {"filename": "css/app.css"}),
    # Accounts.
    "auth.signup": Route(public=True, anonymous=True, strict=("username", "timezone"),
                         form=lambda ids: {"username": f"new-{uuid.uuid4().hex[:8]}",
                                           "password": PASSWORD, "confirm": PASSWORD,
                                           "timezone": "Europe/London"}),
    "auth.login": Route(public=True, anonymous=True,
                        form=lambda ids: {"username": ids["username"], "password": PASSWORD,
                                          "remember": "y", "next": "/parts/"}),
    "auth.logout": Route(form=lambda ids: {}, fresh=True),
    "account.show": Route(),
    "account.more": Route(),
    "account.update_settings": Route(strict=("timezone", "country"), form=lambda ids: {
        "timezone": "Europe/London", "country": "GB"}),
    "account.update_password": Route(fresh=True, form=lambda ids: {
        "current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    "account.new_recovery_code": Route(form=lambda ids: {"recovery_current": PASSWORD}),
    "account.delete": Route(fresh=True, form=lambda ids: {"username": ids["username"]}),
    "account.sign_out_device": Route(args=doomed("doomed_device", "device_id"),
                                     form=lambda ids: {}),
    "account.sign_out_everywhere": Route(fresh=True, form=lambda ids: {}),
    "auth.recover_account": Route(public=True, anonymous=True, strict=("username",),
                                  form=lambda ids: {"username": ids["username"],
                                                    "code": ids["recovery_code"],
                                                    "password": PASSWORD, "confirm": PASSWORD}),
    "privacy.privacy": Route(public=True),
    "privacy.goodbye": Route(public=True),
    "safety.welcome": Route(),
    # Check-ins.
    "checkins.create": Route(form=checkin_form, text={"note": 5000, "new_part": 80},
                             strict=("feelings", "self_qualities")),
    "checkins.history": Route(),
    # A date, not a record: another person opening it sees only their own (empty) day.
    "checkins.day": Route(args=lambda ids: {"day": ids["checkin_day"]}),
    "checkins.insights_page": Route(),
    "checkins.support": Route(),
    "checkins.show": Route(args=checkin),
    "checkins.edit": Route(args=checkin, text={"note": 5000, "new_part": 80},
                           form=lambda ids: {**checkin_form(ids), "mood": "4",
                                             "base_version": ids["checkin_version"]()}),
    # The check-in beside an edit kept from an older version (seeded, so there are two).
    "checkins.versions_page": Route(args=checkin),
    "checkins.choose_version": Route(args=checkin, form=lambda ids: {"keep": "waiting"}),
    "checkins.delete": Route(args=checkin, form=lambda ids: {}),
    "checkins.for_part": Route(args=part),
    # Parts.
    "parts.index": Route(),
    "parts.new": Route(),
    "parts.map": Route(),
    "parts.create": Route(form=part_form, text=PART_TEXT),
    "parts.show": Route(args=part),
    "parts.edit": Route(args=part),
    "parts.update": Route(args=part, form=part_form, text=PART_TEXT),
    # The part beside an edit kept from an older version (seeded, so there are two to show).
    "parts.versions_page": Route(args=part),
    "parts.choose_version": Route(args=part, form=lambda ids: {"keep": "waiting"}),
    "parts.archive": Route(args=part, form=lambda ids: {}),
    "parts.restore": Route(args=part, form=lambda ids: {}),
    "parts.relate": Route(args=part, form=lambda ids: {"kind": "allied",
                                                       "other": str(ids["third_part"])}),
    "parts.delete": Route(args=doomed("doomed_part", "part_id"), form=lambda ids: {}),
    # Where a part sits on the map (map.js sends fractions of the map's width and height).
    "parts.position": Route(args=part, form=lambda ids: {"x": "0.25", "y": "0.75"},
                            strict=("x", "y")),
    "parts.reset_map": Route(form=lambda ids: {}),
    "parts.unrelate": Route(args=lambda ids: {"part_id": ids["part"],
                                              "relation_id": ids["relation"]},
                            form=lambda ids: {}),
    # Practices.
    "practices.index": Route(),
    "practices.show": Route(args=lambda ids: {"slug": PRACTICE}),
    "practices.save": Route(args=lambda ids: {"slug": PRACTICE}, form=practice_form,
                            text={f"answer-{step}": 10_000 for step in PRACTICE_ANSWERS}),
    "practices.acknowledge": Route(form=lambda ids: {"slug": GATED_PRACTICE,
                                                     "understood": "yes", "self_here": "yes"}),
    "practices.session": Route(args=practice_session),
    "practices.update_part": Route(args=practice_session, form=lambda ids: dict(KEEP_ALL)),
    "practices.delete_session": Route(args=doomed("doomed_session", "session_id"),
                                      form=lambda ids: {}),
    # Breathing, measures, safety plan.
    "breathing.record": Route(form=lambda ids: {"client_id": cid(), "pattern": "box",
                                                "spec": "4,4,4,4", "seconds": "64",
                                                "finished_at": ""}),
    "breathing.sessions": Route(),
    "breathing.delete": Route(args=doomed("breathing", "session_id"), form=lambda ids: {}),
    "measures.index": Route(),
    "measures.show": Route(args=lambda ids: {"slug": MEASURE}),
    "measures.save": Route(args=lambda ids: {"slug": MEASURE}, form=measure_form),
    "measures.result": Route(args=lambda ids: {"slug": MEASURE, "result_id": ids["result"]}),
    "measures.delete_result": Route(args=lambda ids: {"slug": MEASURE,
                                                      "result_id": ids["doomed_result"]},
                                    form=lambda ids: {}),
    "safety.plan": Route(),
    "safety.edit_plan": Route(),
    "safety.save_plan": Route(
        form=plan_form, strict=("helpers-0-phone",),
        text={**{name: 5000 for name in PLAN_SECTIONS}, **{name: 80 for name in PLAN_NAMES}}),
    "safety.clear_plan": Route(form=lambda ids: {}),
    # The plan beside an edit kept from an older version (with none waiting: back to the plan).
    "safety.versions": Route(),
    "safety.choose_version": Route(form=lambda ids: {"keep": "plan"}),
    # Reminders (a subscription is the browser's JSON; the same three values as a form here).
    "reminders.settings": Route(),
    "reminders.save_settings": Route(strict=("remind_at", "evening_at"), form=lambda ids: {
        "enabled": "y", "remind_at": "09:00", "days": ["0", "3"], "skip_if_checked_in": "y",
        "evening_at": "21:00"}),
    "reminders.not_now": Route(form=lambda ids: {}),
    "reminders.subscribe": Route(form=push_subscription_form),
    "reminders.unsubscribe": Route(form=lambda ids: {
        "endpoint": "https://push.example.com/not-this-persons"}),
    # Taking data out and bringing it back (the imported texts' XSS checks: xss.py).
    "portability.export_json": Route(),
    "portability.export_csv": Route(),
    "portability.summary_page": Route(),
    "portability.import_form": Route(),
    "portability.import_file": Route(form=lambda ids: confirmed(befriend_export())),
    "portability.import_daylio": Route(form=lambda ids: {"sealed": ids["sealed"],
                                                         "mood-0": "8"}),
}


# --- discovering routes -------------------------------------------------------------------

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Endpoint:
    name: str
    rule: str
    methods: frozenset[str]
    id_args: tuple[str, ...]  # URL values naming a record (int converters, Route.owned)

    @property
    def route(self) -> Route:
        return ROUTES[self.name]


def endpoints(app: Flask) -> list[Endpoint]:
    """Every endpoint of the app, its methods merged across rules, in a stable order."""
    found: dict[str, Endpoint] = {}
    for rule in app.url_map.iter_rules():
        methods = frozenset(rule.methods - {"HEAD", "OPTIONS"})
        ids = tuple(sorted(name for name, conv in rule._converters.items()
                           if type(conv).__name__ == "IntegerConverter"))
        ids = tuple(sorted({*ids, *ROUTES[rule.endpoint].owned})) if (
            rule.endpoint in ROUTES) else ids
        if rule.endpoint in found:
            methods |= found[rule.endpoint].methods
        found[rule.endpoint] = Endpoint(rule.endpoint, rule.rule, methods, ids)
    return [found[name] for name in sorted(found)]


def gets(app: Flask) -> list[Endpoint]:
    return [e for e in endpoints(app) if "GET" in e.methods]


def writes(app: Flask) -> list[Endpoint]:
    return [e for e in endpoints(app) if e.methods & WRITES]


def write_method(endpoint: Endpoint) -> str:
    return sorted(endpoint.methods & WRITES)[0]


def url(app: Flask, endpoint: str, **values) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **values)


# --- people and their records -------------------------------------------------------------


class Person:
    """A browser-like test client: signs up through the real form and posts with CSRF tokens."""

    def __init__(self, app: Flask, username: str, timezone: str = "UTC"):
        self.app, self.username = app, username
        self.client = app.test_client()
        page = self.client.get("/signup").get_data(as_text=True)
        response = self.client.post("/signup", data={
            "username": username, "password": PASSWORD, "confirm": PASSWORD,
            "timezone": timezone, "csrf_token": csrf_token_from(page)})
        assert response.status_code == 302, response.get_data(as_text=True)
        self.recovery_code = recovery_code_in(self.client.get(response.headers["Location"]))
        self.csrf = self.token()

    def token(self) -> str:
        return csrf_token_from(self.client.get("/more").get_data(as_text=True))

    def post(self, path: str, data=None, **kwargs):
        payload = {"csrf_token": self.csrf, **(data or {})}
        return self.client.post(path, data=payload, **kwargs)

    def submit(self, endpoint: str, ids: dict, **changes):
        """POST the registry's valid form for `endpoint`, with some fields changed."""
        route = ROUTES[endpoint]
        return self.post(url(self.app, endpoint, **route.args(ids)),
                         {**route.form(ids), **changes})


RECOVERY_CODE = re.compile(r'class="recovery-code-value"><code[^>]*>(.*?)</code>', re.S)


def recovery_code_in(response) -> str:
    """The code a page shows once (/welcome after sign-up, /account after a new one)."""
    match = RECOVERY_CODE.search(response.get_data(as_text=True))
    assert match, "no recovery code on the page"
    return re.sub(r"<[^>]+>", "", match.group(1))  # drawn in groups, one span each


SEALED = re.compile(r'name="sealed" value="([^"]+)"')


def sealed_preview(person: Person, csv: bytes) -> tuple[str, str]:
    """Upload a Daylio CSV: (the preview page, its sealed copy of the file for the confirm)."""
    response = person.post(url(person.app, "portability.import_file"),
                           upload(csv, "daylio_export.csv"))
    html = response.get_data(as_text=True)
    match = SEALED.search(html)
    assert response.status_code == 200 and match, (response.status_code, html[:500])
    return html, match.group(1)


def version_of(app, model, record_id: int) -> str:
    """The record's version for its edit form; "" once the record is gone (deleted by an
    earlier route of the walk: the edit answers 404 then, whatever the form says)."""
    with app.app_context():
        record = db.session.get(model, record_id)
        return "" if record is None else str(record.version)


def plan_version(app, username: str) -> str:
    from ifs_pwa.safety.models import SafetyPlan

    with app.app_context():
        version = db.session.scalar(select(SafetyPlan.version).join(User)
                                    .where(User.username_key == username.lower()))
        return "" if version is None else str(version)


def seed(person: Person) -> dict:
    """Give `person` one record of every kind, through the real forms; returns their ids."""
    from ifs_pwa.breathing.models import BreathingSession
    from ifs_pwa.checkins.models import CheckIn
    from ifs_pwa.measures.models import MeasureResult
    from ifs_pwa.parts.models import Part, PartRelation
    from ifs_pwa.practices.models import PracticeSession

    app, name = person.app, person.username
    ids: dict = {"username": name, "recovery_code": person.recovery_code,
                 "plan_version": lambda: plan_version(app, name)}

    def make(endpoint: str, model, **changes) -> int:
        response = person.submit(endpoint, ids, **changes)
        assert response.status_code < 400, (endpoint, response.status_code)
        return newest_id(app, model, name)

    ids["part"] = make("parts.create", Part, name="Seed part")
    ids["part_version"] = lambda: version_of(app, Part, ids["part"])
    ids["other_part"] = make("parts.create", Part, name="Other part")
    ids["third_part"] = make("parts.create", Part, name="Third part")
    ids["relation"] = make("parts.relate", PartRelation, other=str(ids["other_part"]))
    ids["checkin"] = make("checkins.create", CheckIn)
    ids["checkin_version"] = lambda: version_of(app, CheckIn, ids["checkin"])
    with app.app_context():
        ids["checkin_day"] = db.session.get(CheckIn, ids["checkin"]).local_date.isoformat()
    ids["session"] = make("practices.save", PracticeSession)
    ids["result"] = make("measures.save", MeasureResult)
    # Records only the delete routes use, so deleting them leaves the ones above in place.
    ids["doomed_part"] = make("parts.create", Part, name="Part to delete")
    ids["doomed_session"] = make("practices.save", PracticeSession)
    ids["doomed_result"] = make("measures.save", MeasureResult)
    ids["breathing"] = make("breathing.record", BreathingSession)
    for endpoint in ("safety.save_plan", "practices.acknowledge"):
        assert person.submit(endpoint, ids).status_code < 400, endpoint
    # An edit kept beside the plan (made from no known version), so its page has two to show.
    kept = person.submit("safety.save_plan", ids, base_version="", reasons="kept beside")
    assert kept.status_code == 409
    kept = person.submit("parts.update", ids, base_version="", description="kept beside")
    assert kept.status_code == 409
    kept = person.submit("checkins.edit", ids, base_version="", note="kept beside")
    assert kept.status_code == 409
    ids["sealed"] = sealed_preview(person, daylio_csv())[1]  # previewed, not yet brought in
    # A second signed-in device, for the route that signs one out.
    from ifs_pwa.auth.models import DeviceSession
    from tests.conftest import AuthActions

    assert AuthActions(app.test_client()).login(name, PASSWORD).status_code == 302
    ids["doomed_device"] = newest_id(app, DeviceSession, name)
    return ids


def snapshot(app: Flask) -> dict[str, list[str]]:
    """Every row of every table, to show a request changed nothing."""
    with app.app_context():
        tables = {
            table.name: sorted(repr(tuple(row)) for row in db.session.execute(table.select()))
            for table in db.metadata.sorted_tables
        }
        db.session.remove()
    return tables
