"""Daylio's CSV export read into check-ins: moods by label onto our 1–10 scale, activities that
name a feeling become feelings, the rest goes into the note.

Each row gets a client_id derived from its content (uuid5), so bringing in the same file twice
adds nothing, whatever mapping was chosen the second time.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time

from ..checkins.forms import NOTE_LIMIT
from ..checkins.models import CheckIn
from ..checkins.vocab import FEELINGS
from ..clock import from_local
from .schema import Problem

REQUIRED = ("full_date", "time", "mood")
OPTIONAL = ("activities", "note_title", "note")
DEFAULT_MOODS = {"rad": 9, "good": 7, "meh": 5, "bad": 3, "awful": 1}
UNKNOWN_MOOD = 5
SCALE = {str(n) for n in range(1, 11)}
TIME_FORMATS = ("%H:%M", "%I:%M %p", "%H:%M:%S", "%I:%M:%S %p")
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "befriend:daylio-import")
LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    line: int
    day: date
    at: time
    mood: str
    feelings: tuple[str, ...]
    note: str
    client_id: uuid.UUID


def looks_like_daylio(text: str) -> bool:
    header = text.lstrip("\ufeff").split("\n", 1)[0].lower()
    return all(column in header for column in REQUIRED)


def read_time(raw: str) -> time | None:
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(raw.strip().upper(), fmt).time()
        except ValueError:
            continue
    return None


def note_for(title: str, body: str, others: list[str]) -> str:
    """Title, note and the activities that aren't feelings, each on its own line."""
    pieces = [title.strip(), LINE_BREAK.sub("\n", body).strip()]
    if others:
        pieces.append("Daylio activities: " + ", ".join(others))
    return "\n\n".join(piece for piece in pieces if piece)


def parse(text: str) -> list[Row]:
    """Every row read and checked; the first problem names its line in the file."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise Problem("This CSV doesn't look like a Daylio export: it has no "
                      f"“{'”, “'.join(missing)}” column (line 1).")
    reader.fieldnames = columns
    rows, line = [], reader.line_num + 1
    try:
        for record in reader:
            rows.append(parse_row(record, line))
            line = reader.line_num + 1
    except csv.Error as error:
        raise Problem(f"Line {line}: the CSV can't be read there ({error}).") from None
    if not rows:
        raise Problem("This Daylio file has no entries in it.")
    return rows


def parse_row(record: dict, line: int) -> Row:
    values = {key: (record.get(key) or "") for key in REQUIRED + OPTIONAL}
    if None in record:
        raise Problem(f"Line {line}: this row has more cells than the header.")
    try:
        day = date.fromisoformat(values["full_date"].strip())
        if not 1900 <= day.year <= 9000:
            raise ValueError
    except ValueError:
        raise Problem(f"Line {line}: the date “{values['full_date'][:40]}” can't be read; "
                      "Daylio writes dates like 2024-05-31.") from None
    at = read_time(values["time"])
    if at is None:
        raise Problem(f"Line {line}: the time “{values['time'][:40]}” can't be read; "
                      "Daylio writes times like 20:15 or 8:15 pm.")
    mood = values["mood"].strip()
    if not mood:
        raise Problem(f"Line {line}: there is no mood in this row.")
    activities = [a.strip() for a in values["activities"].split("|") if a.strip()]
    feelings = tuple(word for word in FEELINGS if word in {a.lower() for a in activities})
    others = [a for a in activities if a.lower() not in FEELINGS]
    note = note_for(values["note_title"], values["note"], others)
    if len(note) > NOTE_LIMIT:
        raise Problem(f"Line {line}: the note is longer than {NOTE_LIMIT:,} characters, "
                      "more than a check-in can hold.")
    content = "\x1f".join(values[key] for key in REQUIRED + OPTIONAL)
    return Row(line, day, at, mood, feelings, note, uuid.uuid5(NAMESPACE, content))


def labels(rows: list[Row]) -> list[str]:
    """Each mood label once, in the order the file first uses it."""
    return list(dict.fromkeys(row.mood for row in rows))


def suggested(label: str) -> int | None:
    """Daylio's five default moods have an obvious place; custom names are the person's call."""
    return DEFAULT_MOODS.get(label.strip().lower())


def read_mapping(form, names: list[str]) -> tuple[dict[str, int], dict[int, str]]:
    """The chosen 1–10 for each label (fields mood-0, mood-1, ...), and problems by index."""
    mapping, errors = {}, {}
    for index, label in enumerate(names):
        raw = (form.get(f"mood-{index}") or "").strip()
        if raw in SCALE:
            mapping[label] = int(raw)
        else:
            errors[index] = f"Please choose a number from 1 to 10 for “{label}”."
    return mapping, errors


def checkins(rows: list[Row], mapping: dict[str, int], user_id: int, tz_name: str):
    """New check-in rows; the day is Daylio's own day, the time read on the person's clock."""
    for row in rows:
        checkin = CheckIn(
            user_id=user_id, client_id=row.client_id, mood=mapping[row.mood], energy=None,
            note=row.note, feelings=list(row.feelings), self_mask=0,
            occurred_at=from_local(datetime.combine(row.day, row.at), tz_name),
            local_date=row.day,
        )
        yield checkin
