"""Crisis help, the personal safety plan and the first-run welcome."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from .. import deleting, htmx
from ..auth.models import WELCOMED_KEY
from ..auth.recovery import page_with_code, take_code_to_show
from ..clock import utcnow
from ..errors import as_nobody, forget_failed_transaction, signed_in_or_nobody
from ..extensions import db
from ..records import made_at, new_client_id
from ..versions import VERSION_HEADER, version_number
from .crisis_lines import (
    FALLBACK_EMERGENCY,
    FIND_A_HELPLINE,
    by_name,
    elsewhere,
    for_country,
    for_request,
    guess_country,
    home_for,
    remember,
    remembered,
)
from .forms import SafetyPlanForm
from .plans import Saved, choose, form_data, plan_for, save, tel_href

# The plan's version after a save, for the phone: its next queued edit of the plan follows it.

bp = Blueprint("safety", __name__)
bp.add_app_template_filter(tel_href, "tel")


@bp.app_template_global()
def crisis_home():
    """Whose crisis lines an inline crisis card shows first (`crisis_lines.home_for`), for a
    card on any page. A guess depends on Accept-Language, so the response is marked to vary
    by it."""
    chosen = current_user.country if current_user.is_authenticated else None
    home = home_for(chosen, request.accept_languages.values())
    if home is not None and home.guessed:
        g.crisis_country_guessed = True
    return home


@bp.app_template_global()
def crisis_without_database():
    """Crisis lines for an error page, found without the database (`for_request`): errors.py
    sits below every domain, so its page asks safety for them through this global."""
    return for_request()


@bp.app_context_processor
def crisis_constants() -> dict:
    """Inline crisis cards anywhere in the app can offer the fallback emergency number."""
    return {"fallback_emergency": FALLBACK_EMERGENCY, "crisis_elsewhere": elsewhere()}


@bp.after_app_request
def vary_with_a_guessed_country(response):
    """A crisis card that guessed the country from the browser's languages differs by them."""
    if g.get("crisis_country_guessed"):
        response.vary.add("Accept-Language")
    return response


# Marks a page drawn without the database, so the service worker prefers the phone's own copy
# (which has the person's safety plan) and never keeps this one in its place.
DEGRADED_HEADER = "X-Befriend-Degraded"


def own_plan():
    """The signed-in person's safety plan, or None; a database failure here only means the
    page is drawn without it (and as nobody in particular: the person's row can't be read)."""
    try:
        return plan_for(db.session, current_user.id)
    except SQLAlchemyError:
        forget_failed_transaction()
        as_nobody()
        g.database_failed = True
        return None


def crisis_country(signed_in: bool):
    """Whose lines come first: the person's settings, then an explicit ?country=, then the
    country kept in the session, then the phone's language. Only the first needs the database,
    and it is asked only once the person's row has been read."""
    chosen = current_user.country if signed_in else None
    if signed_in:
        remember(session, chosen)
    asked = request.args.get("country", "").upper()
    if for_country(asked):
        remember(session, asked)
    return (for_country(chosen), for_country(chosen) or for_country(asked)
            or for_country(remembered(session))
            or guess_country(request.accept_languages.values()))


@bp.get("/crisis")
def crisis():
    """Public, and it never fails: drawn from data, with the person's own plan when the
    database answers. The same for a given person and country, so the phone keeps a copy."""
    signed_in = signed_in_or_nobody()
    plan = own_plan() if signed_in else None
    signed_in = signed_in and not g.get("database_failed")
    home, chosen = crisis_country(signed_in)
    others = [c for c in by_name() if c is not chosen]
    degraded = bool(g.get("database_failed"))
    response = make_response(render_template(
        "safety/crisis.html",
        home=home,
        chosen=chosen,
        others=others,
        all_countries=by_name(),
        plan=plan,
        signed_in=signed_in,
        degraded=degraded,
        bare=degraded,
        find_a_helpline=FIND_A_HELPLINE,
    ))
    response.vary.add("Accept-Language")
    if degraded:
        response.headers[DEGRADED_HEADER] = "1"
        response.cache_control.no_store = True
    return response


@bp.get("/when-it-gets-dark")
def dark():
    """A short, calm page to read on a hard day: public, and kept on the phone for offline use."""
    return render_template("safety/dark.html")


@bp.get("/safety-plan")
@login_required
def plan():
    saved = plan_for(db.session, current_user.id)
    if saved is None or saved.is_empty:
        return edit_plan()
    remember(session, current_user.country)
    found = home_for(current_user.country, request.accept_languages.values())
    if found is not None and found.guessed:
        g.crisis_country_guessed = True
    return render_template("safety/plan.html", plan=saved, found=found,
                           home=found.country if found else None)


def plan_form(plan, combine: bool = False) -> SafetyPlanForm:
    """The edit form, opened from the plan's current version. `combine`: filled with the edit
    waiting beside the plan instead, so the person can merge the two and settle it."""
    source = plan.waiting["plan"] if combine and plan is not None and plan.waiting else None
    form = SafetyPlanForm(formdata=None, obj=form_data(plan, source))
    form.client_id.data = new_client_id()
    form.base_version.data = str(plan.version) if plan is not None else ""
    form.resolves.data = "1" if source is not None else ""
    return form


@bp.get("/safety-plan/edit")
@login_required
def edit_plan():
    saved = plan_for(db.session, current_user.id)
    combine = request.args.get("combine") == "1" and saved is not None and bool(saved.waiting)
    return render_template("safety/plan_edit.html", form=plan_form(saved, combine),
                           other=saved if combine else None)


@bp.post("/safety-plan")
@login_required
def save_plan():
    form = SafetyPlanForm()
    if not form.validate():
        return htmx.render("safety/plan_edit.html", "safety/_plan_form.html", form=form), 422
    result = save(db.session, current_user.id, form.data, form.client_id.uuid,
                  made_at(request.form, current_user.timezone),
                  base_version=version_number(form.base_version.data),
                  resolves=form.resolves.data == "1")
    db.session.commit()
    saved = plan_for(db.session, current_user.id)
    if result is Saved.KEPT_BESIDE:
        # 409: not written over the newer plan; both are kept until the person chooses.
        return htmx.render("safety/versions.html", "safety/_versions.html", plan=saved,
                           just_sent=True), 409
    if not htmx.is_fragment():
        flash("Your safety plan is saved.", "success")
        return redirect(url_for("safety.plan"), code=303)
    status = 201 if result is Saved.CREATED else 200
    response = make_response(render_template("safety/_plan_form.html", form=plan_form(saved),
                                             saved=True), status)
    response.headers[VERSION_HEADER] = str(saved.version)
    return response


@bp.get("/safety-plan/versions")
@login_required
def versions():
    """The plan beside an edit made from an older version of it, to keep one or combine them."""
    saved = plan_for(db.session, current_user.id)
    if saved is None or not saved.waiting:
        return redirect(url_for("safety.plan"), code=303)
    return render_template("safety/versions.html", plan=saved)


@bp.post("/safety-plan/versions")
@login_required
def choose_version():
    saved = plan_for(db.session, current_user.id)
    keep = request.form.get("keep")
    if saved is None or not saved.waiting:
        flash("There was nothing left to choose: your plan is as it was saved.", "info")
        return redirect(url_for("safety.plan"), code=303)
    if keep not in ("plan", "waiting"):
        return render_template("safety/versions.html", plan=saved,
                               problem="Please choose which version to keep."), 422
    choose(saved, keep, utcnow())
    db.session.commit()
    flash("Your safety plan is saved.", "success")
    return redirect(url_for("safety.plan"), code=303)


@bp.route("/safety-plan/clear", methods=["GET", "POST"])
@login_required
def clear_plan():
    """Start again from an empty plan: the row goes, so nothing of the old one is kept."""
    if request.method == "GET":
        return deleting.confirm(
            "Clear my safety plan", "Clear everything in your safety plan?",
            url_for("safety.clear_plan"), url_for("safety.plan"),
            summary="The crisis lines stay on the crisis page. You can write a new plan any time.",
        )
    saved = plan_for(db.session, current_user.id)
    if saved is not None:
        db.session.delete(saved)
        db.session.commit()
    return deleting.done("Your safety plan is cleared.", url_for("safety.plan"))


@bp.get("/welcome")
@login_required
def welcome():
    """Shown once after sign-up (and any time after): what Befriend is, and is not."""
    if WELCOMED_KEY not in (current_user.settings or {}):
        current_user.settings = {**(current_user.settings or {}),
                                 WELCOMED_KEY: utcnow().isoformat()}
        db.session.commit()
    code = take_code_to_show()
    return page_with_code(render_template("safety/welcome.html", recovery_code=code), code)
