"""Who writes and reviews knowledge content: users an administrator granted the editor permission
(administrators are editors too)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...errors import Forbidden, NotFound, ValidationFailed
from ...extensions import db
from ...notifications.services import audit, notify
from ...permissions import Actor, require_admin, require_user
from ...validation import load
from ..models import KnowledgeEditor


def is_editor(actor: Actor) -> bool:
    if not actor.is_authenticated:
        return False
    if actor.is_admin:
        return True
    return db.session.scalar(db.select(KnowledgeEditor.id).where(KnowledgeEditor.user_id == actor.user_id)) is not None


def require_editor(actor: Actor) -> None:
    require_user(actor)
    if not is_editor(actor):
        raise Forbidden(_("Only knowledge editors can do this."))


def editor_ids() -> list[int]:
    """Users who may review: granted editors and administrators."""
    from ...accounts.models import PlatformRole, User

    granted = set(db.session.scalars(db.select(KnowledgeEditor.user_id)))
    admins = set(db.session.scalars(db.select(User.id).where(User.platform_role == PlatformRole.admin,
                                                             User.is_active_account.is_(True))))
    return sorted(granted | admins)


def list_editors() -> list[KnowledgeEditor]:
    return list(db.session.scalars(db.select(KnowledgeEditor).order_by(KnowledgeEditor.granted_at)))


def grant_editor(actor: Actor, data: dict) -> KnowledgeEditor:
    """`data`: {"email"} (schemas.EditorGrantInput)."""
    from ...accounts.models import User
    from ..schemas import EditorGrantInput

    require_admin(actor)
    email = load(EditorGrantInput, data)["email"]
    user = db.session.scalar(db.select(User).where(db.func.lower(User.email) == email.lower()))
    if user is None:
        raise ValidationFailed(_("No user has this e-mail address."), {"email": [_("No user has this e-mail address.")]})
    existing = db.session.scalar(db.select(KnowledgeEditor).where(KnowledgeEditor.user_id == user.id))
    if existing is not None:
        return existing
    editor = KnowledgeEditor(user_id=user.id, granted_by_id=actor.user_id, granted_at=clock.now())
    db.session.add(editor)
    audit(actor.user_id, "knowledge.editor.granted", "user", user.id)
    notify(user.id, "knowledge", _l("You are now a knowledge hub editor"),
           _l("You can write guides, good-practice models and events, and review other editors' work."),
           "/knowledge/editor")
    db.session.commit()
    return editor


def revoke_editor(actor: Actor, user_id: int) -> None:
    require_admin(actor)
    editor = db.session.scalar(db.select(KnowledgeEditor).where(KnowledgeEditor.user_id == user_id))
    if editor is None:
        raise NotFound(_("This user is not an editor."))
    db.session.delete(editor)
    audit(actor.user_id, "knowledge.editor.revoked", "user", user_id)
    db.session.commit()
