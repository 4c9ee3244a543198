from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class RegisterForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Enter your e-mail.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Choose a password.")), Length(max=1024)],
                             description=_l("At least 10 characters, mixing letters with digits or symbols."))
    confirm = PasswordField(_l("Repeat password"), validators=[EqualTo("password", _l("The passwords do not match."))])


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Enter your e-mail.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=1024)])
    remember = BooleanField(_l("Keep me signed in"))


class ForgotForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Enter your e-mail.")), Length(max=254)])


class ResetForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Choose a password.")), Length(max=1024)])
    confirm = PasswordField(_l("Repeat password"), validators=[EqualTo("password", _l("The passwords do not match."))])


class ProfileForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[Length(max=120)])
    phone = StringField(_l("Phone"), validators=[Length(max=32)])
    locale = SelectField(_l("Language"), choices=[("vi", "Tiếng Việt"), ("en", "English")])


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1024)])
