"""The parts library: name the parts you notice, get to know them, and see how they relate."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from flask import (
    Blueprint,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import or_
from sqlalchemy import update as sql_update

from .. import deleting, htmx, versions
from ..clock import utcnow
from ..extensions import db
from ..records import insert_once, owned, owned_or_404
from ..versions import Saved
from . import partmap
from .forms import (
    RELATION_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    PartForm,
    RelationForm,
    fresh_colour,
)
from .models import Part, PartRelation
from .relations import add_relation, parse_part_id, relation_problem

bp = Blueprint("parts", __name__, url_prefix="/parts")


@bp.app_context_processor
def part_labels():
    return {"ROLE_LABELS": ROLE_LABELS, "STATUS_LABELS": STATUS_LABELS,
            "RELATION_LABELS": RELATION_LABELS}


def my_parts() -> list[Part]:
    return list(db.session.scalars(owned(Part).order_by(Part.archived, Part.name, Part.id)))


def my_relations(part_id: int | None = None) -> list[PartRelation]:
    query = owned(PartRelation).order_by(PartRelation.id)
    if part_id is not None:
        query = query.where(or_(PartRelation.from_part_id == part_id,
                                PartRelation.to_part_id == part_id))
    return list(db.session.scalars(query))


@bp.get("/")
@login_required
def index():
    parts = my_parts()
    return render_template("parts/index.html", active=[p for p in parts if not p.archived],
                           archived=[p for p in parts if p.archived])


@bp.get("/new")
@login_required
def new():
    # A colour none of the person's parts has yet, so parts tell apart on the map at a glance.
    form = PartForm(formdata=None, client_id=str(uuid.uuid4()),
                    colour=fresh_colour(p.colour for p in my_parts() if not p.archived))
    return render_template("parts/new.html", form=form)


@bp.post("/")
@login_required
def create():
    form = PartForm()
    if not form.validate():
        return render_template("parts/new.html", form=form), 422
    part = Part(user_id=current_user.id)
    form.populate_obj(part)
    part.client_id = form.client_id.uuid
    part, created = insert_once(db.session, part)
    db.session.commit()
    if created:
        flash("The part is in your parts library now.", "success")  # no names in the cookie
    return redirect(url_for("parts.show", part_id=part.id), 303)


def part_page(part: Part, parts: list[Part], relation_form: RelationForm, status: int = 200):
    relations = my_relations(part.id)
    by_id = {p.id: p for p in parts}
    relation_form.other.choices = [("", "Choose a part")] + [
        (str(p.id), p.name) for p in parts if p.id != part.id and not p.archived
    ]
    # An exile's page leads to its protectors first (never straight into exile work).
    protectors = [by_id[r.from_part_id] for r in relations
                  if r.kind == "protects" and r.to_part_id == part.id
                  and r.from_part_id in by_id and not by_id[r.from_part_id].archived]
    return htmx.render(
        "parts/show.html", "parts/_profile.html", part=part, by_id=by_id, relations=relations,
        relation_form=relation_form, protectors=protectors,
    ), status


@bp.get("/<int:part_id>")
@login_required
def show(part_id: int):
    parts = my_parts()  # one query serves the page: the part below comes from this list
    return part_page(owned_or_404(Part, part_id), parts, RelationForm(formdata=None))


def profile_of(part: Part) -> dict:
    """The part's profile as an edit writes it (versions.edit compares and keeps this)."""
    return {name: getattr(part, name) for name in PartForm.PROFILE_FIELDS}


def profile_from(form: PartForm) -> dict:
    return {name: getattr(form, name).data if getattr(form, name).data is not None
            else (None if name == "trust_in_self" else "") for name in PartForm.PROFILE_FIELDS}


def write_profile(part: Part, profile: dict) -> None:
    for name in PartForm.PROFILE_FIELDS:
        setattr(part, name, profile[name])


def edit_form(part: Part, combine: bool) -> PartForm:
    """The edit form from the part's current version, or filled from the edit waiting beside
    it (`combine`), so the person can merge the two."""
    source = SimpleNamespace(**part.waiting_written) if combine and part.waiting else part
    return versions.open_form(PartForm(formdata=None, obj=source), part, combine)


@bp.get("/<int:part_id>/edit")
@login_required
def edit(part_id: int):
    part = owned_or_404(Part, part_id)
    combine = request.args.get("combine") == "1" and bool(part.waiting)
    return htmx.render("parts/edit.html", "parts/_edit.html", part=part,
                       form=edit_form(part, combine))


@bp.post("/<int:part_id>/edit")
@login_required
def update(part_id: int):
    part = owned_or_404(Part, part_id)
    db.session.refresh(part, with_for_update=True)  # PostgreSQL: one edit decides at a time
    form = PartForm()
    if not form.validate():
        return htmx.render("parts/edit.html", "parts/_edit.html", part=part, form=form), 422
    result = versions.edit(part, profile_from(form), profile_of(part),
                           versions.version_number(form.base_version.data), utcnow(),
                           form.resolves.data == "1", lambda new: write_profile(part, new))
    db.session.commit()
    if result is Saved.KEPT_BESIDE:
        return htmx.render("parts/versions.html", "parts/_versions.html", part=part,
                           just_sent=True), 409
    if htmx.is_fragment():
        response = make_response(render_template("parts/_profile.html", part=part, saved=True))
    else:
        flash("Saved.", "success")
        response = redirect(url_for("parts.show", part_id=part.id), 303)
    # The phone moves a later edit it queued on top of this one on to this version (outbox.js).
    response.headers[versions.VERSION_HEADER] = str(part.version)
    return response


@bp.get("/<int:part_id>/versions")
@login_required
def versions_page(part_id: int):
    """The part beside an edit made from an older version of it, to keep one or combine."""
    part = owned_or_404(Part, part_id)
    if not part.waiting:
        return redirect(url_for("parts.show", part_id=part.id), 303)
    return render_template("parts/versions.html", part=part)


@bp.post("/<int:part_id>/versions")
@login_required
def choose_version(part_id: int):
    part = owned_or_404(Part, part_id)
    db.session.refresh(part, with_for_update=True)  # one choice decides at a time
    if not part.waiting:
        flash("There was nothing left to choose: the part is as it was saved.", "info")
        return redirect(url_for("parts.show", part_id=part.id), 303)
    if not versions.choose(part, request.form.get("keep", ""),
                           lambda new: write_profile(part, new)):
        return render_template("parts/versions.html", part=part,
                               problem="Please choose which version to keep."), 422
    db.session.commit()
    flash("Saved.", "success")
    return redirect(url_for("parts.show", part_id=part.id), 303)


@bp.post("/<int:part_id>/archive")
@login_required
def archive(part_id: int):
    part = owned_or_404(Part, part_id)
    part.archived = True
    db.session.commit()
    flash("The part is resting in the archive. You can bring it back any time.", "info")
    return redirect(url_for("parts.index"), 303)


@bp.post("/<int:part_id>/restore")
@login_required
def restore(part_id: int):
    part = owned_or_404(Part, part_id)
    part.archived = False
    db.session.commit()
    flash("The part is back in your parts library.", "success")
    return redirect(url_for("parts.show", part_id=part.id), 303)


@bp.route("/<int:part_id>/delete", methods=["GET", "POST"])
@login_required
def delete(part_id: int):
    part = owned_or_404(Part, part_id)
    if request.method == "GET":
        return deleting.confirm(
            f"Delete {part.name}", f"Delete {part.name} and everything on its page?",
            url_for("parts.delete", part_id=part.id), url_for("parts.show", part_id=part.id),
            summary="Your check-ins and practice answers stay; they just won't name this part "
                    "any more. If you only want it out of the way, archiving keeps its story.",
        )
    # The foreign keys say the rest (models and migrations alike): its relations go with it,
    # check-ins lose the link (checkin_parts cascades), practice sessions keep theirs unnamed
    # (SET NULL). tests/web/test_migrations.py checks both databases really declare them.
    db.session.delete(part)
    db.session.commit()
    return deleting.done("That part is deleted.", url_for("parts.index"))


@bp.post("/<int:part_id>/relations")
@login_required
def relate(part_id: int):
    parts = my_parts()
    part = owned_or_404(Part, part_id)
    form = RelationForm()
    other_id = parse_part_id(form.other.data)
    existing = [(r.from_part_id, r.to_part_id, r.kind) for r in my_relations()]
    own_ids = {p.id for p in parts if not p.archived}
    form.other.choices = [(str(p.id), p.name) for p in parts]
    valid = form.validate()
    problem = relation_problem(part.id, other_id, form.kind.data, own_ids, existing)
    if problem and not form.kind.errors:
        form.other.errors = [problem]
    if problem or not valid:
        return part_page(part, parts, form, 422)
    add_relation(db.session, current_user.id, part.id, other_id, form.kind.data)
    db.session.commit()
    flash("Relationship noted.", "success")
    return redirect(url_for("parts.show", part_id=part.id), 303)


@bp.post("/<int:part_id>/relations/<int:relation_id>/delete")
@login_required
def unrelate(part_id: int, relation_id: int):
    relation = owned_or_404(PartRelation, relation_id)
    db.session.delete(relation)
    db.session.commit()
    flash("Relationship removed.", "info")
    return redirect(url_for("parts.show", part_id=part_id), 303)


def map_layout() -> tuple[list[Part], list[tuple[int, int, str]], partmap.MapLayout]:
    """The person's active parts, the relations between them, and where each sits."""
    parts = [p for p in my_parts() if not p.archived]
    ids = {p.id for p in parts}
    relations = [(r.from_part_id, r.to_part_id, r.kind) for r in my_relations()
                 if r.from_part_id in ids and r.to_part_id in ids]
    return parts, relations, partmap.layout(partmap.in_claim_order(parts), relations)


@bp.get("/map", endpoint="map")
@login_required
def parts_map():
    parts, relations, layout = map_layout()
    return render_template("parts/map.html", parts=parts, layout=layout,
                           relations=relations, by_id={p.id: p for p in parts})


@bp.post("/<int:part_id>/position")
@login_required
def position(part_id: int):
    """Keep where the person put a part on the map (map.js sends it after a drag or the arrow
    keys): x and y, fractions of the map's width and height, brought inside the map if beyond.
    htmx-style requests get the map drawn again, so parts in the way make room at once."""
    part = owned_or_404(Part, part_id)
    spot = partmap.read_spot(request.form.get("x"), request.form.get("y"))
    if isinstance(spot, str):
        return jsonify(message=spot), 422
    part.map_x, part.map_y = spot
    db.session.commit()
    if htmx.is_fragment():
        return htmx.add_vary(make_response(render_template(
            "parts/_map_svg.html", layout=map_layout()[2], movable=True)))
    return jsonify(map_x=part.map_x, map_y=part.map_y)


@bp.post("/map/reset")
@login_required
def reset_map():
    """Forget every place the person chose; the map arranges all the parts again."""
    db.session.execute(sql_update(Part).where(Part.user_id == current_user.id)
                       .values(map_x=None, map_y=None))
    db.session.commit()
    flash("The map is arranged for you again.", "info")
    return redirect(url_for("parts.map"), 303)
