"""Demo step 95 (programme): two programme officers — one of the ministry's unit
(officer@greenconnect.local) and one of Hồ Chí Minh City's Department of Industry and Trade
(officer.hcm@greenconnect.local) (the job runner computes the first snapshot)."""
from __future__ import annotations

import random

from .. import clock
from ..accounts.models import User
from ..demo import DEMO_PASSWORD
from ..extensions import db
from ..security import hash_password
from .models import Officer, ReportingUnit
from .officers import seed_units

HCM = "79"


def demo_programme(rng: random.Random, ctx: dict) -> None:  # noqa: ARG001 - fixed content
    seed_units()
    now = clock.now()
    ministry = db.session.scalar(db.select(ReportingUnit).where(ReportingUnit.province_code.is_(None)))
    hcm = db.session.scalar(db.select(ReportingUnit).where(ReportingUnit.province_code == HCM))
    for email, name, unit in (("officer@greenconnect.local", "Trần Văn Chương Trình", ministry),
                              ("officer.hcm@greenconnect.local", "Phạm Thị Sở Công Thương", hcm)):
        user = User(email=email, password_hash=hash_password(DEMO_PASSWORD), full_name=name, email_confirmed_at=now)
        db.session.add(user)
        db.session.flush()
        db.session.add(Officer(user_id=user.id, unit_id=unit.id, granted_by_id=ctx["admin"].id, granted_at=now))
    db.session.flush()
    ctx["summary"]["programme officers"] = 2  # the first snapshot: `flask programme snapshot` or the job runner
