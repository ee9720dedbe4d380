"""The import upload and the choices for a summary to take to a therapist."""

from __future__ import annotations

from datetime import timedelta

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectMultipleField
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

MAX_DAYS = 366 * 10
SECTIONS = (
    ("trend", "Mood and Self-energy over time"),
    ("parts", "The map of your parts"),
    ("practices", "Your answers in practices"),
    ("measures", "Questionnaire results"),
)


class UploadForm(FlaskForm):
    file = FileField("Your file", validators=[FileRequired("Please choose a file to bring in.")])


class Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SummaryForm(FlaskForm):
    """Read from the query string (a GET form: it changes nothing), so no CSRF token."""

    class Meta:
        csrf = False

    start = DateField("From", validators=[InputRequired("Please choose the first day.")])
    end = DateField("To", validators=[InputRequired("Please choose the last day.")])
    include = Checkboxes("What to include", choices=list(SECTIONS), validate_choice=False)
    practices = Checkboxes("Practices whose answers to include", validate_choice=False)

    def validate_start(self, field) -> None:
        if field.data and not 1900 <= field.data.year <= 9000:
            raise ValidationError("Please choose a day between the years 1900 and 9000.")

    def validate_end(self, field) -> None:
        if field.data and not 1900 <= field.data.year <= 9000:
            raise ValidationError("Please choose a day between the years 1900 and 9000.")
        if self.start.data and field.data:
            if field.data < self.start.data:
                raise ValidationError("The last day comes before the first; please swap them.")
            if field.data - self.start.data > timedelta(days=MAX_DAYS):
                raise ValidationError("Please choose at most ten years.")

    def validate_include(self, field) -> None:
        known = {key for key, _ in SECTIONS}
        field.data = [key for key in field.data if key in known]
        if not field.data:
            raise ValidationError("Please choose at least one thing to include.")
