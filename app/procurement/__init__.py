"""Green public procurement: procurement lists per product group (products holding a valid certificate
public buyers can name as a criterion, with the criterion's wording, legal basis and published criteria
sets), tender lists (shortlists) exported as XLSX and PDF for tender documents, and a buyer's green
purchasing share on its dashboard.

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

REQUIRES = ("orgs", "labels", "catalog", "sourcing")


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from ..api import register_api
    from ..demo import register_demo_step
    from ..web import add_dashboard_panel, add_nav
    from . import api, demo, models, views  # noqa: F401  (models: the tables)

    app.register_blueprint(views.bp)                        # /procurement…
    register_api(app, api.blp)                              # /api/v1/procurement…
    add_nav(app, "procurement.index", _l("Public procurement"), "public", order=60)
    add_nav(app, "procurement.lists", _l("Tender lists"), "buyer")
    add_dashboard_panel(app, views.dashboard_panel)         # green purchasing share, tender lists
    register_demo_step(app, 96, demo.demo_procurement)      # a public procuring entity with a tender list
