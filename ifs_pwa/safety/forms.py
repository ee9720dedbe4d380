"""The safety plan form: our own wording, every section optional, nothing over 5,000 characters."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, StringField, TextAreaField
from wtforms.validators import Length, Optional, Regexp

from ..records import ClientIdField
from ..versions import VersionFields

MAX_TEXT = 5000
TOO_LONG = "Please keep this under 5,000 characters (you can shorten it and save again)."


def strip(value):
    return value.strip() if isinstance(value, str) else value


def section(label: str) -> TextAreaField:
    too_long = Length(max=MAX_TEXT, message=TOO_LONG)
    return TextAreaField(label, filters=[strip], validators=[too_long])


class ContactForm(Form):
    """One person or service, with a number the plan turns into a tap-to-call link."""

    name = StringField("Name", filters=[strip], validators=[Length(max=80)])
    phone = StringField(
        "Phone number",
        filters=[strip],
        validators=[Optional(), Length(max=30),
                    Regexp(r"^\+?[0-9][0-9 ()\-.]{1,28}$",
                           message="Please use digits, spaces and an optional + only.")],
    )


class SafetyPlanForm(VersionFields, FlaskForm):
    client_id = ClientIdField()
    warning_signs = section("Signs that a hard time is coming")
    on_my_own = section("Things I can do on my own to get through it")
    distractions = section("People and places that take my mind off things")
    helpers = FieldList(FormField(ContactForm), min_entries=3, max_entries=3)
    helpers_note = section("More about asking for help")
    professionals = section("Professionals and services I can contact")
    professional_contacts = FieldList(FormField(ContactForm), min_entries=2, max_entries=2)
    safer_surroundings = section("Making my surroundings safer")
    reasons = section("My reasons for living")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for rows, who in ((self.helpers, "Person"), (self.professional_contacts, "Service")):
            for number, row in enumerate(rows, start=1):
                row.form.name.label.text = f"{who} {number}: name"
                row.form.phone.label.text = f"{who} {number}: phone number"


def contacts(entries: list[dict]) -> list[dict]:
    """Keep only rows someone filled in, so an empty row never shows on the plan."""
    return [{"name": e["name"], "phone": e["phone"]} for e in entries if e["name"] or e["phone"]]
