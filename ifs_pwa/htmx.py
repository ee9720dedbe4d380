"""The only module that reads htmx's HX-* request headers."""

from __future__ import annotations

from flask import Flask, Response, render_template, request

# Every request header htmx sends that can change what a route answers.
HX_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request", "HX-Target")


def is_fragment() -> bool:
    """True when htmx wants a piece of a page, not a whole one.

    Boosted navigation and history restores need the full page, so they do not count.
    """
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render(page: str, fragment: str, **context) -> str:
    """Render the fragment for htmx and the full page (which includes it) for everyone else."""
    return render_template(fragment if is_fragment() else page, **context)


def add_vary(response: Response) -> Response:
    """Caches (the service worker included) must keep page and fragment apart."""
    response.vary.add("HX-Request")
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_vary)
