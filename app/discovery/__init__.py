"""Discovery (issue 10): listing and organisation search over the search/ package.

app/indexing keeps the index in step with SQL through the outbox; this package reads it: services
(query building, hydration, facets), the JSON API and the HTML page. Other domains extend it from their
`init_app` with `services.register_sponsored_provider` / `register_facet_labeller` / `register_hydrator`.

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

REQUIRES = ("orgs", "labels", "catalog")


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from ..api import register_api
    from ..web import add_home_section, add_nav
    from . import api, hydrate, services, views

    app.register_blueprint(views.bp)                        # /search
    register_api(app, api.blp)                              # /api/v1/listings/search, /api/v1/organisations/search…
    add_nav(app, "discovery.search_page", _l("Search"), "public", order=10)
    add_home_section(app, views.home_search_box)
    services.register_hydrator(app, "listing", hydrate.hydrate_listings)
    services.register_facet_labeller(app, "province", services.province_labels)
    services.register_facet_labeller(app, "category", hydrate.category_labels)
    services.register_facet_labeller(app, "label", hydrate.label_names)
    services.register_facet_labeller(app, "label_kind", hydrate.label_kind_labels)
    services.register_facet_labeller(app, "export_market", hydrate.market_names)
