"""Account forms. Validation messages are shown next to the field they are about."""

from __future__ import annotations

import re
from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Optional, ValidationError

USERNAME_PATTERN = re.compile(r"^[\w.-]{3,40}$")
# Sign-up no longer asks for an email; an export may still carry one given before (portable.py).
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f\ufffd]")


def clean_username(value: str | None) -> str:
    """Trim what phones add (spaces, autocapitalised first letters are kept as typed)."""
    return (value or "").strip()


def valid_username(form, field) -> None:
    if "\ufffd" in field.data:
        raise ValidationError("That name has characters we couldn't read. Please retype it.")
    if not USERNAME_PATTERN.fullmatch(field.data):
        raise ValidationError(
            "Use 3 to 40 letters, numbers, dots, dashes or underscores, with no spaces."
        )


def readable_password(form, field) -> None:
    if CONTROL_CHARS.search(field.data or ""):
        raise ValidationError(
            "Your password has characters we couldn't read. Please use letters, numbers, "
            "spaces or symbols."
        )


def known_timezone(form, field) -> None:
    if field.data and field.data not in timezones():
        raise ValidationError(
            f"We don't know a time zone called “{field.data}”. Please pick a time zone from "
            "the list, like Europe/London."
        )


_TIMEZONES: frozenset[str] = frozenset()
_BY_KEY: dict[str, str] = {}


def timezones() -> frozenset[str]:
    """The IANA zones this machine knows, read once (the lookup walks the tz database)."""
    global _TIMEZONES
    if not _TIMEZONES:
        _TIMEZONES = frozenset(available_timezones())
    return _TIMEZONES


def timezone_choices() -> list[str]:
    """Every zone, sorted, for the list the time zone field offers as the person types."""
    return sorted(timezones())


def zone_key(value: str) -> str:
    return value.strip().replace(" ", "_").casefold()


def clean_timezone(value: str | None) -> str:
    """The zone as the tz database spells it when what was typed differs only in case or in
    spaces for underscores (a phone capitalises, people type "new york"); anything else is
    kept exactly as typed, for the validator to refuse and the form to show back."""
    global _BY_KEY
    value = (value or "").strip()
    if not _BY_KEY:
        _BY_KEY = {zone_key(zone): zone for zone in timezones()}
    return _BY_KEY.get(zone_key(value), value)


# The time zone field, at sign-up and in settings: any text, checked against the tz database,
# with every zone offered in a <datalist> (templates/_partials/timezones.html).
TIMEZONE_INPUT = {"list": "timezone-choices", "autocapitalize": "none", "spellcheck": "false",
                  "autocomplete": "off"}


PASSWORD_RULES = [
    InputRequired("Please choose a password."),
    Length(min=8, max=128, message="Use between 8 and 128 characters."),
    readable_password,
]


class SignupForm(FlaskForm):
    username = StringField(
        "Username",
        filters=[clean_username],
        validators=[InputRequired("Please choose a username."), valid_username],
    )
    password = PasswordField("Password", validators=PASSWORD_RULES)
    confirm = PasswordField(
        "Password again",
        validators=[InputRequired("Please type the password again."),
                    EqualTo("password", "The two passwords don't match.")],
    )
    # No email: nothing would use it (recovery is by code). Filled in from the phone by app.js;
    # without JavaScript it may stay empty, and the account starts on UTC.
    timezone = StringField(
        "Time zone", filters=[clean_timezone],
        validators=[Optional(), Length(max=64), known_timezone],
        render_kw={**TIMEZONE_INPUT, "data-phone-timezone": ""},
    )


class LoginForm(FlaskForm):
    username = StringField(
        "Username",
        filters=[clean_username],
        validators=[InputRequired("Please type your username."), Length(max=40)],
    )
    password = PasswordField(
        "Password", validators=[InputRequired("Please type your password."), Length(max=128)]
    )
    remember = BooleanField("Keep me signed in on this device", default=True)
    next = HiddenField()


class RecoverForm(FlaskForm):
    username = StringField(
        "Username",
        filters=[clean_username],
        validators=[InputRequired("Please type your username."), Length(max=40)],
    )
    code = StringField(
        "Recovery code",
        filters=[lambda v: (v or "").strip()],
        validators=[InputRequired("Please type your recovery code."), Length(max=64)],
        render_kw={"autocapitalize": "characters", "spellcheck": "false"},
    )
    password = PasswordField("New password", validators=PASSWORD_RULES)
    confirm = PasswordField(
        "New password again",
        validators=[InputRequired("Please type the new password again."),
                    EqualTo("password", "The two passwords don't match.")],
    )
