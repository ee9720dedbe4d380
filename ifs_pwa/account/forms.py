"""Settings forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Optional

from ..auth.forms import PASSWORD_RULES, TIMEZONE_INPUT, clean_timezone, known_timezone
from ..safety.crisis_lines import country_choices


class SettingsForm(FlaskForm):
    timezone = StringField(
        "Time zone",
        filters=[clean_timezone],
        validators=[InputRequired("Please choose your time zone."), Length(max=64),
                    known_timezone],
        render_kw=TIMEZONE_INPUT,
    )
    country = SelectField("Country, for crisis lines", validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "Not set")] + country_choices()


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        "Current password",
        validators=[InputRequired("Please type your current password."), Length(max=128)],
    )
    new = PasswordField("New password", validators=PASSWORD_RULES)
    confirm = PasswordField(
        "New password again",
        validators=[InputRequired("Please type the new password again."),
                    EqualTo("new", "The two passwords don't match.")],
    )


class RecoveryCodeForm(FlaskForm):
    """Making a new recovery code asks for the password, so an unlocked phone isn't enough."""

    recovery_current = PasswordField(
        "Current password",
        validators=[InputRequired("Please type your current password."), Length(max=128)],
    )


class DeleteAccountForm(FlaskForm):
    username = StringField(
        "Type your username to confirm",
        filters=[lambda v: (v or "").strip()],
        validators=[InputRequired("Please type your username to confirm."), Length(max=80)],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )
