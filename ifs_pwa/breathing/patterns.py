"""The breathing patterns (in, hold, out, hold, in seconds) and the checks a recorded session must
pass."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Pattern:
    slug: str
    name: str
    spec: str  # seconds "in,hold,out,hold"; "2+1" is a double inhale
    note: str


PATTERNS = (
    Pattern("coherent", "Coherent", "5.5,0,5.5,0", "Slow and even, about 5½ breaths a minute."),
    Pattern("box", "Box", "4,4,4,4", "Four equal sides, steadying when things feel loud."),
    Pattern("478", "4-7-8", "4,7,8,0", "For winding down. Try four breaths to begin with."),
    Pattern("sigh", "Cyclic sigh", "2+1,0,6,0", "Two sips in through the nose, a long sigh out."),
    Pattern("gentle", "Gentle", "4,0,6,0", "A longer out-breath, kind for beginners."),
)
BY_SLUG = {p.slug: p for p in PATTERNS}
CUSTOM = "custom"
DEFAULT = "coherent"
# Minutes people can choose; "breaths" is a handful of cycles for a quick reset.
MINUTES = (1, 2, 3, 5)
QUICK_BREATHS = 3
MAX_PHASE = 30.0


def half_steps(text: str) -> float | None:
    """One phase length: 0 to 30 seconds in half-second steps."""
    try:
        value = float(text.strip())
    except ValueError:
        return None
    if not 0 <= value <= MAX_PHASE or value * 2 != int(value * 2):
        return None
    return value


def parse_spec(spec: str | None) -> tuple[float, ...] | None:
    """Mirror of BreatheCore.parse: four phases, a breath in and out that are not empty."""
    parts = (spec or "").split(",")
    if len(parts) != 4 or len(parts[0].split("+")) > 2:
        return None
    values = [half_steps(p) for p in parts[0].split("+") + parts[1:]]
    if any(v is None for v in values):
        return None
    inhale = sum(values[:-3])
    if inhale <= 0 or values[-2] <= 0:
        return None
    return tuple(values)


def local_path(target: str | None) -> str | None:
    """Only continue to a path on this site (like `next`); anything else is ignored."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    if target.startswith(("//", "/\\")) or any(c in target for c in "\r\n\\"):
        return None
    return target
