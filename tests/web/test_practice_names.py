"""Every practice done with a part names it in its prompts once the part is chosen, escaped
(a name is the person's own input); a pair practice offers the pair the person recorded; the
practice for a part that wants to disappear carries crisis help on every screen."""

from __future__ import annotations

import uuid
from html.parser import HTMLParser
from urllib.parse import parse_qs

import pytest

from ifs_pwa.practices.loader import load_library
from tests.factories import add_part

LIBRARY = load_library()
WITH_PART = [slug for slug, p in LIBRARY.items() if p.with_part]
NAME = "The Heavy <One>"


class Words(HTMLParser):
    """The text a person reads (attributes left out), and each prompt's words."""

    def __init__(self, html: str):
        super().__init__()
        self.text: list[str] = []
        self.prompts: list[str] = []
        self._prompt: list[str] | None = None
        self._depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("label", "legend") and self._prompt is None:
            self._prompt, self._depth = [], 0
        if self._prompt is not None:
            self._depth += 1

    def handle_endtag(self, tag):
        if self._prompt is not None:
            self._depth -= 1
            if self._depth == 0:
                self.prompts.append("".join(self._prompt))
                self._prompt = None

    def handle_data(self, data):
        self.text.append(data)
        if self._prompt is not None:
            self._prompt.append(data)


def opened(auth, slug: str, query: str) -> str:
    if LIBRARY[slug].gated:
        part = parse_qs(query).get("part", [""])[0]
        response = auth.post("/practices/caution", {"slug": slug, "understood": "yes",
                                                    "self_here": "yes", "part": part})
    else:
        response = auth.client.get(f"/practices/{slug}?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("slug", WITH_PART)
def test_a_practice_opened_with_a_part_names_it_escaped_in_its_prompts(auth, user, slug):
    part_id = add_part(auth, NAME)
    other_id = add_part(auth, "Push & <Shove>")
    html = opened(auth, slug, f"part={part_id}&other={other_id}")
    words = Words(html)
    assert NAME not in html and "The Heavy &lt;One&gt;" in html  # never unescaped
    naming = [p for p in words.prompts if NAME in p]
    assert naming, words.prompts  # the parser unescapes: these are the words people read
    assert "{" not in "".join(words.text) and "}" not in "".join(words.text)
    if LIBRARY[slug].pair:
        assert any("Push & <Shove>" in p for p in naming)
    assert f'<option value="{part_id}" data-name="The Heavy &lt;One&gt;" selected>' in html


@pytest.mark.parametrize("slug", WITH_PART)
def test_without_a_part_the_words_say_this_part(auth, user, slug):
    html = opened(auth, slug, "")
    words = Words(html)
    assert any("this part" in p for p in words.prompts), slug
    assert "{" not in "".join(words.text)
    # The patterns stay in the page for part-name.js, with the words to use until a part is picked.
    assert 'data-part-text="' in html and 'data-fallback="this part"' in html


def test_a_saved_session_names_its_part_in_the_questions(auth, user):
    part_id = add_part(auth, NAME)
    saved = auth.post("/practices/get-to-know-a-protector", {
        "client_id": str(uuid.uuid4()), "part_id": str(part_id), "finished": ["0", "1"],
        "answer-system_ok": "yes", "answer-feel_toward": "curious",
        "answer-job": "Keeps me safe"})
    assert saved.status_code == 303
    page = auth.client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "How do you feel toward The Heavy &lt;One&gt; right now?" in page
    assert "{part}" not in page
    part_page = auth.client.get(f"/parts/{part_id}").get_data(as_text=True)
    assert "What is the job The Heavy &lt;One&gt; does for you?" in part_page


def test_a_pair_practice_offers_the_polarised_pair_the_person_recorded(auth, user):
    rest = add_part(auth, "Rest")
    push = add_part(auth, "Push on")
    add_part(auth, "Bystander")
    none_yet = auth.client.get("/practices/polarised-parts").get_data(as_text=True)
    assert "Choose the two parts that pull against each other" in none_yet
    assert "How do you feel toward this part and the other part right now?" in none_yet
    assert auth.post(f"/parts/{push}/relations",
                     {"kind": "polarised", "other": str(rest)}).status_code == 303
    offered = auth.client.get("/practices/polarised-parts").get_data(as_text=True)
    assert "You noted Rest and Push on as pulling against each other." in offered
    assert f'<option value="{rest}" data-name="Rest" selected>' in offered
    assert f'<option value="{push}" data-name="Push on" selected>' in offered
    assert "How do you feel toward Rest and Push on right now?" in offered
    # Opened from one of the two, the other is its partner.
    from_push = auth.client.get(f"/practices/polarised-parts?part={push}").get_data(True)
    assert "How do you feel toward Push on and Rest right now?" in from_push


def test_the_practice_for_a_part_that_wants_to_disappear_carries_help_on_every_screen(
        auth, user):
    html = auth.client.get("/practices/a-part-that-wants-to-disappear").get_data(as_text=True)
    practice = LIBRARY["a-part-that-wants-to-disappear"]
    form = html[html.index('id="practice-form"'):]
    sections = form.split('<section class="card step')[1:]
    assert len(sections) == len(practice.all_steps) + 2  # intro and finish too
    for section in sections[:-1]:  # finish is the save screen
        help_here = section.split("</section>")[0]
        assert 'href="/safety-plan"' in help_here and 'href="/crisis"' in help_here, help_here
        assert 'href="tel:' in help_here
    assert not practice.gated and not any(s.exile for s in practice.steps)
    assert "Are you safe right now?" in html
