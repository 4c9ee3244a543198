"""Display names of the programme domain's codes (see app/display)."""
from flask_babel import lazy_gettext as _l

from ..display import register_names
from .models import ReportStatus, UnitKind


def register(app) -> None:
    register_names(app, UnitKind, {"ministry": _l("Ministry of Industry and Trade unit"),
                                   "province": _l("Provincial Department of Industry and Trade")})
    register_names(app, ReportStatus, {"draft": _l("Draft"), "submitted": _l("Submitted")})
    register_names(app, "audit", {
        "programme.officer_granted": _l("Programme officer appointed"),
        "programme.report_header": _l("Report header saved"), "programme.report_prepared": _l("Report prepared"),
        "programme.report_refreshed": _l("Report refreshed from the platform's data"),
        "programme.report_row_added": _l("Report row added"), "programme.report_row_changed": _l("Report row changed"),
        "programme.report_row_deleted": _l("Report row deleted"), "programme.report_submitted": _l("Report submitted")})
