"""XSS payloads in every free-text field come back escaped, on every page and fragment.

The browser test (test_xss_browser.py) proves the same in Chromium; this one reads the HTML.
"""

from __future__ import annotations

import re

from .registry import ROUTES, gets, url
from .xss import LIVE_MARKUP, inject, strict_refusals

JS_URL = re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)


def live_markup(html: str) -> list[str]:
    found = [marker for marker in LIVE_MARKUP if marker in html]
    return found + JS_URL.findall(html)


def test_payloads_are_escaped_on_every_page_and_fragment(world):
    injected = inject(world.owner, world.ids)
    assert len(injected.texts) >= 30, injected.texts  # every free-text field of the registry
    bodies = {f"fragment {n}": body for n, body in enumerate(injected.fragments)}
    downloads = []
    for endpoint in gets(world.app):
        path = url(world.app, endpoint.name, **endpoint.route.args(world.ids))
        for where, headers in ((path, {}), (f"{path} (htmx)", {"HX-Request": "true"})):
            response = world.owner.client.get(path, headers=headers)
            if is_download(response):
                downloads.append(where)  # the person's own text, saved as a file, never shown
                continue
            bodies[where] = response.get_data(as_text=True)
    assert len(downloads) == 4, downloads  # the JSON and CSV exports, page and htmx
    for path in injected.pages:
        bodies[path] = world.owner.client.get(path).get_data(as_text=True)
    # The therapist summary shows part jobs and practice answers: each came back, escaped.
    summary = bodies[injected.summary]
    assert "<h2 id=\"summary-practices\">" in summary
    for where, text in injected.texts.items():
        if where.startswith("practices.save answer-") or where.endswith(" job"):
            assert escape(text) in summary, where
    wrong = {where: found for where, body in bodies.items() if (found := live_markup(body))}
    assert not wrong, wrong
    everything = "\n".join(bodies.values())
    missing = {where: text for where, text in injected.texts.items()
               if escape(text) not in everything}
    assert not missing, f"never shown back (so never proven inert): {missing}"


def is_download(response) -> bool:
    """An attachment that is not HTML and may not be sniffed as HTML: a browser saves it."""
    return (response.headers.get("Content-Disposition", "").startswith("attachment;")
            and response.mimetype in ("application/json", "text/csv")
            and response.headers.get("X-Content-Type-Options") == "nosniff")


def escape(text: str) -> str:
    from markupsafe import escape as html_escape

    return str(html_escape(text))


def test_fields_that_must_refuse_markup_do_so_and_echo_it_escaped(world):
    results = strict_refusals(world.owner, world.ids)
    expected = {(name, f) for name, route in ROUTES.items() for f in route.strict}
    assert {(name, f) for name, f, _, _ in results} == expected and expected
    for name, field_name, status, body in results:
        assert status == 422, (name, field_name, status)
        assert not live_markup(body), (name, field_name, live_markup(body))
