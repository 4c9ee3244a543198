"""The shell: home page (sections from `app.web.add_home_section`), the dashboard (panels from
`app.web.add_dashboard_panel`), the notifications page, /healthz and the /api/v1/geo reference data.
Domains never import this package: they register into `app.web`.

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

REQUIRES = ("orgs",)


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from ..api import register_api
    from ..web import add_nav
    from . import api, views

    app.register_blueprint(views.bp)                        # /, /dashboard, /notifications, /healthz
    register_api(app, api.blp)                              # /api/v1/geo
    add_nav(app, "main.dashboard", _l("Dashboard"), "member", order=0)

    # notifications: preferences, one-click unsubscribe, and the e-mail copies sent off the request path
    import datetime as dt

    from ..extensions import csrf
    from ..jobs import register_job
    from ..notifications import delivery
    from ..notifications import views as notification_views

    app.register_blueprint(notification_views.bp)           # /notifications/settings, /notifications/unsubscribe/<token>
    csrf.exempt(notification_views.unsubscribe)             # RFC 8058 one-click POST; the signed token authenticates
    register_job(app, "notifications.deliver", dt.timedelta(minutes=1), delivery.deliver_pending,
                 "E-mail pending notifications now, or keep them for the digest, per each person's settings.")
    register_job(app, "notifications.digest", dt.timedelta(hours=24), delivery.send_digests,
                 "One daily e-mail with the notifications people chose to get as a digest.")
