"""The safety plan in the export file, its contacts in exactly the shape the plan form makes.

The plan's pages rely on that shape: one value that merely looks right could break the page
someone opens in a hard moment.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from ..shapes import At, Problem, check_record, moment, ref, storable, text
from .forms import MAX_TEXT, ContactForm, SafetyPlanForm
from .forms import contacts as filled_contacts
from .models import SECTIONS, SafetyPlan


def contacts(field: str):
    """People or services as the safety-plan form takes them: objects with a “name” and a
    “phone”, text within the form's limits, no more rows than the form has; rows with
    neither are dropped, as the form drops them. The plan's pages rely on exactly this."""
    most = getattr(SafetyPlanForm, field).kwargs["max_entries"]

    def check(value):
        if value is None:
            return []
        if not isinstance(value, list):
            raise Problem("should be a list of contacts, each with a “name” and a “phone”")
        kept = filled_contacts([contact(row, number) for number, row in enumerate(value)])
        if len(kept) > most:
            raise Problem(f"holds {len(kept)} contacts; the plan keeps at most {most}")
        return kept
    return check


def contact(row, index: int) -> dict:
    """One row checked by the plan form's own fields (lengths, the phone number's shape)."""
    where = f"contact {index + 1}"
    if not isinstance(row, dict) or set(row) != {"name", "phone"}:
        raise Problem(f"{where} should be an object with a “name” and a “phone”, and nothing "
                      "else", (index,))
    for key, value in row.items():
        if not isinstance(value, str):
            raise Problem(f"{where}: its “{key}” should be text", (index, key))
        storable(value)
    form = ContactForm(MultiDict(row))
    if not form.validate():
        key, errors = next(iter(form.errors.items()))
        raise Problem(f"{where}: its “{key}”: {errors[0].rstrip('.')}", (index, key))
    return form.data


WRITTEN = {
    **{section: text(MAX_TEXT) for section in SECTIONS},
    "helpers": contacts("helpers"), "professional_contacts": contacts("professional_contacts"),
}


def waiting_edit(value):
    """An edit kept beside the plan until the person chooses (see plans.save): the plan's own
    sections and contacts, its client_id and when it was made; or nothing."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise Problem("should be an object with the edit's “plan”, “client_id” and “made_at”")
    kept = check_record(value, {"plan": lambda plan: check_record(plan, WRITTEN),
                                "client_id": ref, "made_at": moment()})
    if kept["client_id"] is None:
        raise Problem("“client_id” is needed to tell the kept edit apart", ("client_id",))
    return {"plan": kept["plan"], "client_id": str(kept["client_id"]),
            "made_at": kept["made_at"].isoformat()}


SAFETY_PLAN = {
    **WRITTEN, "client_id": ref, "updated_at": moment(), "waiting": waiting_edit,
}


def exported(plan: SafetyPlan, at: At) -> dict:
    return {
        **{section: getattr(plan, section) for section in SECTIONS},
        "helpers": plan.helpers or [], "professional_contacts": plan.professional_contacts or [],
        "client_id": str(plan.client_id) if plan.client_id else None,
        "updated_at": at(plan.updated_at),
        "waiting": exported_waiting(plan, at),
    }


def exported_waiting(plan: SafetyPlan, at: At) -> dict | None:
    if not plan.waiting:
        return None
    return {"plan": plan.waiting["plan"], "client_id": plan.waiting["client_id"],
            "made_at": at(plan.waiting_made_at)}
