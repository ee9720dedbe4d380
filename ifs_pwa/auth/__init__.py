"""Accounts: sign up, log in, log out, with no personal identifier required."""
