"""Annual Appendix II reports: a unit's officer prepares the year's report (pre-filled from the newest
snapshot for the unit's province, or the whole country for the ministry's unit), edits and adds rows,
fills the header and submits; the ministry's officers see every unit's submission and a consolidated
national report; a job reminds units that have not submitted, from 1 December.

Input is validated here, in `ReportHeaderInput` / `ReportRowInput`; pages feed them the form's dict.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, validates_schema

from .. import clock, vn
from ..errors import Conflict, Forbidden, NotFound
from ..extensions import db
from ..l10n import format_number, format_percent
from ..notifications.services import audit, notify
from ..permissions import Actor, require_user
from ..validation import Choice, Date, Input, Number, Text, load
from . import snapshots
from .appendix import AREAS, REMINDERS_FROM
from .definitions import BY_CODE, key_label
from .models import Officer, ReminderLog, Report, ReportingUnit, ReportRow, ReportStatus, UnitKind
from .officers import Scope, officer_scope

MAX_ROWS = 300


class ReportHeaderInput(Input):
    report_date = Date(message=_l("Enter the report date."))
    preparer_name = Text(120, message=_l("Enter the preparer's name (at most 120 characters)."))
    preparer_phone = Text(32, message=_l("Enter a phone number (at most 32 characters)."))
    preparer_email = Text(254, message=_l("Enter an e-mail address (at most 254 characters)."))


class ReportRowInput(Input):
    area = Choice([str(n) for n in AREAS], required=True, message=_l("Choose one of the 15 task areas."))
    activity = Text(4000, min_len=3, required=True, message=_l("Describe the activity (3 to 4,000 characters)."))
    results = Text(4000, message=_l("At most 4,000 characters."))
    difficulties = Text(4000, message=_l("At most 4,000 characters."))
    funding_state = Number(money=True, min=0, max=10**15, message=_l("Enter an amount in đồng, 0 or more."))
    funding_other = Number(money=True, min=0, max=10**15, message=_l("Enter an amount in đồng, 0 or more."))


class ReportCompleteInput(Input):
    """What submitting needs of the report as it stands (its header, and `rows`: how many activities it has);
    the page and the API show these messages on the same fields."""

    report_date = Date(required=True, message=_l("Enter the report date."))
    preparer_name = Text(120, required=True, message=_l("Enter the preparer's name."))
    preparer_phone = Text(32)
    preparer_email = Text(254)
    rows = Number(integer=True, min=1, required=True, message=_l("Add at least one activity."))

    @validates_schema(skip_on_field_errors=False)
    def _someone_to_reach(self, data, **kwargs):
        if not (data.get("preparer_phone") or data.get("preparer_email")):
            raise ValidationError(_("Give a phone number or an e-mail address."), "preparer_phone")


# ---- access ----------------------------------------------------------------------------------------

def require_officer(actor: Actor) -> Scope:
    require_user(actor)
    scope = officer_scope(actor)
    if scope is None:
        raise Forbidden(_("Programme officers only."))
    return scope


def get_report(actor: Actor, report_id: int, *, write: bool = False) -> Report:
    """A unit's officers read and write their unit's report; the ministry's officers and administrators read
    every report. Others: not found."""
    scope = officer_scope(actor) if actor.is_authenticated else None
    report = db.session.get(Report, report_id)
    if report is None or scope is None:
        raise NotFound(_("Report not found."))
    own = scope.unit is not None and scope.unit.id == report.unit_id
    if not own and not scope.ministry:
        raise NotFound(_("Report not found."))
    if write:
        if not own:
            raise Forbidden(_("Only the unit's own officers can change its report."))
        if report.status == ReportStatus.submitted:
            raise Conflict(_("This report was submitted and can no longer be changed."))
    return report


def unit_reports(actor: Actor) -> list[Report]:
    scope = require_officer(actor)
    if scope.unit is None:
        return []
    return list(db.session.scalars(db.select(Report).where(Report.unit_id == scope.unit.id).order_by(Report.year.desc())))


# ---- pre-filling -----------------------------------------------------------------------------------

def _fig(snap, code: str, year: int, province: str) -> float | None:
    return snapshots.value(snap, code, year, province)


def _n(v, unit="count") -> str:
    if v is None:
        return "—"
    if unit == "percent":
        return format_percent(v, 'vi')
    if unit == "vnd":
        return f"{format_number(int(v), 'vi')} đồng"
    return format_number(int(v) if float(v).is_integer() else round(v, 1), "vi")


def platform_rows(snap, year: int, province: str) -> list[dict]:
    """Rows the platform can write from its own figures (in Vietnamese, the template's language)."""
    p = province or ""
    where = vn.province_name(p) if p else _("the whole country")
    f = lambda code: _fig(snap, code, year, p)  # noqa: E731
    rows = []
    with force_locale("vi"):
        transport, avoided = f("transport"), f("co2e_avoided")
        c = snapshots.cell(snap, "co2e_avoided", year, p)
        if transport:
            rows.append((5, _("Transport arranged through the GreenConnect platform (%(where)s)", where=where),
                         _("%(n)s transports arranged; %(kg)s kg CO2e avoided against road transport "
                           "(road baseline %(base)s kg, actual %(actual)s kg).", n=_n(transport), kg=_n(avoided),
                           base=_n(c.get("baseline")), actual=_n(c.get("co2e")))))
        certified, share = f("certified_listings"), f("certified_listing_share")
        if certified:
            kinds = "; ".join(f"{key_label(BY_CODE['certified_listings'], k)}: {_n(v)}"
                              for k, v in snapshots.by_key(snap, "certified_listings", year, "k", p))
            rows.append((6, _("Verified certifications of products listed on the platform (%(where)s)", where=where),
                         _("%(n)s certified products at the end of the period (%(share)s of listed products). "
                           "By label kind: %(kinds)s.", n=_n(certified), share=_n(share, "percent"), kinds=kinds)))
        pack, skus = f("retail_eco_packaging"), f("retail_ecolabel_skus")
        if pack is not None or skus is not None:
            rows.append((6, _("Supermarkets and trade centres sourcing eco-friendly packaging and eco-labelled "
                              "products through the platform (%(where)s)", where=where),
                         _("%(pack)s of supermarkets and trade centres on the platform bought certified packaging in "
                           "the last 12 months (target 85 %% by 2025, 100 %% by 2030); %(skus)s of the products they "
                           "sourced carry a valid eco-label (target 10–15 %% by 2025, 20–30 %% by 2030).",
                           pack=_n(pack, "percent"), skus=_n(skus, "percent")) if skus is not None else
                         # no product sourced yet: no share to give (a bare '—' read as a broken figure)
                         _("%(pack)s of supermarkets and trade centres on the platform bought certified packaging in "
                           "the last 12 months (target 85 %% by 2025, 100 %% by 2030); they have not sourced products "
                           "through the platform yet, so the eco-labelled share is not known (target 10–15 %% by "
                           "2025, 20–30 %% by 2030).", pack=_n(pack, "percent"))))
        fairs, exhibitors, meetings = f("fairs"), f("exhibitors"), f("meetings")
        if fairs or exhibitors or meetings:
            rows.append((7, _("Trade fairs with a green zone and B2B meetings on the platform (%(where)s)", where=where),
                         _("%(fairs)s fairs held; %(ex)s exhibitors; %(m)s B2B meetings booked.",
                           fairs=_n(fairs), ex=_n(exhibitors), m=_n(meetings))))
        rfqs, quotes, deals, value = f("rfqs"), f("quotes"), f("deals"), f("deal_value")
        if rfqs or quotes or deals:
            rows.append((7, _("Supply–demand connection on the platform (%(where)s)", where=where),
                         _("%(r)s requests for quotation; %(q)s quotes; %(d)s deals worth %(v)s.",
                           r=_n(rfqs), q=_n(quotes), d=_n(deals), v=_n(value, "vnd"))))
        orgs = len(snapshots.org_ids(snap, "provinces", year, p)) if p else None
        provinces = f("provinces")
        if provinces:
            text = (_("%(n)s organisations of the province take part in the platform.", n=_n(orgs)) if p else
                    _("Organisations from %(n)s of 34 provinces take part in the platform.", n=_n(provinces)))
            rows.append((12, _("GreenConnect platform connecting the network of sustainable production and "
                               "consumption (%(where)s)", where=where), text))
        offers, leads = f("finance_offers"), f("finance_leads")
        if offers or leads:
            purposes = "; ".join(f"{key_label(BY_CODE['finance_leads'], k)}: {_n(v)}"
                                 for k, v in snapshots.by_key(snap, "finance_leads", year, "p", p)) or "—"
            rows.append((14, _("Green finance offers and leads on the platform (%(where)s)", where=where),
                         _("%(o)s green finance offers open; %(l)s leads from businesses (by purpose: %(p)s).",
                           o=_n(offers), l=_n(leads), p=purposes)))
    return [{"area": a, "activity": str(act), "results": str(res)} for a, act, res in rows]


def _apply_prefill(report: Report) -> int:
    snap = snapshots.latest()
    if snap is None:
        raise Conflict(_("No figures have been computed yet; try again after the daily computation."))
    for row in [r for r in report.rows if r.source == "platform"]:
        report.rows.remove(row)
    rows = platform_rows(snap, report.year, report.unit.province_code or "")
    for i, data in enumerate(rows):
        report.rows.append(ReportRow(area=data["area"], position=i, activity=data["activity"], results=data["results"],
                                     source="platform"))
    report.prefilled_snapshot_id = snap.id
    return len(rows)


def prepare(actor: Actor, data: dict) -> Report:
    """The unit's report for `data["year"]`, created and pre-filled if it does not exist yet."""
    scope = require_officer(actor)
    if scope.unit is None:
        raise Forbidden(_("Only officers of a reporting unit write reports."))
    data = load(_YearInput, data)
    existing = db.session.scalar(db.select(Report).where(Report.unit_id == scope.unit.id, Report.year == data["year"]))
    if existing is not None:
        return existing
    user = actor.user
    report = Report(unit_id=scope.unit.id, year=data["year"], report_date=clock.today(),
                    preparer_name=getattr(user, "full_name", "") or "", preparer_phone=getattr(user, "phone", "") or "",
                    preparer_email=getattr(user, "email", "") or "")
    report.unit = scope.unit
    db.session.add(report)
    db.session.flush()
    n = _apply_prefill(report)
    audit(actor.user_id, "programme.report_prepared", "programme_report", report.id, {"year": report.year, "rows": n})
    db.session.commit()
    return report


class ReportSubmitInput(Input):
    """Submitting takes no fields: the report must be complete (header and at least one activity)."""


class _YearInput(Input):
    year = Number(integer=True, min=2021, max=2030, required=True, message=_l("Choose a year between 2021 and 2030."))


def refresh_prefill(actor: Actor, report_id: int) -> Report:
    report = get_report(actor, report_id, write=True)
    n = _apply_prefill(report)
    audit(actor.user_id, "programme.report_refreshed", "programme_report", report.id, {"rows": n})
    db.session.commit()
    return report


def update_header(actor: Actor, report_id: int, data: dict) -> Report:
    report = get_report(actor, report_id, write=True)
    clean = load(ReportHeaderInput, data, partial=True)
    for key, value in clean.items():
        setattr(report, key, value if value is not None or key == "report_date" else "")
    audit(actor.user_id, "programme.report_header", "programme_report", report.id,
          {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in clean.items()})
    db.session.commit()
    return report


def _row_values(clean: dict) -> dict:
    return {"area": int(clean["area"]), "activity": clean["activity"], "results": clean.get("results") or "",
            "difficulties": clean.get("difficulties") or "", "funding_state": clean.get("funding_state"),
            "funding_other": clean.get("funding_other")}


def add_row(actor: Actor, report_id: int, data: dict) -> ReportRow:
    report = get_report(actor, report_id, write=True)
    clean = _row_values(load(ReportRowInput, data))
    if len(report.rows) >= MAX_ROWS:
        raise Conflict(_("A report holds at most %(n)d rows.", n=MAX_ROWS))
    position = max([r.position for r in report.rows if r.area == clean["area"]] or [-1]) + 1
    row = ReportRow(report_id=report.id, position=position, source="officer", **clean)
    db.session.add(row)
    audit(actor.user_id, "programme.report_row_added", "programme_report", report.id, {"area": clean["area"]})
    db.session.commit()
    return row


def _get_row(actor: Actor, row_id: int, write: bool = True) -> ReportRow:
    row = db.session.get(ReportRow, row_id)
    if row is None:
        raise NotFound(_("Row not found."))
    get_report(actor, row.report_id, write=write)
    return row


def get_row(actor: Actor, row_id: int) -> ReportRow:
    return _get_row(actor, row_id, write=True)


def update_row(actor: Actor, row_id: int, data: dict) -> ReportRow:
    row = _get_row(actor, row_id)
    clean = _row_values(load(ReportRowInput, data))
    for key, value in clean.items():
        setattr(row, key, value)
    audit(actor.user_id, "programme.report_row_changed", "programme_report", row.report_id, {"row": row.id})
    db.session.commit()
    return row


def delete_row(actor: Actor, row_id: int) -> int:
    row = _get_row(actor, row_id)
    report_id = row.report_id
    db.session.delete(row)
    audit(actor.user_id, "programme.report_row_deleted", "programme_report", report_id, {"row": row_id})
    db.session.commit()
    return report_id


def submit(actor: Actor, report_id: int, data: dict | None = None) -> Report:
    report = get_report(actor, report_id, write=True)
    load(ReportSubmitInput, data or {})
    load(ReportCompleteInput, {"report_date": report.report_date, "preparer_name": report.preparer_name,
                               "preparer_phone": report.preparer_phone, "preparer_email": report.preparer_email,
                               "rows": len(report.rows)}, message=_("The report is not complete yet."))
    report.status = ReportStatus.submitted
    report.submitted_at = clock.now()
    report.submitted_by_id = actor.user_id
    audit(actor.user_id, "programme.report_submitted", "programme_report", report.id, {"year": report.year})
    for officer in _ministry_officers():
        notify(officer.user_id, "programme.report_submitted",
               _l("%(unit)s submitted its %(year)s report", unit=report.unit.name, year=report.year),
               url=f"/programme/reports/{report.id}")
    db.session.commit()
    return report


def _ministry_officers() -> list[Officer]:
    return list(db.session.scalars(db.select(Officer).join(ReportingUnit, ReportingUnit.id == Officer.unit_id)
                                   .where(ReportingUnit.kind == UnitKind.ministry)))


# ---- the ministry's view -----------------------------------------------------------------------------

def submissions(actor: Actor, year: int) -> list[tuple[ReportingUnit, Report | None]]:
    """Every unit with its report for `year` (None: not started) — ministry officers and administrators."""
    scope = require_officer(actor)
    if not scope.ministry:
        raise Forbidden(_("The ministry's officers only."))
    year = load(_YearInput, {"year": year})["year"]
    from .officers import units

    reports = {r.unit_id: r for r in db.session.scalars(db.select(Report).where(Report.year == year))}
    return [(u, reports.get(u.id)) for u in units()]


def national(actor: Actor, year: int) -> dict:
    """The consolidated national report: every submitted report's rows by area, each naming its unit,
    and funding totals per area and overall."""
    rows_by_area: dict[int, list[tuple[ReportingUnit, ReportRow]]] = {a: [] for a in AREAS}
    units_done = []
    for unit, report in submissions(actor, year):
        if report is None or report.status != ReportStatus.submitted:
            continue
        units_done.append(unit)
        for row in report.rows:
            rows_by_area[row.area].append((unit, row))
    totals = {a: (sum(r.funding_state or 0 for _, r in rows), sum(r.funding_other or 0 for _, r in rows))
              for a, rows in rows_by_area.items()}
    return {"year": year, "rows_by_area": rows_by_area, "totals": totals, "units": units_done,
            "total_state": sum(t[0] for t in totals.values()), "total_other": sum(t[1] for t in totals.values())}


# ---- reminders -----------------------------------------------------------------------------------------

def reminders_job() -> str:
    """From 1 December, once a day, remind the officers of every unit whose report for this year is not
    submitted (in-app and e-mail through the notifications job)."""
    today = clock.today()
    if (today.month, today.day) < REMINDERS_FROM:
        return "not reminder season"
    year = today.year
    submitted = set(db.session.scalars(db.select(Report.unit_id).where(Report.year == year,
                                                                         Report.status == ReportStatus.submitted)))
    reminded = set(db.session.scalars(db.select(ReminderLog.unit_id).where(ReminderLog.year == year,
                                                                            ReminderLog.sent_on == today)))
    officers: dict[int, list[Officer]] = {}
    for officer in db.session.scalars(db.select(Officer)):
        officers.setdefault(officer.unit_id, []).append(officer)
    sent = 0
    for unit_id, people in officers.items():
        if unit_id in submitted or unit_id in reminded:
            continue
        days_left = (dt.date(year, 12, 15) - today).days
        for officer in people:
            with force_locale(getattr(officer.user, "locale", "vi") or "vi"):
                title = (_("Your unit's %(year)s report is due in %(n)d days (before 15 December)", year=year, n=days_left)
                         if days_left > 0 else _("Your unit's %(year)s report is overdue (due before 15 December)", year=year))
                notify(officer.user_id, "programme.report_reminder", title,
                       _l("Prepare, complete and submit the Appendix II report on GreenConnect."), url="/programme/reports")
        db.session.add(ReminderLog(unit_id=unit_id, year=year, sent_on=today, recipients=len(people)))
        sent += 1
    db.session.commit()
    return f"{sent} unit(s) reminded"
