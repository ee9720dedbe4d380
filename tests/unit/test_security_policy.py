"""The CSP builder and the `next` check, as plain functions."""

from __future__ import annotations

from ifs_pwa.security import content_security_policy


def test_policy_allows_exactly_the_pinned_htmx_file():
    url = "https://cdn.jsdelivr.net/npm/htmx.org@2.0.11/dist/htmx.min.js"
    csp = content_security_policy(url)
    assert f"script-src 'self' {url};" in csp
    assert "connect-src 'self' https://cdn.jsdelivr.net;" in csp


def test_policy_for_self_hosted_htmx():
    csp = content_security_policy("/static/vendor/htmx.min.js")
    assert "script-src 'self';" in csp and "connect-src 'self';" in csp
