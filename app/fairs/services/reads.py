"""Reading fairs and applications, and who may see or change them."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from ... import clock
from ...errors import Forbidden, NotFound, ValidationFailed
from ...extensions import db
from ...inputs import LIKE_ESCAPE, like_pattern
from ...pagination import paginate
from ...orgs.models import Organisation
from ...payments import services as payments
from ...permissions import Actor, require_user
from ..models import ApplicationStatus, Fair, FairApplication, FairStatus

ACTIVE = (ApplicationStatus.submitted, ApplicationStatus.approved, ApplicationStatus.waitlisted)
# Lists render each application's organisation, booth type and fair: load them in one query each, not per row.
_WITH_RELATED = (selectinload(FairApplication.organisation), selectinload(FairApplication.booth_type),
                 selectinload(FairApplication.fair))
from ..schemas import MAX_BOOTH_TYPES, MAX_LISTINGS  # noqa: F401  (the schemas' limits)


def get_fair(fair_id: int) -> Fair:
    fair = db.session.get(Fair, fair_id)
    if fair is None:
        raise NotFound(_("Fair not found."))
    return fair


def is_organiser(actor: Actor, fair: Fair) -> bool:
    return actor.is_authenticated and actor.org_id == fair.organiser_id


def get_public_fair(actor: Actor, fair_id: int) -> Fair:
    fair = get_fair(fair_id)
    if fair.is_public or is_organiser(actor, fair) or actor.is_admin:
        return fair
    raise NotFound(_("Fair not found."))


def get_visible_fair(actor: Actor, fair_id: int) -> Fair:
    """For the fair page: published fairs, and cancelled ones (so links in notifications still explain)."""
    fair = get_fair(fair_id)
    if fair.status == FairStatus.cancelled:
        return fair
    return get_public_fair(actor, fair_id)


def get_own_fair(actor: Actor, fair_id: int) -> Fair:
    """The organiser's fair (admins may manage too); others get 404."""
    require_user(actor)
    fair = get_fair(fair_id)
    if not (is_organiser(actor, fair) or actor.is_admin):
        raise NotFound(_("Fair not found."))
    return fair


def list_fairs(*, q: str = "", upcoming: bool = False, organiser_id: int | None = None, page: int = 1, per_page: int = 20):
    stmt = db.select(Fair)
    if organiser_id is None:
        stmt = stmt.where(Fair.status == FairStatus.published)
    else:
        stmt = stmt.where(Fair.organiser_id == organiser_id)
    if upcoming:
        stmt = stmt.where(Fair.ends_on >= clock.today())
    if q.strip():
        like = like_pattern(q.strip())
        stmt = stmt.where(db.or_(Fair.name.ilike(like, escape=LIKE_ESCAPE), Fair.name_en.ilike(like, escape=LIKE_ESCAPE),
                                 Fair.venue.ilike(like, escape=LIKE_ESCAPE)))
    stmt = stmt.order_by(Fair.starts_on.asc(), Fair.id.asc())
    return paginate(stmt, page, per_page)


def get_application(application_id: int, fair_id: int | None = None) -> FairApplication:
    a = db.session.get(FairApplication, application_id)
    if a is None or (fair_id is not None and a.fair_id != fair_id):
        raise NotFound(_("Application not found."))
    return a


def get_application_for(actor: Actor, application_id: int, fair_id: int | None = None) -> FairApplication:
    require_user(actor)
    a = get_application(application_id, fair_id)
    if actor.org_id != a.organisation_id and not is_organiser(actor, a.fair) and not actor.is_admin:
        raise NotFound(_("Application not found."))
    return a


def applications_of_fair(actor: Actor, fair_id: int, status: str | None = None) -> list[FairApplication]:
    fair = get_own_fair(actor, fair_id)
    stmt = db.select(FairApplication).options(*_WITH_RELATED).where(FairApplication.fair_id == fair.id)
    if status:
        if status not in ApplicationStatus.__members__:
            raise ValidationFailed(_("Unknown status."), {"status": [_("Unknown status.")]})
        stmt = stmt.where(FairApplication.status == ApplicationStatus(status))
    return list(db.session.scalars(stmt.order_by(FairApplication.created_at, FairApplication.id)))


def applications_of_org(org_id: int) -> list[FairApplication]:
    return list(db.session.scalars(db.select(FairApplication).options(*_WITH_RELATED)
                                   .where(FairApplication.organisation_id == org_id).order_by(FairApplication.id.desc())))


def active_application(fair_id: int, org_id: int) -> FairApplication | None:
    return db.session.scalar(db.select(FairApplication).where(
        FairApplication.fair_id == fair_id, FairApplication.organisation_id == org_id,
        FairApplication.status.in_(ACTIVE)))


def exhibitors(fair_id: int) -> list[FairApplication]:
    return list(db.session.scalars(db.select(FairApplication).options(*_WITH_RELATED).join(Organisation, Organisation.id == FairApplication.organisation_id)
                                   .where(FairApplication.fair_id == fair_id, FairApplication.status == ApplicationStatus.approved)
                                   .order_by(Organisation.trade_name, Organisation.legal_name)))


def exhibitor_application(fair_id: int, org_id: int) -> FairApplication | None:
    return db.session.scalar(db.select(FairApplication).where(
        FairApplication.fair_id == fair_id, FairApplication.organisation_id == org_id,
        FairApplication.status == ApplicationStatus.approved))


def booth_usage(fair: Fair) -> dict[int, int]:
    rows = db.session.execute(db.select(FairApplication.booth_type_id, db.func.count(FairApplication.id))
                              .where(FairApplication.fair_id == fair.id, FairApplication.status == ApplicationStatus.approved)
                              .group_by(FairApplication.booth_type_id))
    return {bt: n for bt, n in rows}


def booth_payment(application: FairApplication):
    return payments.payments_for("booth", [application.id]).get(application.id)


def _active_applications(fair_id: int) -> list[FairApplication]:
    return list(db.session.scalars(db.select(FairApplication).where(
        FairApplication.fair_id == fair_id, FairApplication.status.in_(ACTIVE)).order_by(FairApplication.id)))


def _fair_url(fair_id: int) -> str:
    from flask import has_request_context, url_for

    return url_for("fairs.detail", fair_id=fair_id) if has_request_context() else f"/fairs/{fair_id}"


def org_name(org_id: int) -> str:
    org = db.session.get(Organisation, org_id)
    return org.display_name if org else ""


def forbid_unless_organiser(actor: Actor, fair: Fair) -> None:
    if not is_organiser(actor, fair) and not actor.is_admin:
        raise Forbidden(_("Only the organiser can do this."))


def verified_labels(org_ids: list[int]) -> dict[int, list]:
    """org id → its labels with a verified, unexpired claim (organisation- or listing-level), by name."""
    from ...labels.models import Claim, ClaimStatus, Label

    out: dict[int, list] = {i: [] for i in org_ids}
    if not org_ids:
        return out
    rows = db.session.execute(
        db.select(Claim.organisation_id, Label).join(Label, Label.id == Claim.label_id)
        .where(Claim.organisation_id.in_(org_ids), Claim.status == ClaimStatus.verified,
               Claim.valid_until >= clock.today()).distinct().order_by(Label.code)).all()
    for org_id, label in rows:
        if label not in out[org_id]:
            out[org_id].append(label)
    return out
