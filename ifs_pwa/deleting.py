"""Deleting one entry, the same way in every domain: ask first, then delete and move on.

The question comes inline for htmx (swapped under the entry) and as its own page without
JavaScript; after deleting, htmx is told to navigate (HX-Redirect) and a plain form gets a 303,
both landing on the list the entry was in, with a note saying it is gone. Parts, check-ins,
practice and breathing sessions, questionnaire results and the safety plan all go this way.
"""

from __future__ import annotations

from flask import Response, flash, redirect

from . import htmx


def confirm(title: str, question: str, action: str, cancel: str, summary: str = "",
            detail: str | None = None, **context):
    """The confirm step: a fragment for htmx, the full page otherwise. The page can show the
    entry itself above the question (`detail`, a template given `context`), since without
    JavaScript it is all the person sees of what they are about to lose."""
    return htmx.render("_partials/delete_page.html", "_partials/delete_confirm.html",
                       title=title, question=question, action=action, cancel=cancel,
                       summary=summary, detail=detail, **context)


def done(message: str, target: str) -> Response:
    flash(message, "success")
    if htmx.is_fragment():
        return Response("", 200, {"HX-Redirect": target})
    return redirect(target, 303)
