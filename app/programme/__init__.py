"""Programme (issue 17): the National SCP Programme's own view of the platform — indicators against the
national targets computed into snapshots by a job (pages never scan live tables), the public statistics
page with charts and CSV, programme officers (ministry-wide or one province) with drill-down, and the
annual Appendix II report (pre-filled, edited, submitted, exported as DOCX/XLSX, consolidated nationally).

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

import datetime as dt

REQUIRES = ("accounts", "orgs", "labels", "catalog", "sourcing", "fairs", "finance", "logistics", "knowledge")


def init_app(app) -> None:
    from . import display

    display.register(app)  # display names of the domain's codes (app/display)
    from flask_babel import lazy_gettext as _l

    from ..api import register_api
    from ..demo import register_demo_step
    from ..jobs import register_job
    from ..reference import register_seeder
    from ..web import add_dashboard_panel, add_nav
    from ..notifications.kinds import register_notification_category
    from . import api, cli, demo, officers, report_views, reports, snapshots, views

    app.register_blueprint(views.bp)                        # /statistics…
    app.register_blueprint(report_views.bp)                 # /programme/reports… (Appendix II)
    register_api(app, api.blp)                              # /api/v1/programme…
    add_nav(app, "programme.statistics", _l("Statistics"), "public", order=95)
    add_dashboard_panel(app, views.officer_panel)           # officers: statistics, drill-down, annual report
    register_seeder(app, officers.seed_units)               # the ministry unit and 34 provincial departments
    register_job(app, "programme.snapshot", dt.timedelta(minutes=5), snapshots.daily_job,
                 "Compute the programme's indicators into a snapshot once a day, or when an officer asks "
                 "(pages read only snapshots).")
    register_job(app, "programme.report_reminders", dt.timedelta(hours=6), reports.reminders_job,
                 "From 1 December, once a day, remind units that have not submitted this year's Appendix II report.")
    register_notification_category(app, "programme", _l("Programme: annual reports and reminders"), "programme.",
                                   order=95)
    app.cli.add_command(cli.programme_cli)                  # flask programme snapshot|show|grant-officer
    register_demo_step(app, 95, demo.demo_programme)        # officers (ministry, Hồ Chí Minh City), a snapshot
