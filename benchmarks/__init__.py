"""Performance checks for Befriend (not part of `make test`, except where tests reuse them)."""
