"""Accounts: people — registration with e-mail confirmation, sign-in, password reset, profile, API tokens.

Front door: `init_app(app)` below is everything this domain adds to the app.
"""
from __future__ import annotations

REQUIRES: tuple[str, ...] = ()


def init_app(app) -> None:
    from . import display

    display.register(app)  # display names of the domain's codes (app/display)
    from ..api import register_api, set_token_resolver
    from ..extensions import login_manager
    from . import api, services, views

    app.register_blueprint(views.bp)                        # /register, /login, /account…
    register_api(app, api.blp)                              # /api/v1/auth (tokens, registration)
    login_manager.user_loader(services.user_loader)         # the session's user
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    set_token_resolver(app, services.user_for_api_token)    # bearer tokens on /api/v1
