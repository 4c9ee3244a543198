"""Green finance: banks and funds post offers, businesses see which ones they qualify for and send
an expression of interest with explicit consent (issue 7).

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

import datetime as dt

REQUIRES = ("orgs", "labels", "catalog")


def init_app(app) -> None:
    from . import display

    display.register(app)  # display names of the domain's codes (app/display)
    from flask_babel import lazy_gettext as _l

    from ..api import register_api
    from ..demo import register_demo_step
    from ..indexing import register_document_builder
    from ..jobs import register_job
    from ..orgs.events import on_organisation_profile_changed, on_organisation_status_changed
    from ..web import add_dashboard_panel, add_nav
    from . import api, demo, jobs, need_views, offer_search, views

    app.register_blueprint(views.bp)                        # /finance/…
    app.register_blueprint(need_views.bp)                   # /finance/needs/…
    register_api(app, api.blp)                              # /api/v1/finance…
    add_nav(app, "finance.offers_page", _l("Green finance"), "public", order=60)
    add_nav(app, "finance.manage", _l("My offers"), "finance")
    add_nav(app, "finance.leads", _l("Leads"), "finance")
    add_nav(app, "finance.for_you", _l("Finance for you"), *views.BUSINESS_KINDS)
    add_nav(app, "finance_needs.needs", _l("Financing needs"), *views.BUSINESS_KINDS)
    add_nav(app, "finance_needs.matching", _l("Needs that fit"), "finance")
    add_dashboard_panel(app, views.bank_panel)
    add_dashboard_panel(app, views.business_panel)
    register_document_builder(app, "offer", offer_search.offer_one, offer_search.offer_all, offer_search.offer_many)
    # offer documents carry the institution's status, name and province
    on_organisation_status_changed(app, offer_search.org_status_changed)
    on_organisation_profile_changed(app, offer_search.org_profile_changed)
    register_job(app, "finance.close_expired_offers", dt.timedelta(hours=1), jobs.close_expired_job,
                 "Close finance offers past their validity window and notify the institution.")
    register_job(app, "finance.notify_need_matches", dt.timedelta(minutes=10), jobs.notify_need_matches_job,
                 "Tell banks (e-mail and in-app) about new consented financing needs that fit their offers.")
    app.cli.add_command(jobs.finance_cli)                   # flask finance close-expired
    register_demo_step(app, 70, demo.demo_finance)
    from ..notifications.kinds import register_notification_category
    register_notification_category(app, "finance", _l("Green finance: leads and offers"), "finance.", "finance_offer", order=60)
