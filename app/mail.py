"""Outgoing e-mail. SMTP when MAIL_SERVER is set; otherwise each message is written as an .eml
file to MAIL_OUTBOX_DIR (instance/mail_outbox/ by default) so every flow works offline."""
from __future__ import annotations

import re
import smtplib
import ssl
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from urllib.parse import urlsplit

from flask import current_app, render_template

from . import clock

# Python's default policy folds long non-ASCII headers into encoded words and drops the space between two of
# them ("Sản phẩm" arrived as "Sảnphẩm" in Vietnamese subjects); unfolded up to RFC 5322's 998 it keeps them.
POLICY = email_policy.default.clone(max_line_length=998)


def public_base() -> str:
    """The configured public address (BASE_URL) without its trailing slash. Links that leave the site —
    every link in every e-mail, return URLs handed to payment providers — are built from it, never from
    the request's Host header (a forged Host would otherwise put the attacker's domain in front of a
    genuine reset or confirmation token)."""
    return (current_app.config.get("BASE_URL") or "http://localhost/").rstrip("/")


def public_url(endpoint: str, **values) -> str:
    """`url_for(endpoint, **values)` as an absolute URL under BASE_URL, with or without a request."""
    base = urlsplit(public_base() + "/")
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def public_link(path: str) -> str:
    """A site path (`/sourcing/rfqs/3`) as an absolute URL under BASE_URL."""
    return public_base() + "/" + path.lstrip("/")


def send(to: str, subject: str, template: str, *, headers: dict[str, str] | None = None, **context) -> EmailMessage:
    """Render `templates/email/<template>.txt` (and `.html` if present) and deliver it. `headers` adds
    header fields (e.g. List-Unsubscribe)."""
    cfg = current_app.config
    msg = EmailMessage(policy=POLICY)
    msg["From"] = cfg["MAIL_DEFAULT_SENDER"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="greenconnect.local")
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(render_template(f"email/{template}.txt", **context))
    try:
        html = render_template(f"email/{template}.html", **context)
    except Exception:  # noqa: BLE001 - an HTML part is optional
        html = None
    if html:
        msg.add_alternative(html, subtype="html")
    if cfg.get("MAIL_SERVER"):
        _send_smtp(msg)
    else:
        _write_outbox(msg)
    return msg


def _send_smtp(msg: EmailMessage) -> None:
    cfg = current_app.config
    if cfg["MAIL_USE_SSL"]:
        server: smtplib.SMTP = smtplib.SMTP_SSL(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], context=ssl.create_default_context(), timeout=20)
    else:
        server = smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=20)
    with server:
        if cfg["MAIL_USE_TLS"] and not cfg["MAIL_USE_SSL"]:
            server.starttls(context=ssl.create_default_context())
        if cfg["MAIL_USERNAME"]:
            server.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
        server.send_message(msg)


def _write_outbox(msg: EmailMessage) -> Path:
    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%dT%H%M%S%f")
    safe_to = re.sub(r"[^A-Za-z0-9@._-]", "_", msg["To"])
    path = outbox / f"{stamp}-{safe_to}.eml"
    path.write_bytes(bytes(msg))
    return path


def outbox_messages(to: str | None = None) -> list[EmailMessage]:
    """Messages in the local outbox, oldest first (used by tests and the README's walkthrough)."""
    from email import policy
    from email.parser import BytesParser

    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    if not outbox.exists():
        return []
    out = []
    for path in sorted(outbox.glob("*.eml")):
        m = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        if to is None or m["To"] == to:
            out.append(m)
    return out


def send_notifications(mails: list[tuple[str, str, str, str]], *, what: str = "notification") -> None:
    """E-mail in-app notifications `(to, title, body, path)` with the `notification` template, the path
    made absolute with BASE_URL. Each mail is best effort (the in-app notification is already saved; a
    failure is logged as "`what` to <address> failed"). Works outside a request too (jobs, CLI): the
    templates' context processors need a request context, so one is made up when there is none."""
    from flask import has_request_context

    def send_all():
        for to, title, body, path in mails:
            try:
                send(to, title, "notification", title=title, body=body, url=public_link(path) if path else "")
            except Exception:  # noqa: BLE001 - the in-app notification is already there
                current_app.logger.exception("%s to %s failed", what, to)

    if has_request_context():
        send_all()
    else:
        with current_app.test_request_context("/"):
            send_all()
