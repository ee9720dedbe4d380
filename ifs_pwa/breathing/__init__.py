"""Guided breathing: a pacer that works offline, and a record of finished sessions."""
