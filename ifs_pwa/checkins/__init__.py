"""Daily check-ins: how the person is, who is here, and what that looks like over time."""
