"""Organisations: create or join one (producer, buyer, logistics, finance, fair organiser), members and
invitations, public profiles, admin approval; the `organisation` search documents; the organisation
events other domains follow (`events.on_organisation_status_changed` / `on_organisation_profile_changed`).

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

REQUIRES = ("accounts",)


def init_app(app) -> None:
    from . import display

    display.register(app)  # display names of the domain's codes (app/display)
    from flask_babel import lazy_gettext as _l

    from ..api import register_api
    from ..demo import register_demo_step
    from ..indexing import register_document_builder
    from ..web import add_nav
    from . import api, cli, demo, documents, views

    app.register_blueprint(views.bp)                        # /orgs/…
    register_api(app, api.blp)                              # /api/v1/organisations
    add_nav(app, "orgs.admin_list", _l("Organisations"), "admin")
    register_document_builder(app, "organisation", documents.organisation_one, documents.organisation_all,
                              documents.organisation_many)
    app.cli.add_command(cli.users_cli)                      # flask users create
    app.cli.add_command(cli.orgs_cli)                       # flask orgs approve|list
    register_demo_step(app, 0, demo.people_and_organisations)
    register_demo_step(app, 1000, demo.totals)
    from ..notifications.kinds import register_notification_category
    register_notification_category(app, "organisation", _l("Your organisation"), "org.", order=10)
    register_notification_category(app, "approvals", _l("Organisations waiting for approval (administrators)"), "admin.org_waiting", order=11)
