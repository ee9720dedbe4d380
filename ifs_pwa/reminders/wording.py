"""What a reminder says: kind, varied, never personal.

A push crosses a third-party push service, so it carries nothing of the person: no name, no
mood, no part, no count of days. And nothing that could make a hard day harder: no streaks, no
"you missed".
"""

from __future__ import annotations

import secrets

TITLE = "Befriend"
TAG = "befriend-reminder"

CHECKIN = (
    "A moment for yourself, if you'd like one.",
    "How are things inside right now? A short check-in is here when you want it.",
    "A gentle pause: thirty seconds to notice how you are.",
    "Whenever suits you, Befriend is here for a quick check-in.",
    "You're welcome to stop for a breath and see what's here today.",
)
PRACTICE = (
    "An evening pause: a few slow breaths or a short practice, if it feels right.",
    "Winding down? A few minutes of breathing is here if you want it.",
    "A quiet moment before the day ends, only if you'd like one.",
)
KINDS = {"checkin": CHECKIN, "practice": PRACTICE}


def payload(kind: str, url: str) -> dict:
    """The whole message: a title, one sentence from the set, where a tap leads, one tag."""
    return {"title": TITLE, "body": secrets.choice(KINDS[kind]), "url": url, "tag": TAG,
            "kind": kind}
