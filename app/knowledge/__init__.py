"""Knowledge hub (issue 19, item 2): guides (sustainable market access, eco-design, cleaner production,
circular-economy models per sector), good-practice models (case template) and events (trainings and
awareness activities with registration, waiting list, attendance, materials and .ics). Content is
written in Markdown (rendered and sanitised), by editors an administrator appoints, reviewed by another
editor before publishing, versioned (every published revision kept), in Vietnamese and English. It is
searchable in the same search as listings (kind "knowledge") and linked from listings and organisation
profiles. `services.awareness_provinces` / `services.models_recorded` give the programme indicators
their figures.

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

import datetime as dt

REQUIRES = ("accounts", "orgs", "main", "catalog", "discovery")


def init_app(app) -> None:
    from . import display

    display.register(app)  # display names of the domain's codes (app/display)
    from flask_babel import lazy_gettext as _l

    from ..api import register_api
    from ..catalog.extensions import register_listing_section
    from ..demo import register_demo_step
    from ..discovery.services import register_search_section
    from ..indexing import register_document_builder
    from ..jobs import register_job
    from ..orgs.events import on_organisation_profile_changed, on_organisation_status_changed
    from ..web import add_dashboard_panel, add_home_section, add_nav, add_profile_section
    from . import api, demo, documents, editor_views, jobs, views

    app.register_blueprint(views.bp)                        # /knowledge/…
    app.register_blueprint(editor_views.bp)                 # /knowledge/editor/…
    register_api(app, api.blp)                              # /api/v1/knowledge…
    add_nav(app, "knowledge.index", _l("Knowledge hub"), "public", order=70)
    add_nav(app, "knowledge.my_events", _l("My events"), "member")
    add_nav(app, "knowledge_editor.editors", _l("Knowledge editors"), "admin")
    add_home_section(app, views.home_section)               # upcoming events
    add_dashboard_panel(app, views.dashboard_panel)         # editors: revisions waiting for review
    add_profile_section(app, views.profile_section)         # models of this organisation, guides for its sectors
    register_listing_section(app, views.listing_section)    # guides for the listing's sector
    register_search_section(app, views.search_section)      # knowledge results on the product search page
    register_document_builder(app, "knowledge", documents.knowledge_one, documents.knowledge_all,
                              documents.knowledge_many)
    # model documents carry their organisation's name
    on_organisation_profile_changed(app, documents.org_changed)
    on_organisation_status_changed(app, documents.org_changed)
    register_job(app, "knowledge.mail", dt.timedelta(minutes=1), jobs.mail_job,
                 "E-mail event registrations: confirmation, waiting list, promotion from the waiting list.")
    register_job(app, "knowledge.event_reminders", dt.timedelta(minutes=15), jobs.reminders_job,
                 "Remind registered participants ~24 h before an event (once each).")
    app.cli.add_command(jobs.knowledge_cli)                 # flask knowledge remind|grant-editor
    register_demo_step(app, 90, demo.demo_knowledge)
    from ..notifications.kinds import register_notification_category
    register_notification_category(app, "knowledge", _l("Knowledge hub: reviews and events"), "knowledge", "knowledge_event", order=80)
