"""Restoring a Befriend export: check the whole file first, then add what isn't there yet.

Everything is matched by client_id (parts, check-ins, sessions, results) or by the parts'
client_ids (relations), so restoring the same file twice adds nothing. The caller commits once
or rolls back: a file with one bad record adds nothing at all. Every problem names the line of
the value at fault, found by where that value begins in the text (see `offsets`).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from json.decoder import WHITESPACE, JSONDecoder, scanstring

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.models import User
from ..breathing.models import BreathingSession
from ..checkins.models import CheckIn
from ..clock import zone
from ..measures.models import MeasureResult
from ..parts.models import Part, PartRelation
from ..parts.relations import canonical, same_relation
from ..practices.models import PracticeSession
from ..safety.crisis_lines import country_choices
from ..safety.models import SafetyPlan
from .schema import (
    AGREEMENT,
    LISTS,
    SAFETY_PLAN,
    SCHEMA,
    SINGULAR,
    USER,
    VERSION,
    Problem,
    check_record,
)

MODELS = {"checkins": CheckIn, "practice_sessions": PracticeSession,
          "breathing_sessions": BreathingSession, "measure_results": MeasureResult}


def offsets(raw: str, depth: int = 4) -> dict[tuple, int]:
    """Where each value of a valid JSON text begins, by its path (keys and list positions),
    down to `depth` levels: record fields, and the items of their lists and objects. Deeper
    values are passed over whole by the json module's own scanner; for a duplicated key the
    last one counts, as it does for json.loads."""
    found: dict[tuple, int] = {}
    scan = JSONDecoder().raw_decode

    def skip(at: int) -> int:
        return WHITESPACE.match(raw, at).end()

    def value(at: int, path: tuple) -> int:
        at = skip(at)
        found[path] = at
        if len(path) < depth and raw[at] in "{[":
            return members(at, path)
        return scan(raw, at)[1]

    def members(at: int, path: tuple) -> int:
        closing = "}" if raw[at] == "{" else "]"
        at, index = skip(at + 1), 0
        while raw[at] != closing:
            if closing == "}":
                key, at = scanstring(raw, at + 1)
                at = value(skip(at) + 1, (*path, key))  # past the colon
            else:
                at, index = value(at, (*path, index)), index + 1
            at = skip(at)
            if raw[at] == ",":
                at = skip(at + 1)
        return at + 1

    value(0, ())
    return found


class Places:
    """Lines of the uploaded text, worked out only when a problem has to name one."""

    def __init__(self, raw: str):
        self.raw = raw

    @cached_property
    def offsets(self) -> dict[tuple, int]:
        return offsets(self.raw)

    def line(self, *path) -> int:
        """The line of the value at `path`, or of the nearest value holding it."""
        while path and path not in self.offsets:
            path = path[:-1]
        return self.raw.count("\n", 0, self.offsets.get(path, 0)) + 1

    def at(self, *path) -> str:
        return f" (line {self.line(*path)})"

    def record(self, name: str, index: int, *path) -> str:
        """“check-in 3 (line 57)”: the record counted from 1, the line of the value at fault."""
        return f"{SINGULAR[name]} {index + 1}{self.at(name, index, *path)}"


@dataclass
class Checked:
    user: dict
    lists: dict[str, list[dict]]
    safety_plan: dict | None
    places: Places


@dataclass
class Outcome:
    added: Counter = field(default_factory=Counter)
    already: Counter = field(default_factory=Counter)
    plan: str = ""  # "added", "already" (the same plan) or "kept" (a newer one); "" if none
    account: dict[str, str] = field(default_factory=dict)  # settings the file changes


def read(raw: str, places: Places) -> dict:
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as error:
        raise Problem(f"This file isn't valid JSON: line {error.lineno}, column {error.colno}: "
                      f"{error.msg}.") from None
    except (ValueError, RecursionError):
        raise Problem("This file can't be read: it holds a number too long or lists nested "
                      "too deeply to be a Befriend export.") from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise Problem(f"This JSON file isn't a Befriend export (its “schema”{places.at('schema')} "
                      f"should be “{SCHEMA}”).")
    version = document.get("version")
    if version != VERSION:
        raise Problem(f"This export uses version {str(version)[:20]} of the format"
                      f"{places.at('version')}, which this Befriend can't read; it reads "
                      f"version {VERSION}.")
    return document


# What one file may hold, per list: a bound by records rather than bytes (fifty years of
# five check-ins a day), far above anything this app's export of one person holds.
MAX_RECORDS = 100_000


def check(raw: str) -> Checked:
    """Every record checked before anything is written; the first problem is named with its
    place in the file."""
    places = Places(raw)
    document = read(raw, places)
    try:
        user = check_record(document.get("user") or {}, USER)
    except Problem as problem:
        raise Problem(f"In the account settings{places.at('user', *problem.path)}: "
                      f"{sentence(problem)}") from None
    lists = {}
    for name, fields in LISTS.items():
        records = document.get(name) or []
        if not isinstance(records, list):
            raise Problem(f"“{name}”{places.at(name)} should be a list.")
        if len(records) > MAX_RECORDS:
            raise Problem(f"“{name}”{places.at(name)} holds {len(records):,} records, more "
                          f"than the {MAX_RECORDS:,} we can bring in at once.")
        seen, checked = set(), []
        for index, record in enumerate(records):
            try:
                item = check_record(record, fields, AGREEMENT.get(name))
            except Problem as problem:
                raise Problem(f"In {places.record(name, index, *problem.path)}: "
                              f"{sentence(problem)}") from None
            if "client_id" in fields:
                if item["client_id"] in seen:
                    raise Problem(f"In {places.record(name, index, 'client_id')}: the same "
                                  "“client_id” appears twice.")
                seen.add(item["client_id"])
            checked.append(item)
        lists[name] = checked
    plan = document.get("safety_plan")
    try:
        plan = check_record(plan, SAFETY_PLAN) if plan is not None else None
    except Problem as problem:
        raise Problem(f"In the safety plan{places.at('safety_plan', *problem.path)}: "
                      f"{sentence(problem)}") from None
    return Checked(user, lists, plan, places)


def sentence(problem: Problem) -> str:
    """A problem's words ending in one full stop (some end in a message of their own)."""
    return str(problem).rstrip(".") + "."


def restore(session: Session, user: User, checked: Checked) -> Outcome:
    """Add what is missing; raises Problem (the caller rolls back) if a link leads nowhere."""
    outcome = Outcome()
    restore_settings(user, checked.user)
    parts = {p.client_id: p for p in session.scalars(select(Part).where(Part.user_id == user.id))}
    for record in checked.lists["parts"]:
        if record["client_id"] in parts:
            outcome.already["parts"] += 1
            continue
        part = Part(user_id=user.id, **record)
        session.add(part)
        parts[part.client_id] = part
        outcome.added["parts"] += 1
    session.flush()

    def part(ref, name: str, index: int, *path) -> Part:
        if ref not in parts:
            raise Problem(f"In {checked.places.record(name, index, *path)}: it names a part "
                          "that isn't in the file or your account.")
        return parts[ref]

    existing = {tuple(row) for row in session.execute(
        select(PartRelation.from_part_id, PartRelation.to_part_id, PartRelation.kind)
        .where(PartRelation.user_id == user.id))}
    for index, record in enumerate(checked.lists["part_relations"]):
        key = canonical(part(record["from_part"], "part_relations", index, "from_part").id,
                        part(record["to_part"], "part_relations", index, "to_part").id,
                        record["kind"])
        if key[0] == key[1] or any(same_relation(key, other) for other in existing):
            outcome.already["part_relations"] += 1
            continue
        existing.add(key)
        session.add(PartRelation(user_id=user.id, from_part_id=key[0], to_part_id=key[1],
                                 kind=key[2], created_at=record["created_at"]))
        outcome.added["part_relations"] += 1

    for name, model in MODELS.items():
        known = set(session.scalars(select(model.client_id).where(model.user_id == user.id)))
        for index, record in enumerate(checked.lists[name]):
            if record["client_id"] in known:
                outcome.already[name] += 1
                continue
            session.add(build(model, user.id, record,
                              lambda ref, *path, n=name, i=index: part(ref, n, i, *path)))
            outcome.added[name] += 1
    if checked.safety_plan is not None:
        outcome.plan = restore_plan(session, user.id, checked.safety_plan)
    session.flush()
    return outcome


def build(model, user_id: int, record: dict, part):
    """A new row from a checked record, with part references turned into the person's parts
    (`part(ref, *path)` finds one, or names the line of a reference that leads nowhere)."""
    values = dict(record)
    if model is CheckIn:
        found = [part(ref, "parts", n) for n, ref in enumerate(values["parts"])]
        values["parts"] = list(dict.fromkeys(found))
        qualities = values.pop("self_qualities")
        row = CheckIn(user_id=user_id, **values)
        row.self_qualities = qualities
        return row
    if model is PracticeSession:
        ref = values.pop("part")
        values["part_id"] = part(ref, "part").id if ref is not None else None
    return model(user_id=user_id, **values)


def restore_settings(user: User, values: dict) -> None:
    """The file's settings win, except the username and a zone or country this server doesn't
    know."""
    if values["timezone"] and zone(values["timezone"]).key == values["timezone"]:
        user.timezone = values["timezone"]
    if values["country"] and values["country"].upper() in {c for c, _ in country_choices()}:
        user.country = values["country"].upper()
    user.settings = {**(user.settings or {}), **values["settings"]}
    if values["email"] and not user.email:
        user.email = values["email"]


def restore_plan(session: Session, user_id: int, values: dict) -> str:
    """A plan written since the export is newer than the file's: it is kept, never overwritten.
    Says which happened: "added", "already" (this very plan is here) or "kept"."""
    plan = session.scalar(select(SafetyPlan).where(SafetyPlan.user_id == user_id))
    if plan is not None and not plan.is_empty:
        return "already" if plan.client_id == values["client_id"] else "kept"
    if plan is None:
        plan = SafetyPlan(user_id=user_id)
        session.add(plan)
    for key, value in values.items():
        setattr(plan, key, value)
    return "added"


def dry_run(session: Session, user: User, checked: Checked) -> Outcome:
    """What restoring would do, learnt by restoring inside a savepoint and undoing it: the
    preview's counts are the import's own, and a reference leading nowhere is named before
    anything is written. Nothing is kept on the server; confirming sends the file again."""
    before = {"timezone": user.timezone, "country": user.country}
    savepoint = session.begin_nested()
    try:
        outcome = restore(session, user, checked)
        outcome.account = {key: getattr(user, key) for key, old in before.items()
                           if getattr(user, key) != old}
    finally:
        savepoint.rollback()
    return outcome
