"""Accounts: registration, e-mail confirmation, login, password reset, API tokens.

Services take plain values and return models; they commit once, and raise domain errors that the
edges (pages, API) render.
"""
from __future__ import annotations

import datetime as dt

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from .. import clock, mail
from ..errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed
from ..extensions import db
from ..notifications.services import audit
from ..security import hash_password, new_token, token_digest, verify_dummy, verify_password
from ..validation import load
from .models import ApiToken, PlatformRole, User

MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str) -> str:
    try:
        return validate_email((email or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationFailed(_("Please check the e-mail address."), {"email": [str(exc)]}) from exc


def check_password_strength(password: str) -> list[str]:
    problems = []
    if len(password or "") < MIN_PASSWORD_LENGTH:
        problems.append(_("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH))
    elif password.isdigit() or password.lower() == password and password.isalpha():
        problems.append(_("Mix letters with digits or symbols."))
    return problems


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email.strip().lower()))


def register(email: str, password: str, full_name: str = "", locale: str = "vi", *,
             role: PlatformRole = PlatformRole.user, confirmed: bool = False, send_mail: bool = True,
             next_path: str | None = None) -> User:
    """``next_path``: where the confirmation link leads after sign-in (a path on this site; see
    `send_confirmation`)."""
    email = normalise_email(email)
    problems = check_password_strength(password)
    if problems:
        raise ValidationFailed(_("Please choose a stronger password."), {"password": problems})
    if get_user_by_email(email):
        raise Conflict(_("An account with this e-mail already exists."), {"email": [_("Already registered.")]})
    user = User(email=email, password_hash=hash_password(password), full_name=(full_name or "").strip()[:120],
                locale=locale if locale in ("vi", "en") else "vi", platform_role=role,
                email_confirmed_at=clock.now() if confirmed else None)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:  # the same address registered a moment ago by a parallel request (users.email unique)
        db.session.rollback()
        raise Conflict(_("An account with this e-mail already exists."), {"email": [_("Already registered.")]}) from None
    audit(user.id, "user.registered", "user", user.id)
    db.session.commit()
    if send_mail and not confirmed:
        try:
            send_confirmation(user, next_path)
        except Exception:  # noqa: BLE001 - the account is saved; signing in sends a new link
            current_app.logger.exception("confirmation e-mail to %s failed", user.email)
    return user


def sign_up(data: dict, *, next_path: str | None = None) -> str:
    """Self-service registration that never tells whether the address already has an account: a new
    address gets its account and a confirmation link; a taken one changes nothing, and its owner is
    e-mailed instead (with links to sign in or reset the password). Either way the caller sees the same
    answer — the normalised address to check. Input problems (address format, weak password) are still
    422: they say nothing about other people's accounts. `data`: schemas.SignUpInput. `next_path`: the page
    the visitor was on their way to (e.g. a prefilled quote request), carried through the e-mail links."""
    from .schemas import SignUpInput

    values = load(SignUpInput, data)
    email, password = values["email"], values["password"]
    full_name, locale = values.get("full_name") or "", values.get("locale") or "vi"
    existing = get_user_by_email(email)
    if existing is None:
        try:
            return register(email, password, full_name, locale, next_path=next_path).email
        except Conflict:  # registered a moment ago by a parallel request: treat as existing
            db.session.rollback()
            existing = get_user_by_email(email)
            if existing is None:
                raise
    verify_dummy(password)  # about the time a new account's password hash takes
    try:
        mail.send(existing.email, _("Someone tried to register with your e-mail address"), "already_registered",
                  user=existing, login=mail.public_url("accounts.login", next=_safe_path(next_path)),
                  forgot=mail.public_url("accounts.forgot_password"))
    except Exception:  # noqa: BLE001 - same answer whatever happens to the mail
        current_app.logger.exception("already-registered e-mail to %s failed", existing.email)
    return existing.email


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _max_age() -> int:
    return current_app.config["EMAIL_TOKEN_MAX_AGE"]


def _safe_path(target: str | None) -> str | None:
    """`target` if it is a path on this site (never another host, scheme or a relative path), else None."""
    from ..security import safe_next

    return safe_next(target, "") or None


def send_confirmation(user: User, next_path: str | None = None) -> None:
    """E-mail the confirmation link (absolute, under BASE_URL). A safe `next_path` is signed into the
    token: after confirming and signing in, the user lands there."""
    payload = {"uid": user.id, "email": user.email}
    next_path = _safe_path(next_path)
    if next_path:
        payload["next"] = next_path
    token = _serializer("confirm-email").dumps(payload)
    link = mail.public_url("accounts.confirm_email", token=token)
    mail.send(user.email, _("Confirm your GreenConnect account"), "confirm_email", user=user, link=link)


def _confirmation(token: str) -> dict:
    try:
        data = _serializer("confirm-email").loads(token, max_age=_max_age())
    except SignatureExpired as exc:
        raise ValidationFailed(_("This confirmation link has expired. Request a new one.")) from exc
    except BadSignature as exc:
        raise ValidationFailed(_("This confirmation link is not valid.")) from exc
    return data if isinstance(data, dict) else {}


def confirmation_next(token: str) -> str | None:
    """The page a (valid) confirmation link leads to after sign-in, if the sign-up carried one."""
    return _safe_path(_confirmation(token).get("next"))


def confirm_email(token: str) -> User:
    data = _confirmation(token)
    user = db.session.get(User, data.get("uid"))
    if user is None or user.email != data.get("email"):
        raise ValidationFailed(_("This confirmation link is not valid."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = clock.now()
        audit(user.id, "user.email_confirmed", "user", user.id)
        db.session.commit()
    return user


def authenticate(email: str, password: str) -> User:
    user = get_user_by_email(email or "")
    if user is None:
        verify_dummy(password or "")
        raise Unauthorized(_("Wrong e-mail or password."))
    if not verify_password(user.password_hash, password or ""):
        raise Unauthorized(_("Wrong e-mail or password."))
    if not user.is_active_account:
        raise Unauthorized(_("This account is disabled."))
    return user


def sign_in(data: dict, *, next_path: str | None = None) -> User:
    """`authenticate`, and the e-mail address must be confirmed (pages and API tokens alike). A user
    who has not confirmed yet gets a fresh confirmation link (the first may be lost or expired), which
    leads to `next_path` like the first one. `data`: schemas.SignInInput (e-mail and password)."""
    from .schemas import SignInInput

    values = load(SignInInput, data)
    return _sign_in(values["email"], values["password"], next_path)


def sign_in_for_token(data: dict) -> tuple[User, str]:
    """The API's sign-in: e-mail, password and a name for the token (schemas.TokenRequestInput) → the user
    and a new bearer token."""
    from .schemas import TokenRequestInput

    values = load(TokenRequestInput, data)
    user = _sign_in(values["email"], values["password"])
    return user, issue_api_token(user, values.get("name") or "api")


def _sign_in(email: str, password: str, next_path: str | None = None) -> User:
    user = authenticate(email, password)
    if not user.email_confirmed:
        send_confirmation(user, next_path)
        raise Forbidden(_("Please confirm your e-mail address first: we sent you a link."))
    return user


def send_password_reset(data: dict) -> None:
    """Always behaves the same whether or not the account exists (no account enumeration); `data`:
    schemas.ForgotInput."""
    from .schemas import ForgotInput

    email = load(ForgotInput, data)["email"]
    try:
        email = normalise_email(email)
    except ValidationFailed:
        return
    user = get_user_by_email(email)
    if user is None:
        return
    token = _serializer("reset-password").dumps({"uid": user.id, "stamp": user.security_stamp})
    link = mail.public_url("accounts.reset_password", token=token)
    mail.send(user.email, _("Reset your GreenConnect password"), "reset_password", user=user, link=link)


def reset_password(token: str, data: dict) -> User:
    """A new password from the e-mailed link; `data`: schemas.ResetInput."""
    from .schemas import ResetInput

    new_password = load(ResetInput, data)["password"]
    try:
        data = _serializer("reset-password").loads(token, max_age=3600 * 2)
    except SignatureExpired as exc:
        raise ValidationFailed(_("This reset link has expired. Request a new one.")) from exc
    except BadSignature as exc:
        raise ValidationFailed(_("This reset link is not valid.")) from exc
    user = db.session.get(User, data.get("uid"))
    if user is None or user.security_stamp != data.get("stamp"):
        raise ValidationFailed(_("This reset link has already been used or is not valid."))
    user.password_hash = hash_password(new_password)
    bump_security_stamp(user)
    # A user who could read the reset e-mail owns the address.
    user.email_confirmed_at = user.email_confirmed_at or clock.now()
    audit(user.id, "user.password_reset", "user", user.id)
    db.session.commit()
    return user


def update_profile(user: User, data: dict) -> User:
    """Name, phone and language (fields left out keep their value); `data`: schemas.UserProfileInput."""
    from .schemas import UserProfileInput

    values = load(UserProfileInput, data, partial=True)
    for key in ("full_name", "phone"):
        if key in values:
            setattr(user, key, values[key] or "")
    if values.get("locale"):
        user.locale = values["locale"]
    db.session.commit()
    return user


def change_password(user: User, data: dict) -> None:
    """`data`: schemas.PasswordChangeInput (the current password and the new one)."""
    from .schemas import PasswordChangeInput

    values = load(PasswordChangeInput, data)
    new = values["new_password"]
    if not verify_password(user.password_hash, values["current_password"]):
        raise ValidationFailed(_("Current password is wrong."), {"current_password": [_("Wrong password.")]})
    user.password_hash = hash_password(new)
    bump_security_stamp(user)
    audit(user.id, "user.password_changed", "user", user.id)
    db.session.commit()


def bump_security_stamp(user: User) -> None:
    """End every session, reset link and API token of `user` (they all carry the stamp). The caller
    commits."""
    user.security_stamp += 1


def set_account_active(user: User, active: bool, *, by: User | None = None) -> User:
    """Deactivate (sessions and tokens end at once) or reactivate an account."""
    if user.is_active_account == active:
        return user
    user.is_active_account = active
    if not active:
        bump_security_stamp(user)
    audit(by.id if by else None, "user.activated" if active else "user.deactivated", "user", user.id)
    db.session.commit()
    return user


# Writing last_used_at on every API call would make each call a write; once per interval is enough.
_LAST_USED_EVERY = dt.timedelta(minutes=5)


def issue_api_token(user: User, name: str = "api") -> str:
    token, digest = new_token()
    now = clock.now()
    db.session.add(ApiToken(user_id=user.id, token_hash=digest, name=name[:80], created_at=now,
                            expires_at=now + dt.timedelta(days=current_app.config["API_TOKEN_TTL_DAYS"]),
                            security_stamp=user.security_stamp))
    audit(user.id, "user.token_created", "user", user.id, {"name": name[:80]})
    db.session.commit()
    return token


def user_for_api_token(token: str) -> User | None:
    row = db.session.scalar(db.select(ApiToken).where(ApiToken.token_hash == token_digest(token)))
    now = clock.now()
    if row is None or row.status(now) != "active" or not row.user.is_active_account:
        return None
    if row.last_used_at is None or now - row.last_used_at >= _LAST_USED_EVERY:
        db.session.execute(db.update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now))
        db.session.commit()
    return row.user


def api_tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (only digests are stored: a token is shown once, when issued)."""
    return list(db.session.scalars(db.select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke_user_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (another user's token is a 404, like a missing one)."""
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound(_("No such token."))
    if row.revoked_at is None:
        row.revoked_at = clock.now()
        audit(user.id, "user.token_revoked", "user", user.id, {"token_id": row.id, "name": row.name})
        db.session.commit()
    return row


def revoke_api_token(token: str) -> None:
    row = db.session.scalar(db.select(ApiToken).where(ApiToken.token_hash == token_digest(token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = clock.now()
        db.session.commit()


def user_loader(identifier: str) -> User | None:
    try:
        uid, stamp = (int(x) for x in identifier.split(":", 1))
    except (ValueError, AttributeError):
        return None
    user = db.session.get(User, uid)
    if user is None or user.security_stamp != stamp:
        return None
    return user
