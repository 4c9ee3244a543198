"""The organiser's report: per exhibitor, booth, payment, visitors' interest (views, bookmarks),
meetings requested and held, and leads (distinct interested visitors); CSV export."""
from __future__ import annotations

import csv
import io
from collections import Counter

from flask_babel import lazy_gettext as _l
from flask_babel import gettext as _

from .. import clock, l10n
from ..extensions import db
from ..payments import services as payments
from ..permissions import Actor
from .models import FairLead, Meeting, MeetingSlot
from .services import exhibitors, get_own_fair

COLUMNS = ("exhibitor", "booth", "booth_type", "listings", "payment", "views", "bookmarks", "meetings_requested",
           "meetings_held", "leads")
HEADERS = (_l("Exhibitor"), _l("Booth"), _l("Booth type"), _l("Listings"), _l("Payment"), _l("Views"), _l("Bookmarks"),
           _l("Meetings requested"), _l("Meetings held"), _l("Leads"))


def fair_report(actor: Actor, fair_id: int) -> dict:
    fair = get_own_fair(actor, fair_id)
    apps = exhibitors(fair.id)
    pays = payments.payments_for("booth", [a.id for a in apps])
    leads = db.session.execute(db.select(FairLead.exhibitor_org_id, FairLead.kind, FairLead.user_id)
                               .where(FairLead.fair_id == fair.id)).all()
    counts: Counter = Counter((org, kind) for org, kind, _u in leads)
    visitors: dict[int, set] = {}
    for org, _kind, user in leads:
        if user is not None:
            visitors.setdefault(org, set()).add(user)
    now = clock.now()
    meetings = db.session.execute(db.select(Meeting.exhibitor_org_id, MeetingSlot.ends_at)
                                  .join(MeetingSlot, MeetingSlot.id == Meeting.slot_id).where(Meeting.fair_id == fair.id)).all()
    requested: Counter = Counter(org for org, _e in meetings)
    held: Counter = Counter(org for org, ends in meetings if ends <= now)
    rows = []
    for a in apps:
        org = a.organisation_id
        p = pays.get(a.id)
        rows.append({
            "exhibitor": a.organisation.display_name, "booth": a.booth_code, "booth_type": a.booth_type.name,
            "listings": len(a.listing_ids or []), "payment": p.status.value if p else "free",
            "views": counts[(org, "view")], "bookmarks": counts[(org, "bookmark")],
            "meetings_requested": requested[org], "meetings_held": held[org], "leads": len(visitors.get(org, ())),
            "application_id": a.id,
        })
    totals = {k: sum(r[k] for r in rows) for k in ("listings", "views", "bookmarks", "meetings_requested",
                                                   "meetings_held", "leads")}
    totals["exhibitors"] = len(rows)
    totals["visitors"] = len({u for _o, _k, u in leads if u is not None})
    return {"fair": fair, "rows": rows, "totals": totals}


def _payment_name(code: str) -> str:
    from ..display import display_name
    from ..payments.models import PaymentStatus

    return _("No fee") if code == "free" else display_name(PaymentStatus(code))


def report_csv(actor: Actor, fair_id: int, locale: str | None = None) -> str:
    """The report for the organiser's spreadsheet, in the reader's language (`locale`, default the
    request's): translated column names, payment states by their display names; counts are plain whole
    numbers (no grouping), which every spreadsheet reads as numbers in either language."""
    from flask_babel import force_locale

    data = fair_report(actor, fair_id)
    with force_locale(locale or l10n.locale_code()):
        header = [str(h) for h in HEADERS]
        rows = [[r[c] if c != "payment" else _payment_name(r["payment"]) for c in COLUMNS] for r in data["rows"]]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return "\ufeff" + buf.getvalue()  # BOM: spreadsheet programs then read Vietnamese correctly
