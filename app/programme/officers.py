"""Reporting units and programme officers.

Units are reference data: the ministry's unit in charge of the programme and the Department of Industry
and Trade of each of the 34 provinces (seeded, idempotent). An administrator appoints officers to a unit
(`flask programme grant-officer`, or the officers page). A ministry unit's officers see the whole country
and every unit's reports; a province's officers see their province and write its report.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from .. import clock, vn
from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from ..notifications.services import audit
from ..permissions import Actor, require_admin
from .models import Officer, ReportingUnit, UnitKind

MINISTRY_UNIT = ("Vụ Tiết kiệm năng lượng và Phát triển bền vững, Bộ Công Thương",
                 "Department of Energy Saving and Sustainable Development, Ministry of Industry and Trade")


def seed_units() -> None:
    """The ministry unit and one Department of Industry and Trade per province (inserts what is missing)."""
    have = {u.province_code for u in db.session.scalars(db.select(ReportingUnit))}
    now = clock.now()
    if None not in have:
        db.session.add(ReportingUnit(kind=UnitKind.ministry, name=MINISTRY_UNIT[0], name_en=MINISTRY_UNIT[1],
                                     province_code=None, created_at=now))
    for code, p in vn.provinces().items():
        code = str(p.code)
        if code not in have:
            db.session.add(ReportingUnit(kind=UnitKind.province, name=f"Sở Công Thương {p.name}",
                                         name_en=f"Department of Industry and Trade of {p.short_name}",
                                         province_code=code, created_at=now))
    db.session.flush()


@dataclass(frozen=True)
class Scope:
    unit: ReportingUnit | None  # None: an administrator (ministry-wide, no unit)
    province: str | None  # None: the whole country

    @property
    def ministry(self) -> bool:
        return self.province is None


def officer_of(user_id: int | None) -> Officer | None:
    if not user_id:
        return None
    return db.session.scalar(db.select(Officer).where(Officer.user_id == user_id))


def officer_scope(actor: Actor) -> Scope | None:
    """What a person sees as a programme officer, or None when they are not one."""
    if not actor.is_authenticated:
        return None
    officer = officer_of(actor.user_id)
    if officer is not None:
        return Scope(officer.unit, officer.unit.province_code)
    if actor.is_admin:
        return Scope(None, None)
    return None


def units() -> list[ReportingUnit]:
    rows = list(db.session.scalars(db.select(ReportingUnit)))
    return sorted(rows, key=lambda u: (u.kind != UnitKind.ministry, vn.province_name(u.province_code) if u.province_code else ""))


def get_unit(unit_id: int) -> ReportingUnit:
    unit = db.session.get(ReportingUnit, unit_id)
    if unit is None:
        raise NotFound(_("Reporting unit not found."))
    return unit


def grant_officer(actor: Actor, email: str, unit_id: int) -> Officer:
    from ..accounts.models import User

    require_admin(actor)
    unit = get_unit(unit_id)
    user = db.session.scalar(db.select(User).where(User.email == (email or "").strip().lower()))
    if user is None:
        raise ValidationFailed(_("No account uses this e-mail address."), {"email": [_("No account uses this e-mail address.")]})
    if officer_of(user.id) is not None:
        raise Conflict(_("This person is already a programme officer."))
    officer = Officer(user_id=user.id, unit_id=unit.id, granted_by_id=actor.user_id, granted_at=clock.now())
    db.session.add(officer)
    audit(actor.user_id, "programme.officer_granted", "programme_unit", unit.id, {"user_id": user.id})
    db.session.commit()
    return officer
