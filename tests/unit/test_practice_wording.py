"""A practice's words name the chosen part: the placeholder is filled with the name, escaped
like any text, or with "this part"; the loader refuses placeholders it can't fill."""

from __future__ import annotations

import pytest

from ifs_pwa.practices.loader import PracticeFileError, load_library
from ifs_pwa.practices.wording import named, problems

PROMPT = "How do you feel toward {part} right now?"


def test_the_placeholder_is_the_name_or_a_neutral_fallback():
    assert named(PROMPT, "the Heavy One") == "How do you feel toward the Heavy One right now?"
    assert named(PROMPT) == "How do you feel toward this part right now?"
    assert named(PROMPT, "   ") == "How do you feel toward this part right now?"
    assert named("{Part} has worked hard.", "the Heavy One") == "The Heavy One has worked hard."
    assert named("{Part} has worked hard.") == "This part has worked hard."
    assert named("{part} and {other}", "Rest", "Push") == "Rest and Push"
    assert named("{Other} and {part}") == "The other part and this part"
    assert named("No names here.", "Rest") == "No names here."


def test_a_rendered_name_is_escaped_and_the_fallback_is_this_part(app):
    template = app.jinja_env.from_string(
        "<label>{{ prompt|named(name) }}</label><p>{{ start|named(name) }}</p>")
    html = template.render(prompt=PROMPT, start="{Part} is here.", name="The Heavy <One>")
    assert html == ("<label>How do you feel toward The Heavy &lt;One&gt; right now?</label>"
                    "<p>The Heavy &lt;One&gt; is here.</p>")
    attack = template.render(prompt=PROMPT, start="{Part}", name='<script>alert(1)</script>')
    assert "<script>" not in attack and "&lt;script&gt;" in attack
    fallback = template.render(prompt=PROMPT, start="{Part} is here.", name="")
    assert fallback == ("<label>How do you feel toward this part right now?</label>"
                        "<p>This part is here.</p>")


def test_only_known_placeholders_pass():
    assert problems("Ask {part}, and {Part}, {other} or {Other}.") == []
    assert problems("Ask {prat} now") == ["{prat}"]
    assert problems("a stray } and {part") == ["}", "{part"]
    assert problems("{ part }") == ["{ part }"]


HEAD = '''title = "T"
summary = "S"
minutes = 5
setting = "alone"
'''


def step(**fields) -> str:
    body = {"id": '"one"', "kind": '"reflect"', "title": '"One"', "prompt": '"Why?"',
            "next": '"end"', **fields}
    return "[[steps]]\n" + "".join(f"{key} = {value}\n" for key, value in body.items())


@pytest.mark.parametrize(("head", "body", "field", "says"), [
    (HEAD, step(prompt='"How is {prat}?"'), "steps[0].prompt", "'{prat}' is not a placeholder"),
    (HEAD, step(text='"Ask {part kindly"'), "steps[0].text", "'{part kindly' is not"),
    (HEAD, step(title='"Hello }"'), "steps[0].title", "'}' is not a placeholder"),
    (HEAD + "with_part = false\n", step(prompt='"How is {part}?"'), "steps[0].prompt",
     "{part} needs with_part = true"),
    (HEAD, step(prompt='"And {other}?"'), "steps[0].prompt", '{other} needs pair = "polarised"'),
    (HEAD, step(kind='"choose"', next=None, options='[{ value = "a", label = "Ask {Prat}", '
                'goto = "end" }, { value = "b", label = "B", goto = "end" }]'),
     "steps[0].options[0].label", "'{Prat}' is not"),
    (HEAD.replace('title = "T"', 'title = "Meet {part}"'), step(), "title", "no placeholders"),
    (HEAD + 'pair = "friends"\n', step(), "pair", "must be one of polarised"),
])
def test_the_loader_refuses_placeholders_it_cannot_fill(tmp_path, head, body, field, says):
    (tmp_path / "broken.toml").write_text(head + body.replace("next = None\n", ""))
    with pytest.raises(PracticeFileError) as raised:
        load_library(tmp_path)
    assert raised.value.filename == "broken.toml" and raised.value.field == field
    assert says in str(raised.value)


def test_every_practice_done_with_a_part_names_it_in_a_prompt():
    library = load_library()
    with_part = [p for p in library.values() if p.with_part]
    assert len(with_part) >= 15
    for practice in with_part:
        prompts = [s.prompt for s in practice.steps if s.prompt]
        assert any("{part}" in p or "{Part}" in p for p in prompts), practice.slug
    assert library["polarised-parts"].named_parts == {"part", "other"}
    assert all(p.named_parts == set() for p in library.values() if not p.with_part)
