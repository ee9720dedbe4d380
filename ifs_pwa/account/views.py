"""Account settings and the "More" hub."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, logout_user

from ..auth import devices
from ..auth.accounts import change_password
from ..auth.passwords import verify_password
from ..auth.recovery import issue, page_with_code, show_once, take_code_to_show
from ..auth.views import signed_out
from ..extensions import db
from ..records import MAX_ID
from .deletion import delete_account, forget_in_memory, username_matches
from .forms import ChangePasswordForm, DeleteAccountForm, RecoveryCodeForm, SettingsForm

bp = Blueprint("account", __name__)


def account_page(settings_form: SettingsForm, password_form: ChangePasswordForm, status: int,
                 recovery_form: RecoveryCodeForm | None = None):
    code = take_code_to_show()
    return page_with_code(render_template(
        "account/account.html", settings_form=settings_form, password_form=password_form,
        devices=devices.devices_of(db.session, current_user.id), this_device=current_user.device,
        recovery_form=recovery_form or RecoveryCodeForm(formdata=None), recovery_code=code,
    ), code, status)


@bp.get("/account")
@login_required
def show():
    settings_form = SettingsForm(obj=current_user)
    settings_form.country.data = current_user.country or ""
    return account_page(settings_form, ChangePasswordForm(formdata=None), 200)


@bp.post("/account/settings")
@login_required
def update_settings():
    form = SettingsForm()
    if not form.validate():
        return account_page(form, ChangePasswordForm(formdata=None), 422)
    current_user.timezone = form.timezone.data
    current_user.country = form.country.data or None
    db.session.commit()
    flash("Settings saved.", "success")
    return redirect(url_for("account.show"))


@bp.post("/account/password")
@login_required
def update_password():
    form = ChangePasswordForm()
    if form.validate():
        if verify_password(current_user.password_hash, form.current.data):
            change_password(db.session, current_user, form.new.data, keep=current_user.device)
            db.session.commit()
            flash("Password changed. Other devices have been signed out.", "success")
            return redirect(url_for("account.show"))
        form.current.errors.append("That isn't your current password.")
    return account_page(SettingsForm(formdata=None, obj=current_user), form, 422)


@bp.post("/account/recovery-code")
@login_required
def new_recovery_code():
    """A fresh code replaces the old one, which stops working at once."""
    form = RecoveryCodeForm()
    if form.validate():
        if verify_password(current_user.password_hash, form.recovery_current.data):
            code = issue(current_user)
            show_once(current_user.device, code)
            db.session.commit()
            flash("Here is your new recovery code. The old one no longer works.", "success")
            return redirect(url_for("account.show"))
        form.recovery_current.errors.append("That isn't your current password.")
    return account_page(SettingsForm(formdata=None, obj=current_user),
                        ChangePasswordForm(formdata=None), 422, recovery_form=form)


@bp.post("/account/devices/<int:device_id>/sign-out")
@login_required
def sign_out_device(device_id: int):
    """Sign out one of the person's devices; this one, and it's an ordinary log-out."""
    if not 0 < device_id <= MAX_ID or not devices.end(db.session, current_user.id, device_id):
        abort(404)
    db.session.commit()
    if current_user.device is not None and device_id == current_user.device.id:
        return signed_out("You're logged out. Take care.")
    flash("That device is signed out.", "success")
    return redirect(url_for("account.show", _anchor="devices"), 303)


@bp.post("/account/devices/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """Every device, this one too: for a lost phone, or a shared one forgotten signed in."""
    devices.end(db.session, current_user.id)
    db.session.commit()
    return signed_out("You're signed out on every device, this one too.")


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete():
    form = DeleteAccountForm()
    if request.method == "GET":
        return render_template("account/delete.html", form=form)
    if form.validate() and not username_matches(current_user, form.username.data):
        form.username.errors.append("That isn't your username. Please type it exactly to confirm.")
    if form.errors:
        return render_template("account/delete.html", form=form), 422
    user_id = current_user.id
    delete_account(db.session, user_id)
    db.session.commit()
    forget_in_memory(current_app._get_current_object(), user_id)
    logout_user()
    session.clear()
    response = redirect(url_for("privacy.goodbye"), 303)
    # Nothing stays on this phone either: pages, cookies, the offline outbox, the worker.
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@bp.get("/more")
@login_required
def more():
    return render_template("account/more.html")
