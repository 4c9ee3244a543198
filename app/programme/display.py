"""Display names of the programme domain's codes (see app/display)."""
from flask_babel import lazy_gettext as _l

from ..display import register_names
from .models import ReportStatus, UnitKind


def register(app) -> None:
    register_names(app, UnitKind, {"ministry": _l("Ministry of Industry and Trade unit"),
                                   "province": _l("Provincial Department of Industry and Trade")})
    register_names(app, ReportStatus, {"draft": _l("Draft"), "submitted": _l("Submitted")})
    register_names(app, "audit", {"programme.officer_granted": _l("Programme officer appointed")})
