from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..extensions import db
from ..notifications import services as notifications
from ..pagination import paged
from ..web import actor, dashboard_panels, home_sections

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    from ..orgs.models import Organisation, OrgStatus

    stats = {
        "organisations": db.session.scalar(db.select(db.func.count(Organisation.id)).where(Organisation.status == OrgStatus.approved)) or 0,
    }
    return render_template("main/home.html", stats=stats, sections=home_sections())


@bp.route("/dashboard")
@login_required
def dashboard():
    a = actor()
    if a.org is None:  # staff without an organisation (administrators, officers, editors) still get their panels
        return render_template("main/no_org.html", panels=dashboard_panels(a))
    return render_template("main/dashboard.html", org=a.org, panels=dashboard_panels(a))


@bp.route("/notifications")
@login_required
def notifications_page():
    page = paged(lambda n: notifications.list_for(current_user.id, page=n, per_page=20), 20)
    return render_template("main/notifications.html", page=page)


@bp.route("/notifications/read", methods=["POST"])
@login_required
def notifications_read():
    notifications.mark_all_read(current_user.id)
    return redirect(url_for("main.notifications_page"))


@bp.route("/healthz")
def healthz():
    db.session.execute(db.text("SELECT 1"))
    return jsonify({"status": "ok"})
