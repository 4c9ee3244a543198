"""Display names of the accounts domain's codes (see app/display)."""
from flask_babel import lazy_gettext as _l

from ..display import register_names
from .models import PlatformRole

AUDIT = {
    "user.registered": _l("Account registered"), "user.activated": _l("Account activated"),
    "user.email_confirmed": _l("E-mail address confirmed"), "user.password_changed": _l("Password changed"),
    "user.password_reset": _l("Password reset"), "user.token_created": _l("API token created"),
    "user.token_revoked": _l("API token revoked"),
}


def register(app) -> None:
    register_names(app, PlatformRole, {"user": _l("User"), "verifier": _l("Verifier"), "admin": _l("Administrator")})
    register_names(app, "audit", AUDIT)
