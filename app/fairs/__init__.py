"""Trade promotion: fairs run by fair-organiser organisations (booths, applications, exhibitor
catalogue, B2B meetings, leads, organiser report) and sponsored listing placements.

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

import datetime as dt

REQUIRES = ("accounts", "orgs", "catalog", "discovery", "payments")


def init_app(app) -> None:
    from . import display

    display.register(app)  # display names of the domain's codes (app/display)
    from flask_babel import lazy_gettext as _l

    from ..api import register_api
    from ..demo import register_demo_step
    from ..discovery.services import register_sponsored_provider
    from ..indexing import register_document_builder
    from ..jobs import register_job
    from ..payments.registry import register_purpose
    from ..web import add_dashboard_panel, add_nav
    from . import api, demo, jobs, promotions, search, services, views

    app.register_blueprint(views.bp)                        # /fairs/…
    register_api(app, api.blp)                              # /api/v1/fairs…
    add_nav(app, "fairs.index", _l("Trade fairs"), "public", order=40)
    add_nav(app, "fairs.my_fairs", _l("My fairs"), "member")
    add_nav(app, "fairs.promotions_page", _l("Sponsored listings"), "producer")
    add_dashboard_panel(app, views.dashboard_panel)
    register_document_builder(app, "fair", search.fair_one, search.fair_all, search.fair_many)
    register_purpose(app, services.booth_payment_purpose())  # paying a booth fee confirms the booth
    register_purpose(app, promotions.payment_purpose())     # paying a package starts the promotion
    register_sponsored_provider(app, promotions.sponsored_provider)  # sponsored results on search pages
    register_job(app, "fairs.meeting_reminders", dt.timedelta(minutes=15), jobs.meeting_reminders_job,
                 "E-mail both parties of a fair meeting ~24 h and ~1 h before it (once each).")
    app.cli.add_command(jobs.fairs_cli)                     # flask fairs remind
    register_demo_step(app, 80, demo.demo_fairs)
    from ..notifications.kinds import register_notification_category
    register_notification_category(app, "fairs", _l("Trade fairs: applications, dates, booth fees"), "fair", "fair_application", "fair_payment", order=50)
    register_notification_category(app, "meetings", _l("B2B meetings: requested, accepted, changed, cancelled, reminders"), "fair_meeting", order=51)
