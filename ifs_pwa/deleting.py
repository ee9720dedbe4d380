"""Deleting one entry, the same way in every domain: ask first, then delete and move on.

The question comes inline for htmx (swapped under the entry) and as its own page without
JavaScript; after deleting, htmx is told to navigate (HX-Redirect) and a plain form gets a 303.
"""

from __future__ import annotations

from flask import Response, flash, redirect

from . import htmx


def confirm(title: str, question: str, action: str, cancel: str, summary: str = ""):
    """The confirm step: a fragment for htmx, the full page otherwise."""
    return htmx.render("_partials/delete_page.html", "_partials/delete_confirm.html",
                       title=title, question=question, action=action, cancel=cancel,
                       summary=summary)


def done(message: str, target: str) -> Response:
    flash(message, "success")
    if htmx.is_fragment():
        return Response("", 200, {"HX-Redirect": target})
    return redirect(target, 303)
