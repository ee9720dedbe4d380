"""The export format (befriend-export, version 1), put together from each domain's own shape.

Every domain says in its `portable.py` what its records look like in the file (the keys, how an
imported value is checked, how a row is written); this module only orders them into the
document. One table per record type serves both directions, so the export, the importer and
docs/export-format.md (a test compares them) cannot drift apart.

A value is taken only in the shape the app's own forms give it (contacts as the safety-plan
form makes them, answers as the practice and questionnaire forms keep them, settings as the app
writes them): the pages that show it later rely on that shape, and one value that merely looks
right can break a page every time it is opened.
"""

from __future__ import annotations

from ..auth.portable import USER
from ..breathing.portable import BREATHING_SESSION
from ..checkins.portable import CHECKIN
from ..measures.portable import MEASURE_RESULT, scored_as_answered
from ..parts.portable import PART, PART_RELATION
from ..practices.portable import PRACTICE_SESSION
from ..safety.portable import SAFETY_PLAN
from ..shapes import Problem, check_record

__all__ = ["AGREEMENT", "LISTS", "SAFETY_PLAN", "SCHEMA", "SINGULAR", "TOP_LEVEL", "USER",
           "VERSION", "Problem", "check_record"]

SCHEMA, VERSION = "befriend-export", 1

# The top-level lists, in the order they are written and restored (parts before their users).
LISTS = {
    "parts": PART, "part_relations": PART_RELATION, "checkins": CHECKIN,
    "practice_sessions": PRACTICE_SESSION, "breathing_sessions": BREATHING_SESSION,
    "measure_results": MEASURE_RESULT,
}
# "reminders" is written but never restored (see reminders/portable.py).
TOP_LEVEL = ("schema", "version", "exported_at", "user", *LISTS, "safety_plan", "reminders")
# Words for messages: "check-in 3", "part 2".
SINGULAR = {"parts": "part", "part_relations": "part relation", "checkins": "check-in",
            "practice_sessions": "practice session", "breathing_sessions": "breathing session",
            "measure_results": "questionnaire result"}

# Checks of a whole record, after each of its values passed: values that must agree.
AGREEMENT = {"measure_results": scored_as_answered}
