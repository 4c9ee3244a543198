"""Label registry and evidence-backed claims (certifications) with a verifier workflow.

A claim targets an organisation (org-level, e.g. ISO 14001, FSC chain of custody) or one of its
listings. Only a *verified* claim whose `valid_until` is today or later counts as certified
(`Claim.is_certified`); everything that shows a badge or builds a search document asks that.
Other domains follow claim changes with `services.on_claim_changed(app, fn)`.

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

import datetime as dt

REQUIRES = ("orgs",)


def init_app(app) -> None:
    from . import display

    display.register(app)  # display names of the domain's codes (app/display)
    from flask_babel import lazy_gettext as _l

    from ..api import register_api
    from ..jobs import register_job
    from ..reference import register_seeder
    from ..web import add_nav
    from . import api, cli, registry, views

    app.register_blueprint(views.bp)                        # /labels, /verify…
    register_api(app, api.blp)                              # /api/v1/labels, /api/v1/claims
    add_nav(app, "labels.registry", _l("Labels"), "public", order=30)
    add_nav(app, "labels.queue", _l("Verification queue"), "verifier")
    add_nav(app, "labels.admin_labels", _l("Label registry"), "admin")
    register_seeder(app, registry.seed_labels)              # the label registry (reference data)
    register_job(app, "claims.expire", dt.timedelta(hours=1), cli.expire_job, "Expire claims past their validity date.")
    register_job(app, "claims.remind", dt.timedelta(hours=12), cli.remind_job,
                 "30-day expiry reminders (once per claim).")
    app.cli.add_command(cli.claims_cli)                     # flask claims expire|remind
    from ..notifications.kinds import register_notification_category
    register_notification_category(app, "claims", _l("Label claims: verified, rejected, expiring"), "claim.", order=20)
