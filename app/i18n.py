"""Language selection and message catalogues.

Vietnamese is the default; English is the second language. The choice comes from `?lang=`, then the
session, then the signed-in user's preference, then the browser's Accept-Language.
Each domain may keep its own catalogue in `app/<domain>/translations/` (so parallel work on
domains doesn't fight over one file); all are merged. `.po` files are compiled to `.mo` on start-up
when missing or older than their source, so a fresh clone needs no extra step.
"""
from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, has_request_context, request, session
from flask_login import current_user

APP_DIR = Path(__file__).parent


def translation_directories() -> list[str]:
    dirs = [APP_DIR / "translations"] + sorted(APP_DIR.glob("*/translations"))
    return [str(d) for d in dirs if d.is_dir()]


def compile_catalogues() -> None:
    for directory in translation_directories():
        for po_path in Path(directory).glob("*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as f:
                catalog = read_po(f)
            tmp = mo_path.with_suffix(f".mo.{os.getpid()}.tmp")  # parallel starts (xdist, workers) each write their own
            with tmp.open("wb") as f:
                write_mo(f, catalog)
            tmp.replace(mo_path)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI, background jobs: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    lang = request.args.get("lang")
    if lang in languages:
        session["lang"] = lang
        return lang
    if session.get("lang") in languages:
        return session["lang"]
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    if request.path.startswith("/api/"):
        return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    from .extensions import babel

    compile_catalogues()
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(translation_directories())
    babel.init_app(app, locale_selector=select_locale)
