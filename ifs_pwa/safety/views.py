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
    url_for,
)
from flask_login import current_user, login_required

from .. import deleting, htmx
from ..auth.models import WELCOMED_KEY
from ..auth.recovery import page_with_code, take_code_to_show
from ..clock import utcnow
from ..extensions import db
from ..records import new_client_id
from .crisis_lines import (
    FALLBACK_EMERGENCY,
    FIND_A_HELPLINE,
    countries,
    for_country,
    guess_country,
    home_for,
)
from .forms import SafetyPlanForm
from .plans import form_data, plan_for, save, tel_href

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


@bp.app_context_processor
def crisis_constants() -> dict:
    """Inline crisis cards anywhere in the app can offer the fallback emergency number."""
    return {"fallback_emergency": FALLBACK_EMERGENCY}


@bp.after_app_request
def vary_with_a_guessed_country(response):
    """A crisis card that guessed the country from the browser's languages differs by them."""
    if g.get("crisis_country_guessed"):
        response.vary.add("Accept-Language")
    return response


@bp.get("/crisis")
def crisis():
    """Public; the same for a given person and country choice, so the phone can keep a copy."""
    signed_in = current_user.is_authenticated
    home = for_country(current_user.country) if signed_in else None
    chosen = (home or for_country(request.args.get("country", "").upper())
              or guess_country(request.accept_languages.values()))
    others = [c for c in countries().values() if c is not chosen]
    response = make_response(render_template(
        "safety/crisis.html",
        home=home,
        chosen=chosen,
        others=others,
        plan=plan_for(db.session, current_user.id) if signed_in else None,
        find_a_helpline=FIND_A_HELPLINE,
    ))
    response.vary.add("Accept-Language")
    return response


@bp.get("/safety-plan")
@login_required
def plan():
    saved = plan_for(db.session, current_user.id)
    if saved is None or saved.is_empty:
        return edit_plan()
    return render_template("safety/plan.html", plan=saved, home=for_country(current_user.country))


@bp.get("/safety-plan/edit")
@login_required
def edit_plan():
    form = SafetyPlanForm(obj=form_data(plan_for(db.session, current_user.id)))
    form.client_id.data = new_client_id()
    return render_template("safety/plan_edit.html", form=form)


@bp.post("/safety-plan")
@login_required
def save_plan():
    form = SafetyPlanForm()
    if not form.validate():
        return htmx.render("safety/plan_edit.html", "safety/_plan_form.html", form=form), 422
    created = save(db.session, current_user.id, form.data, form.client_id.uuid)
    db.session.commit()
    if not htmx.is_fragment():
        flash("Your safety plan is saved.", "success")
        return redirect(url_for("safety.plan"), code=303)
    fresh = SafetyPlanForm(formdata=None, obj=form_data(plan_for(db.session, current_user.id)))
    fresh.client_id.data = new_client_id()
    status = 201 if created else 200
    return render_template("safety/_plan_form.html", form=fresh, saved=True), status


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
