"""The words a check-in offers, kept as data so forms, storage and insights agree."""

from __future__ import annotations

# The 8 C's of Self. Their order is the bit order of CheckIn.self_mask: never reorder.
SELF_QUALITIES = (
    "calm", "clarity", "curiosity", "compassion",
    "confidence", "courage", "creativity", "connectedness",
)

# About two dozen words, grouped so a low day finds its word quickly.
FEELING_FAMILIES = (
    ("Heavy", ("sad", "lonely", "empty", "hopeless", "tired", "numb")),
    ("Uneasy", ("worried", "tense", "overwhelmed", "restless", "afraid")),
    ("Stirred up", ("irritated", "frustrated", "angry", "ashamed", "guilty")),
    ("Lighter", ("content", "hopeful", "relieved", "grateful", "peaceful", "joyful",
                 "loved", "proud")),
)
FEELINGS = tuple(word for _, words in FEELING_FAMILIES for word in words)

# Shown under each number of the mood scale (and read with it): short enough for a 45 px
# square at 320 px, describing the weather of a day, never grading the person.
MOOD_WORDS = {
    1: "very heavy", 2: "heavy", 3: "low", 4: "a bit low", 5: "mixed",
    6: "okay", 7: "steady", 8: "good", 9: "bright", 10: "very bright",
}
ENERGY_WORDS = {1: "running on empty", 2: "low", 3: "some", 4: "good", 5: "plenty"}

# A check-in at the two lowest moods, or with "hopeless" among its feelings, brings the plain
# question about suicide (CONTENT: safety triggers). The note is never scanned.
ASK_AT_MOODS = (1, 2)
ASK_WITH_FEELINGS = ("hopeless",)
# The same rule for support.js, which shows the question in the form the moment it applies.
ASK_RULE = (f"mood:{','.join(map(str, ASK_AT_MOODS))};"
            f"feelings:{','.join(ASK_WITH_FEELINGS)}")


def asks_gently(mood: int | None, feelings) -> bool:
    """Whether a check-in brings the gentle question (on its confirmation, online or queued)."""
    return mood in ASK_AT_MOODS or any(f in ASK_WITH_FEELINGS for f in (feelings or ()))


# What forms and pages show: (value, label) pairs for chips, words for scale points.
TEMPLATE_WORDS = {
    "mood_words": MOOD_WORDS,
    "energy_words": ENERGY_WORDS,
    "feeling_families": [(family, [(w, w) for w in words]) for family, words in FEELING_FAMILIES],
    "self_qualities": [(q, q) for q in SELF_QUALITIES],
    "ask_rule": ASK_RULE,
}


def to_mask(qualities) -> int:
    """Store the C's as bits: one small column that SQL can test and count on any database."""
    return sum(1 << SELF_QUALITIES.index(q) for q in set(qualities))


def from_mask(mask: int) -> list[str]:
    return [q for i, q in enumerate(SELF_QUALITIES) if mask & (1 << i)]
