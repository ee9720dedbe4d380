"""A practice's words name the part it is done with: "How do you feel toward the Heavy One?"

Practice files write ``{part}`` (``{Part}`` to start a sentence) where the chosen part's name
belongs, and ``{other}`` / ``{Other}`` for the second part of a pair practice. Until a part is
chosen the words stay neutral ("this part"), so a practice reads well either way. The loader
refuses any other ``{...}`` (a typo would otherwise reach someone's screen as raw braces).

``named`` returns plain text, never markup: the name is the person's own input, and Jinja's
autoescape escapes the result wherever a template prints it.
"""

from __future__ import annotations

import re

# placeholder -> the words used when no part is chosen
FALLBACKS = {
    "part": "this part", "Part": "This part",
    "other": "the other part", "Other": "The other part",
}
PLACEHOLDER = re.compile(r"\{(part|Part|other|Other)\}")
BRACES = re.compile(r"\{[^{}]*\}?|\}")


def problems(text: str) -> list[str]:
    """Every brace in the text that isn't one of the known placeholders, as written."""
    return BRACES.findall(PLACEHOLDER.sub("", text))


def used(text: str) -> set[str]:
    """The placeholders this text uses, lower-cased ("part", "other")."""
    return {found.lower() for found in PLACEHOLDER.findall(text)}


def start_of_sentence(name: str) -> str:
    return name[:1].upper() + name[1:]


def named(text: str, part: str | None = "", other: str | None = "") -> str:
    """The text with each placeholder replaced by the part's name, or the neutral fallback."""
    names = {"part": (part or "").strip(), "other": (other or "").strip()}

    def fill(match: re.Match) -> str:
        key = match.group(1)
        name = names[key.lower()]
        if not name:
            return FALLBACKS[key]
        return start_of_sentence(name) if key[0].isupper() else name

    return PLACEHOLDER.sub(fill, text) if "{" in text else text
