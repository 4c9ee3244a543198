"""Forms render the account pages and carry the CSRF token; the rules are the services' (schemas.SignUpInput,
SignInInput, ForgotInput, ResetInput, ProfileInput, PasswordChangeInput)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField


class RegisterForm(FlaskForm):
    full_name = StringField(_l("Full name"), render_kw={"maxlength": 120})
    email = EmailField(_l("E-mail"), render_kw={"maxlength": 254, "required": True})
    password = PasswordField(_l("Password"), render_kw={"maxlength": 1024, "required": True},
                             description=_l("At least 10 characters, mixing letters with digits or symbols."))
    confirm = PasswordField(_l("Repeat password"), render_kw={"maxlength": 1024})


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), render_kw={"maxlength": 254, "required": True})
    password = PasswordField(_l("Password"), render_kw={"maxlength": 1024, "required": True})
    remember = BooleanField(_l("Keep me signed in"))


class ForgotForm(FlaskForm):
    email = EmailField(_l("E-mail"), render_kw={"maxlength": 254, "required": True})


class ResetForm(FlaskForm):
    password = PasswordField(_l("New password"), render_kw={"maxlength": 1024, "required": True})
    confirm = PasswordField(_l("Repeat password"), render_kw={"maxlength": 1024})


class ProfileForm(FlaskForm):
    full_name = StringField(_l("Full name"), render_kw={"maxlength": 120})
    phone = StringField(_l("Phone"), render_kw={"maxlength": 32, "inputmode": "tel"})
    locale = SelectField(_l("Language"), choices=[("vi", "Tiếng Việt"), ("en", "English")], validate_choice=False)


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), )
    new_password = PasswordField(_l("New password"), render_kw={"maxlength": 1024})
