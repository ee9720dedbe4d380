"""Forms for parts and the relationships between them; errors sit next to their field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..records import ClientIdField
from ..versions import VersionFields
from .models import COLOURS, RELATION_KINDS, ROLES, STATUSES

ROLE_LABELS = {
    "manager": "Manager (keeps things under control)",
    "firefighter": "Firefighter (puts out painful feelings fast)",
    "protector": "Protector, not sure which kind (a manager or a firefighter)",
    "exile": "Exile (a young part carrying pain)",
    "unknown": "Not sure yet",
}
STATUS_LABELS = {
    "noticed": "Noticed",
    "getting_to_know": "Getting to know",
    "befriended": "Befriended",
    "unburdening": "Unburdening begun",
    "unburdened": "Unburdened",
}
RELATION_LABELS = {
    "protects": "protects",
    "polarised": "is polarised with",
    "allied": "is allied with",
}


def fresh_colour(used) -> str:
    """The first colour no part has yet, else the one fewest have: a new part stands out."""
    counts = dict.fromkeys(COLOURS, 0)
    for colour in used:
        if colour in counts:
            counts[colour] += 1
    return min(COLOURS, key=lambda c: counts[c])


def strip(value):
    return value.strip() if isinstance(value, str) else value


def long_text(label: str, limit: int = 2000) -> TextAreaField:
    return TextAreaField(
        label, filters=[strip],
        validators=[Optional(),
                    Length(max=limit, message=f"Please keep this under {limit} characters.")],
    )


TRUST_RANGE = "Please choose a number from 0 to 10."


class ScaleField(IntegerField):
    """A whole number on a scale; a value that isn't one says so in the scale's own words."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(TRUST_RANGE) from None


class PartForm(VersionFields, FlaskForm):
    """Adding or editing a part; an edit carries the version it was opened from."""

    client_id = ClientIdField(blank_is_new=True)
    name = StringField(
        "What do you call this part?", filters=[strip],
        validators=[InputRequired("Please give this part a name, even a rough one."),
                    Length(max=80, message="Please keep the name under 80 characters.")],
    )
    emoji = StringField("An emoji for it (optional)", filters=[strip],
                        validators=[Optional(), Length(max=16)])
    colour = SelectField("Its colour", choices=[(c, c.capitalize()) for c in COLOURS])
    role = SelectField("What kind of part it seems to be",
                       choices=[(r, ROLE_LABELS[r]) for r in ROLES], default="unknown")
    status = SelectField("Where you are with it",
                         choices=[(s, STATUS_LABELS[s]) for s in STATUSES], default="noticed")
    description = long_text("How it shows up")
    body_location = StringField("Where you feel it, in or around your body", filters=[strip],
                                validators=[Optional(), Length(max=200)])
    age = StringField("How old it seems", filters=[strip], validators=[Optional(), Length(max=40)])
    job = long_text("Its job: what it is trying to do for you")
    fears = long_text("What it fears would happen if it stopped")
    needs = long_text("What it needs")
    burdens = long_text("Burdens it carries")
    # A slider (templates/parts/_trust.html) on the same 0-10 scale as ever. A slider always
    # sends a number, so "Not sure yet" is its own box, and wins: a part nobody has asked
    # about yet is not stored as trusting you halfway.
    trust_in_self = ScaleField(
        "How much it trusts you",
        validators=[Optional(), NumberRange(0, 10, TRUST_RANGE)],
        render_kw={"type": "range", "min": 0, "max": 10, "step": 1},
    )
    trust_unsure = BooleanField("Not sure yet")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if kwargs.get("formdata", True) is None or not self.is_submitted():
            # Drawn from a part (or empty, for a new one): no number means not sure yet.
            self.trust_unsure.data = self.trust_in_self.data is None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.trust_unsure.data:
            self.trust_in_self.data = None
        return valid

    PROFILE_FIELDS = ("name", "emoji", "colour", "role", "status", "description", "body_location",
                      "age", "job", "fears", "needs", "burdens", "trust_in_self")


class RelationForm(FlaskForm):
    kind = SelectField("This part", choices=[(k, RELATION_LABELS[k]) for k in RELATION_KINDS])
    other = SelectField("which part", coerce=str,
                        validators=[InputRequired("Please choose the other part.")])
