"""Safety: crisis help reachable from every page, also offline and logged out."""
