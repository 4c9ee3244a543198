"""Traceability by code: lots of listings and their inputs, GS1 Digital Link URIs and QR codes with a
resolver on the platform's own domain, public trace pages, recycled-content integrity (mass balance),
product carbon footprints with cited factors, and EPCIS 2.0 export.

It builds on catalog (listings), labels (claims valid on a production date), sourcing (deals: lots are
shipped and received under them) and logistics (accepted transport quotes give the CO2e of transport
legs), calling their services; it shows itself on their pages through their extension points
(`catalog.extensions`, `labels.extensions`, `sourcing.extensions`).

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

import datetime as dt

REQUIRES = ("orgs", "labels", "catalog", "sourcing", "logistics")


def init_app(app) -> None:
    from . import display

    display.register(app)  # display names of the domain's codes (app/display)
    from flask_babel import lazy_gettext as _l

    from ..api import register_api
    from ..catalog import extensions as catalog
    from ..demo import register_demo_step
    from ..jobs import register_job
    from ..labels import extensions as labels
    from ..sourcing import extensions as sourcing
    from ..web import add_dashboard_panel, add_nav
    from . import api, demo, jobs, models, views

    models.install_append_only_guard()                      # lot events are never updated or deleted
    app.register_blueprint(views.bp)                        # /trace/…
    app.register_blueprint(views.resolver)                  # /01/… (GS1 Digital Link), /.well-known/gs1resolver
    register_api(app, api.blp)                              # /api/v1/trace/…
    add_nav(app, "trace.my_lots", _l("Lots and traceability"), "producer")
    add_nav(app, "trace.verify_queue", _l("Traceability checks"), "verifier")
    add_dashboard_panel(app, views.dashboard_panel)
    catalog.register_listing_section(app, views.listing_section)    # DQL, footprint, lots on product pages
    labels.register_queue_section(app, views.queue_section)         # open shortfalls in the verification queue
    sourcing.register_deal_section(app, views.deal_section)         # lots shipped under a deal
    register_job(app, "trace.open_overdue_flags", dt.timedelta(hours=1), jobs.open_overdue_flags_job,
                 "Flag lots recorded over a day ago whose recycled-content claim their inputs do not cover.")
    register_demo_step(app, 70, demo.demo_trace)
    from ..notifications.kinds import register_notification_category
    register_notification_category(app, "trace", _l("Traceability: dispatches and recycled-content flags"), "trace.", order=90)
