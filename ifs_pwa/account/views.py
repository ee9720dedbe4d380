"""Account settings and the "More" hub."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user

from ..auth.accounts import change_password
from ..auth.passwords import verify_password
from ..extensions import db
from .forms import ChangePasswordForm, SettingsForm

bp = Blueprint("account", __name__)


def account_page(settings_form: SettingsForm, password_form: ChangePasswordForm, status: int):
    return render_template(
        "account/account.html", settings_form=settings_form, password_form=password_form
    ), status


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
            change_password(current_user, form.new.data)
            db.session.commit()
            # Re-issue this device's login with the new epoch; other devices are signed out.
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
            login_user(current_user._get_current_object(), remember=remembered in request.cookies)
            flash("Password changed. Other devices have been signed out.", "success")
            return redirect(url_for("account.show"))
        form.current.errors.append("That isn't your current password.")
    return account_page(SettingsForm(formdata=None, obj=current_user), form, 422)


@bp.get("/more")
@login_required
def more():
    return render_template("account/more.html")
