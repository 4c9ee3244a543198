"""Notification preferences and one-click unsubscribe (registered by the shell, app/main).

- /notifications/settings: per category, e-mail immediately, in a daily digest, or not at all (in-app
  notifications are always kept).
- /notifications/unsubscribe/<token>: works without signing in. GET shows what will stop and a button;
  POST (the button, or a mail client's RFC 8058 one-click POST `List-Unsubscribe=One-Click`) turns it off.
  The token is signed with SECRET_KEY, so the POST needs no CSRF token (exempted in app/main).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import ValidationFailed
from . import delivery
from .kinds import categories, category

bp = Blueprint("notifications", __name__)


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():
    failed: ValidationFailed | None = None
    if request.method == "POST":
        data = {c.code: request.form.get(c.code, "") for c in categories() if c.code in request.form}
        try:
            delivery.save_preferences(current_user.id, data)
        except ValidationFailed as exc:
            failed = exc
        else:
            flash(_("Your notification settings are saved."), "success")
            return redirect(url_for("notifications.settings"))
    prefs = delivery.preferences(current_user.id)
    if failed is not None:
        prefs.update({k: v for k, v in request.form.items() if k in prefs})
    return render_template("notifications/settings.html", categories=categories(), prefs=prefs,
                           errors=(failed.fields or {}) if failed else {}), 422 if failed else 200


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token):
    found = delivery.read_unsubscribe_token(token)
    if found is None:
        abort(404)
    code = found[1]
    label = _("all e-mail notifications") if code == delivery.ALL else category(code).label
    if request.method == "POST":
        if delivery.unsubscribe(token) is None:
            abort(404)
        if request.form.get("List-Unsubscribe") == "One-Click":
            return "", 204  # RFC 8058: a mail client, not a person
        return render_template("notifications/unsubscribed.html", label=label)
    return render_template("notifications/unsubscribe.html", label=label, token=token)
