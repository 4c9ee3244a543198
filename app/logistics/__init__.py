"""Green logistics: provider profiles, shipment CO2e estimator, provider matching, transport quotes.
On sourcing's pages (through `app.sourcing.extensions`): the deal's transport, providers per lane on
requests, the transport CO2e column of the quote comparison.

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

REQUIRES = ("orgs", "sourcing")


def init_app(app) -> None:
    from . import display

    display.register(app)  # display names of the domain's codes (app/display)
    from flask_babel import lazy_gettext as _l

    from ..api import register_api
    from ..demo import register_demo_step
    from ..indexing import register_document_builder
    from ..orgs.events import on_organisation_profile_changed, on_organisation_status_changed
    from ..sourcing import extensions as sourcing
    from ..web import add_dashboard_panel, add_nav
    from . import api, deals, demo, documents, views

    app.register_blueprint(views.bp)                        # /logistics/…
    register_api(app, api.blp)                              # /api/v1/logistics…
    add_nav(app, "logistics.providers", _l("Green logistics"), "public", order=50)
    add_nav(app, "logistics.shipments", _l("Shipments"), "producer", "buyer")
    add_nav(app, "logistics.requests", _l("Transport requests"), "logistics")
    add_nav(app, "logistics.verify_queue", _l("Emission intensities"), "verifier")
    add_dashboard_panel(app, views.dashboard_panel)
    register_document_builder(app, "provider", documents.provider_one, documents.provider_all,
                              documents.provider_many)
    # provider documents carry the organisation's status, name and province
    on_organisation_status_changed(app, documents.reindex_provider)
    on_organisation_profile_changed(app, documents.provider_profile_changed)
    sourcing.register_deal_section(app, deals.deal_transport)          # transport on the deal page
    sourcing.register_rfq_section(app, deals.rfq_providers)            # providers per lane on requests
    sourcing.register_transport_estimator(app, deals.estimate_for_shipping)  # CO2e column of quote comparison
    register_demo_step(app, 60, demo.logistics_profiles)
    from ..notifications.kinds import register_notification_category
    register_notification_category(app, "logistics", _l("Logistics: transport quotes and verification"), "logistics.", order=70)
