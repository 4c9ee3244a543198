"""Payments: booth fees and promotion packages, by Stripe (PaymentIntents + Payment Element) or by bank
transfer with manual confirmation. Generic: other domains register what a paid purpose grants
(`registry.register_purpose(app, Purpose(...))` from their `init_app`).

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

REQUIRES = ("orgs",)


def init_app(app) -> None:
    from . import display

    display.register(app)  # display names of the domain's codes (app/display)
    from flask_babel import lazy_gettext as _l

    from ..api import register_api
    from ..extensions import csrf
    from ..web import add_nav
    from . import api, views

    app.register_blueprint(views.bp)                        # /payments/…
    csrf.exempt(views.stripe_webhook)                       # authenticated by Stripe's signature instead
    register_api(app, api.blp)                              # /api/v1/payments
    add_nav(app, "payments.admin_list", _l("Payments"), "admin")
    add_nav(app, "payments.payee_account", _l("Bank account for payments"), "fair_organiser", order=90)
    import datetime as dt

    from ..jobs import register_job
    from . import receipts

    register_job(app, "payments.receipts", dt.timedelta(minutes=1), receipts.receipts_job,
                 "Build the PDF receipt of every payment that has arrived.")
    from ..notifications.kinds import register_notification_category
    register_notification_category(app, "payments", _l("Payments"), "payment", order=40)
