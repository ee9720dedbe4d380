"""Security headers and the Content-Security-Policy, set in one place for every response."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def script_source(htmx_url: str) -> str:
    """Allow exactly the pinned htmx file (not the whole CDN), or nothing extra when self-hosted."""
    parts = urlsplit(htmx_url)
    return f" {htmx_url}" if parts.scheme in ("http", "https") and parts.netloc else ""


def connect_source(htmx_url: str) -> str:
    """The service worker fetches htmx to precache it, and a worker inherits this policy."""
    parts = urlsplit(htmx_url)
    return f" {parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def content_security_policy(htmx_url: str) -> str:
    """Build the policy: no inline script or style, no framing, no third parties but htmx."""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self'{script_source(htmx_url)}",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self'{connect_source(htmx_url)}",
            "manifest-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def add_security_headers(response: Response) -> Response:
    """Attach the headers of docs/architecture.md to every response, errors and sw.js included."""
    headers = response.headers
    headers["Content-Security-Policy"] = current_app.extensions["befriend_csp"]
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if "Cache-Control" not in headers and response.mimetype == "text/html":
        # Pages hold personal data: never keep them in shared caches.
        headers["Cache-Control"] = "private, no-cache"
    return response


def init_app(app: Flask) -> None:
    app.extensions["befriend_csp"] = content_security_policy(app.config["HTMX_URL"])
    app.after_request(add_security_headers)
