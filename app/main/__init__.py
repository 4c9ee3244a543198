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
