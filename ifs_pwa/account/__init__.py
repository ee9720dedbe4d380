"""The person's own settings: time zone, country, password."""
