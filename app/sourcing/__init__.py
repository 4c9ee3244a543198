"""Supply–demand matching: sourcing requests (RFQs), explained matches, quotes, deals, messages,
saved searches with reverse matching, and supplier responsiveness; a buyer's buttons on listing pages
and storefronts (direct inquiries, messages to suppliers and the inbox, saved products, followed
suppliers, adding a listing to a request). Higher domains (logistics) add
parts to its pages through `extensions` (deal sections, request sections, transport estimates).

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

import datetime as dt

REQUIRES = ("accounts", "orgs", "labels", "catalog", "discovery")


def init_app(app) -> None:
    from . import display

    display.register(app)  # display names of the domain's codes (app/display)
    from flask_babel import lazy_gettext as _l

    from ..api import register_api
    from ..demo import register_demo_step
    from ..indexing import register_after_index
    from ..jobs import register_job
    from ..catalog.extensions import register_listing_action
    from ..web import add_dashboard_panel, add_nav, add_profile_action, add_profile_section
    from . import alerts, api, buying_api, buying_views, cli, demo, reminders, views
    from .services import saved

    app.register_blueprint(views.bp)                        # /sourcing/…
    app.register_blueprint(buying_views.bp)                 # a buyer's buttons: inquiries, /messages, /saved
    register_api(app, api.blp)                              # /api/v1/rfqs, quotes, deals, saved searches…
    register_api(app, buying_api.blp)                       # /api/v1/inquiries, conversations, saved…
    add_nav(app, "sourcing.rfq_list", _l("Sourcing requests"), "buyer")
    add_nav(app, "sourcing.open_requests", _l("Open requests"), "producer")
    add_nav(app, "buying.inbox", _l("Messages"), "buyer", "producer", order=110)
    add_nav(app, "buying.saved", _l("Saved"), "member", order=120)
    register_listing_action(app, buying_views.listing_actions)   # Request a quote / Message / Save / Add to request
    add_profile_action(app, buying_views.supplier_actions)        # Request a quote / Message / Follow on storefronts
    add_dashboard_panel(app, views.dashboard_panel)
    add_profile_section(app, views.responsiveness_section)  # supplier responsiveness on producer profiles
    # reverse matching, off the request path: the indexer hands over the listings it just indexed
    register_after_index(app, "listing", alerts.listings_indexed)
    register_after_index(app, "listing", saved.listings_indexed)  # saved products and followed suppliers
    register_job(app, "rfqs.expire", dt.timedelta(hours=1), cli.expire_job, "Expire requests past their closing date.")
    register_job(app, "sourcing.reminders", dt.timedelta(hours=1), reminders.reminders_job,
                 "Remind buyers and invited suppliers before a request closes, and both sides before a quote expires.")
    register_job(app, "sourcing.digest", dt.timedelta(days=1), cli.digest_job,
                 "Daily e-mail digest of match notifications.")
    register_job(app, "sourcing.watch", dt.timedelta(minutes=10), saved.watch_job,
                 "Tell users about changes of saved products and new listings of followed suppliers.")
    app.cli.add_command(cli.rfqs_cli)                       # flask rfqs expire
    app.cli.add_command(cli.sourcing_cli)                   # flask sourcing digest
    register_demo_step(app, 50, demo.demo_sourcing)
    from ..notifications.kinds import register_notification_category
    register_notification_category(app, "rfqs", _l("Requests for quotes: invitations, closing, matches"), "sourcing.invited", "sourcing.invitation_declined", "sourcing.rfq_", "sourcing.inquiry", order=30)
    register_notification_category(app, "quotes", _l("Quotes: new, declined, expiring"), "sourcing.quote", "sourcing.quote_", order=31)
    register_notification_category(app, "deals", _l("Deals"), "sourcing.deal", order=32)
    register_notification_category(app, "messages", _l("Messages about requests"), "sourcing.message", order=33)
    register_notification_category(app, "supplier_messages", _l("Messages between buyers and suppliers"),
                                   "sourcing.direct_message", order=34)
    register_notification_category(app, "saved", _l("Saved products and followed suppliers"),
                                   "sourcing.saved_", "sourcing.followed_", order=35)
