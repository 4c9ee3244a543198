"""GreenConnect application factory."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent

# Blueprints in registration order: (import path, attribute). A domain adds itself here.
BLUEPRINTS = [
    ("app.main.views", "bp"),
    ("app.accounts.views", "bp"),
    ("app.orgs.views", "bp"),
    ("app.labels.views", "bp"),
    ("app.catalog.views", "bp"),
    ("app.discovery.views", "bp"),
    ("app.sourcing.views", "bp"),
    ("app.payments.views", "bp"), ("app.fairs.views", "bp"),
    ("app.finance.views", "bp"),
    ("app.logistics.views", "bp"),
]
API_BLUEPRINTS = [
    ("app.accounts.api", "blp"),
    ("app.orgs.api", "blp"),
    ("app.labels.api", "blp"),
    ("app.catalog.api", "blp"),
    ("app.discovery.api", "blp"),
    ("app.sourcing.api", "blp"),
    ("app.finance.api", "blp"),
    ("app.logistics.api", "blp"),
    ("app.main.api", "blp"),
    ("app.payments.api", "blp"), ("app.fairs.api", "blp"),
]


def create_app(config: object | str | None = None, **overrides) -> Flask:
    from config import CONFIGS, DEV_SECRET_KEY, INSTANCE_DIR

    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    if config is None:
        config = os.environ.get("APP_ENV", "development")
    app.config.from_object(CONFIGS[config] if isinstance(config, str) else config)
    app.config.update(overrides)
    if app.config.get("REQUIRE_REAL_SECRET_KEY") and app.config["SECRET_KEY"] in ("", DEV_SECRET_KEY):
        raise RuntimeError("Set SECRET_KEY in the environment: production must not run with the development key.")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from . import i18n, models  # noqa: F401  (models: complete metadata)
    from .api import api
    from .errors import register_error_handlers
    from .extensions import csrf, db, limiter, login_manager, migrate
    from .security import install_security_headers
    from .web import install_template_helpers

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None

    from .accounts.services import user_loader

    login_manager.user_loader(user_loader)

    import importlib

    for module, attr in BLUEPRINTS:
        app.register_blueprint(getattr(importlib.import_module(module), attr))
    from .api import install_api_guards

    api.init_app(app)
    install_api_guards(app)
    for module, attr in API_BLUEPRINTS:
        blp = getattr(importlib.import_module(module), attr)
        csrf.exempt(blp)  # the API authenticates with bearer tokens, not cookies
        api.register_blueprint(blp)

    register_error_handlers(app)
    install_security_headers(app)
    install_template_helpers(app)

    from .cli import register_cli

    register_cli(app)
    return app
