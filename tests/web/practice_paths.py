"""Walking practices as a person would: every path through the real graph, the screens the
server says each one shows, a sample that covers every link, and a tiny no-JS form filler."""

from __future__ import annotations

from html.parser import HTMLParser

from ifs_pwa.practices.graph import edges, step_paths, walk

Path = list[tuple[str, str | None]]


def answers_for(path: Path) -> dict[str, str]:
    return {step_id: value for step_id, value in path if value}


def expected_screens(practice, path: Path, breathe: bool = True) -> list[str]:
    """What the server's graph says someone taking this path sees, intro to finish."""
    return walk(practice, answers_for(path), breathe)


def path_edges(practice, path: Path) -> set[tuple[str, str]]:
    ids = [step_id for step_id, _ in path]
    return {(a, b) for a, b in zip(ids, [*ids[1:], "end"], strict=True)}


def covering_sample(practice) -> list[Path]:
    """A few paths that between them use every link of the graph at least once."""
    todo, chosen = set(edges(practice)), []
    candidates = list(step_paths(practice))
    while todo:
        best = max(candidates, key=lambda p: len(path_edges(practice, p) & todo))
        gained = path_edges(practice, best) & todo
        assert gained, f"{practice.slug}: links no path uses: {todo}"
        chosen.append(best)
        todo -= gained
    return chosen


class FormState(HTMLParser):
    """The fields a browser without JavaScript would send from the practice form, and which
    screen it shows (the one section without the hidden attribute)."""

    def __init__(self, html: str):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.visible: list[str] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._in_form = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "practice-form":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "section" and "data-step" in a and "hidden" not in a:
            self.visible.append(a["data-step"])
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields[a["name"]] = a.get("value", "on")
            else:
                self.fields.setdefault(a["name"], a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select:
            if "selected" in a or self._select not in self.fields:
                self.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data
