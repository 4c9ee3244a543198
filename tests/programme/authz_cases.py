"""Authorization cases for the programme's report API (see tests/test_authz_matrix.py): "owner" is made an
officer of Hồ Chí Minh City's Department of Industry and Trade; the stranger is a member of another
organisation and no officer."""
from __future__ import annotations

from tests.test_authz_matrix import Case, register


def _officer_report(w):
    from app import clock
    from app.extensions import db
    from app.permissions import Actor
    from app.programme import reports
    from app.programme.models import Officer, ReportingUnit
    from app.programme.officers import seed_units
    from app.programme.snapshots import compute_snapshot, latest

    seed_units()
    unit = db.session.scalar(db.select(ReportingUnit).where(ReportingUnit.province_code == "79"))
    if db.session.scalar(db.select(Officer).where(Officer.user_id == w.owner.id)) is None:
        db.session.add(Officer(user_id=w.owner.id, unit_id=unit.id, granted_at=clock.now()))
        db.session.commit()
    if latest() is None:
        compute_snapshot(trigger="test")
    report = reports.prepare(Actor.for_user(w.owner), {"year": clock.today().year})
    return report


def _row(w):
    from app.permissions import Actor
    from app.programme import reports

    report = _officer_report(w)
    return reports.add_row(Actor.for_user(w.owner), report.id, {"area": "9", "activity": "Tập huấn sản xuất sạch hơn"})


def _prepare(w):
    from app import clock

    _officer_report(w)
    return "/api/v1/programme/reports", {"year": clock.today().year}


def _complete(w):
    from app.permissions import Actor
    from app.programme import reports

    report = _officer_report(w)
    reports.update_header(Actor.for_user(w.owner), report.id, {"report_date": "2026-12-05", "preparer_name": "Phạm Thị Sở",
                                                               "preparer_phone": "028 1"})
    if not report.rows:
        reports.add_row(Actor.for_user(w.owner), report.id, {"area": "9", "activity": "Tập huấn sản xuất sạch hơn"})
    return f"/api/v1/programme/reports/{report.id}/submit", {}


register(
    Case("POST", "/api/v1/programme/reports", _prepare),
    Case("PATCH", "/api/v1/programme/reports/<int:report_id>",
         lambda w: (f"/api/v1/programme/reports/{_officer_report(w).id}", {"preparer_name": "Nguyễn Văn Lập"})),
    Case("POST", "/api/v1/programme/reports/<int:report_id>/rows",
         lambda w: (f"/api/v1/programme/reports/{_officer_report(w).id}/rows",
                    {"area": "9", "activity": "Tập huấn sản xuất sạch hơn", "funding_state": 1500000})),
    Case("PUT", "/api/v1/programme/reports/rows/<int:row_id>",
         lambda w: (f"/api/v1/programme/reports/rows/{_row(w).id}", {"area": "9", "activity": "Tập huấn (sửa)"})),
    Case("DELETE", "/api/v1/programme/reports/rows/<int:row_id>",
         lambda w: (f"/api/v1/programme/reports/rows/{_row(w).id}", None)),
    Case("POST", "/api/v1/programme/reports/<int:report_id>/submit", _complete),
)
