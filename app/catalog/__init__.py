"""Product listings of producer organisations: taxonomy, price tiers, photos, claims, search documents.

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

REQUIRES = ("orgs", "labels")


def init_app(app) -> None:
    from . import display

    display.register(app)  # display names of the domain's codes (app/display)
    from flask_babel import lazy_gettext as _l

    from ..api import register_api
    from ..demo import register_demo_step
    from ..indexing import register_document_builder
    from ..labels.services import on_claim_changed
    from ..orgs.events import on_organisation_profile_changed, on_organisation_status_changed
    from ..web import add_dashboard_panel, add_home_section, add_nav
    from . import api, cli, demo, documents, hooks, views

    app.register_blueprint(views.bp)                        # /listings, /producers/<id>, /my/listings…
    register_api(app, api.blp)                              # /api/v1/listings
    add_nav(app, "catalog.browse", _l("Products"), "public", order=20)
    add_nav(app, "catalog.my_listings", _l("My listings"), "producer")
    add_dashboard_panel(app, views.producer_panel)
    add_home_section(app, views.latest_listings)
    register_document_builder(app, "listing", documents.listing_one, documents.listings_for_index,
                              documents.listing_documents)
    # listing documents carry claims and the organisation's status, name and province
    on_claim_changed(app, hooks.claim_changed)
    on_organisation_status_changed(app, hooks.org_status_changed)
    on_organisation_profile_changed(app, hooks.org_profile_changed)
    app.cli.add_command(cli.catalog_cli)                    # flask catalog generate|documents
    register_demo_step(app, 20, demo.demo_catalog)
