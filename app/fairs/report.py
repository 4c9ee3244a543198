"""The organiser's report: per exhibitor, booth, payment, visitors' interest (views, bookmarks),
meetings requested and held, and leads (distinct interested visitors); CSV export."""
from __future__ import annotations

import csv
import io
from collections import Counter

from .. import clock
from ..extensions import db
from ..payments import services as payments
from ..permissions import Actor
from .models import FairLead, Meeting, MeetingSlot
from .services import exhibitors, get_own_fair

COLUMNS = ("exhibitor", "booth", "booth_type", "listings", "payment", "views", "bookmarks", "meetings_requested",
           "meetings_held", "leads")


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


def report_csv(actor: Actor, fair_id: int) -> str:
    data = fair_report(actor, fair_id)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COLUMNS)
    for r in data["rows"]:
        w.writerow([r[c] for c in COLUMNS])
    return "\ufeff" + buf.getvalue()  # BOM: spreadsheet programs then read Vietnamese correctly
