"""Display names of the traceability domain's codes (see app/display)."""
from flask_babel import lazy_gettext as _l

from ..display import register_names
from .models import BalanceModel, DeclarationStatus, FlagStatus, InputKind, LotStatus

AUDIT = {
    "trace.lot_recorded": _l("Lot recorded"), "trace.lot_corrected": _l("Lot corrected"), "trace.lot_voided": _l("Lot voided"),
    "trace.input_added": _l("Input added"), "trace.input_removed": _l("Input removed"),
    "trace.period_added": _l("Balance period added"), "trace.profile_saved": _l("Material profile saved"),
    "trace.flag_reviewed": _l("Integrity flag reviewed"), "trace.footprint_declared": _l("Footprint declared"),
    "trace.footprint_pending": _l("Footprint declared"), "trace.footprint_confirmed": _l("Footprint confirmed"),
    "trace.footprint_rejected": _l("Footprint rejected"),
}


def register(app) -> None:
    register_names(app, LotStatus, {"active": _l("Active"), "voided": _l("Voided")})
    register_names(app, InputKind, {"platform": _l("Bought on the platform"), "outside": _l("Declared outside input")})
    register_names(app, BalanceModel, {"lot": _l("Per lot"), "period": _l("Per period (mass balance)")})
    register_names(app, FlagStatus, {"open": _l("Open"), "resolved": _l("Resolved")})
    register_names(app, DeclarationStatus, {"pending": _l("Awaiting verification"), "confirmed": _l("Confirmed"),
                                            "rejected": _l("Rejected")})
    register_names(app, "audit", AUDIT)
