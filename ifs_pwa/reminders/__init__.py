"""Reminders: a Web Push at the time the person chooses, kind and never personal."""
