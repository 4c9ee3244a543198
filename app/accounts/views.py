from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm

from .. import clock
from ..errors import DomainError, ValidationFailed
from ..extensions import limiter
from ..web import apply_errors, safe_next
from . import services
from .forms import ForgotForm, LoginForm, PasswordForm, ProfileForm, RegisterForm, ResetForm

bp = Blueprint("accounts", __name__, url_prefix="/account")


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegisterForm()
    next_path = _next_path()
    if form.validate_on_submit():
        try:
            from flask_babel import get_locale

            email = services.sign_up({"email": form.email.data, "password": form.password.data,
                                      "confirm": form.confirm.data, "full_name": form.full_name.data,
                                      "locale": str(get_locale())}, next_path=next_path)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            return render_template("accounts/check_email.html", email=email)
    return (render_template("accounts/register.html", form=form, next_path=next_path),
            422 if form.errors or form.form_errors else 200)


def _next_path() -> str | None:
    """The `?next=` page a visitor was on their way to, when it is a path on this site (else None)."""
    return safe_next(request.args.get("next"), "") or None


@bp.route("/confirm/<token>")
def confirm_email(token):
    try:
        user = services.confirm_email(token)
        next_path = services.confirmation_next(token)
    except ValidationFailed as exc:
        return render_template("accounts/message.html", title=_("Confirmation failed"), message=exc.message), 400
    flash(_("Your e-mail address is confirmed. Welcome to GreenConnect!"), "success")
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", email=user.email, next=next_path))
    return redirect(safe_next(next_path, url_for("main.dashboard")))


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def login_account_key() -> str:
    """The rate-limit key of the account a sign-in names (form or JSON), so that guessing one account's
    password from many addresses is throttled too (OWASP ASVS V2.2.1). Limits are kept in
    RATELIMIT_STORAGE_URI (Redis when several workers run), so every worker counts in the same key."""
    from ..inputs import load_json

    email = request.form.get("email") if request.form else None
    if email is None and request.is_json and (request.content_length or 0) <= current_app.config["MAX_JSON_BYTES"]:
        try:
            body = load_json(request.get_data(cache=True))
        except Exception:  # noqa: BLE001 - a hostile body is refused later; here it has no account
            body = None
        email = body.get("email") if isinstance(body, dict) else None
    email = email.strip().lower()[:254] if isinstance(email, str) else ""
    return f"login-account:{email or '-'}"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.shared_limit(_account_limit, scope="login-account", key_func=login_account_key, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm(email=request.args.get("email", ""))
    if form.validate_on_submit():
        try:
            user = services.sign_in({"email": form.email.data, "password": form.password.data},
                                    next_path=_next_path())
        except ValidationFailed as exc:
            apply_errors(form, exc)
        except DomainError as exc:
            form.form_errors.append(exc.message)
        else:
            session.clear()  # new session on login (no fixation)
            login_user(user, remember=form.remember.data)
            session["lang"] = user.locale
            return redirect(safe_next(request.args.get("next"), url_for("main.dashboard")))
    status = 401 if form.form_errors else 422 if form.errors else 200
    return render_template("accounts/login.html", form=form, next_path=_next_path()), status


@bp.route("/logout", methods=["POST"])
def logout():
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def forgot_password():
    form = ForgotForm()
    if form.validate_on_submit():
        try:
            services.send_password_reset({"email": form.email.data})
        except ValidationFailed as exc:
            apply_errors(form, exc)
            return render_template("accounts/forgot.html", form=form), 422
        return render_template("accounts/message.html", title=_("Check your e-mail"),
                               message=_("If an account exists for %(email)s, we sent a link to reset the password.",
                                         email=form.email.data))
    return render_template("accounts/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    form = ResetForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, {"password": form.password.data, "confirm": form.confirm.data})
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            flash(_("Your password was changed. Please sign in."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form), 422 if form.errors or form.form_errors else 200


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    pw_form = PasswordForm(prefix="pw")
    if request.method == "POST" and request.form.get("action") == "password":
        if pw_form.validate_on_submit():
            try:
                services.change_password(current_user, {"current_password": pw_form.current_password.data,
                                                        "new_password": pw_form.new_password.data})
            except ValidationFailed as exc:
                apply_errors(pw_form, exc)
            else:
                login_user(current_user._get_current_object())  # new stamp: refresh this session
                flash(_("Password changed."), "success")
                return redirect(url_for("accounts.profile"))
    elif form.validate_on_submit():
        try:
            user = services.update_profile(current_user, {"full_name": form.full_name.data, "phone": form.phone.data,
                                                          "locale": form.locale.data})
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            session["lang"] = user.locale
            flash(_("Profile saved."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, pw_form=pw_form,
                           tokens=services.api_tokens_of(current_user), now=clock.now(), revoke_form=FlaskForm())


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id):
    if not FlaskForm().validate_on_submit():
        abort(400)
    token = services.revoke_user_token(current_user, token_id)
    flash(_("Token “%(name)s” revoked: it no longer works.", name=token.name), "success")
    return redirect(url_for("accounts.profile", _anchor="api-tokens"))
