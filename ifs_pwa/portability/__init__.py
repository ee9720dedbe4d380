"""Data portability: the person's whole record out (JSON, CSV, a printable summary) and back in
(a Befriend export, or a Daylio CSV)."""
