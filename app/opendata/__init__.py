"""Open data for the region and the world: schema.org JSON-LD in listing, organisation and label pages,
sitemap.xml and robots.txt, the API reference page, and nightly bulk exports (CSV and JSON-LD) of
public data with their DCAT-AP catalogue at /open-data. Only what the site already shows publicly;
personal data never leaves.

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

import datetime as dt

REQUIRES = ("orgs", "labels", "catalog", "trace", "programme")


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from ..jobs import register_job
    from ..web import add_nav, add_structured_data
    from . import cli, jsonld, views

    app.register_blueprint(views.bp)                         # /open-data, /sitemap.xml, /robots.txt, /api/docs
    add_nav(app, "opendata.index", _l("Open data"), "footer")
    add_nav(app, "opendata.api_docs", _l("API reference"), "footer")
    add_structured_data(app, "catalog.detail", jsonld.for_listing_page)        # Product + hasCertification
    add_structured_data(app, "catalog.storefront", jsonld.for_storefront_page)  # Organization
    add_structured_data(app, "labels.label_detail", jsonld.for_label_page)     # DefinedTerm
    register_job(app, "opendata.export", dt.timedelta(hours=24), cli.export_job,
                 "Nightly open-data exports (CSV, JSON-LD) and the DCAT-AP catalogue.")
    app.cli.add_command(cli.opendata_cli)                    # flask opendata export
