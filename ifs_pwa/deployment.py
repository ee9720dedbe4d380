"""Checks on how the app is run, for the server to say out loud at start-up (gunicorn.conf.py)."""

from __future__ import annotations


def memory_storage_warning(workers: int, storage_uri: str) -> str | None:
    """Several workers each counting sign-in attempts in their own memory let through workers
    times the limit (and more with several hosts): say so, and what to set instead."""
    if workers > 1 and storage_uri.startswith("memory://"):
        return (
            f"Befriend: {workers} workers are counting sign-in attempts in their own memory "
            "(RATELIMIT_STORAGE_URI=memory://), so each lets through the whole limit and "
            f"{workers} times as many attempts get through as /privacy says. Set "
            "RATELIMIT_STORAGE_URI=redis://… (install with pip install '.[redis]') so that "
            "every worker and host shares one count."
        )
    return None
