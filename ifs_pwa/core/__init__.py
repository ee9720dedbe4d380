"""Landing page for visitors, Today for people who are signed in, and health checks."""
