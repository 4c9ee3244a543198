"""Writing, reviewing and publishing knowledge content, with every revision kept.

Rules
- Editors (granted by an administrator; administrators too) create items — guides, good-practice
  models, events — as a draft revision. An item has at most one open revision (draft or in review);
  editing a published item opens a new revision from the live content, and the live content stays
  what the public sees until that revision is published.
- Submitting puts the open revision in review; any other editor is told. The reviewer must not be a
  contributor to the revision (whoever created or edited it): publishing copies the revision onto the
  item (its live content), keeps the revision as published history, and sends the item to search;
  returning sends it back to draft with the reviewer's note.
- Editing a revision in review takes it back to draft (it must be submitted again).
- Unpublishing (any editor, with a reason) takes the item out of the hub and search; its revisions stay.
  Publishing a later revision puts it back.
- Events: an event's capacity cannot be set below the places already taken; a larger capacity on
  publishing promotes people from the waiting list.
Content is validated by `schemas.ContentInput` (types, lengths, codes and what each type needs), the
same for pages and API; an edit is laid over the open revision and the whole is loaded again.
"""
from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...errors import Conflict, NotFound
from ...extensions import db
from ...locking import lock
from ...notifications.services import audit, enqueue_index, notify
from ...permissions import Actor
from ...validation import load
from ..models import (EventFormat, ItemStatus, ItemType, KnowledgeItem, KnowledgeRevision, RegistrationStatus,
                      RevisionStatus)
from ..schemas import (ContentInput, KnowledgeCreateInput, KnowledgeEditInput, KnowledgeReviewInput,
                       KnowledgeSubmitInput, KnowledgeUnpublishInput)
from .editors import editor_ids, require_editor

# Content fields (the revision's JSON keys and the item's live columns).
TEXT_FIELDS = ("title", "title_en", "summary", "summary_en", "body", "body_en", "what_changed", "what_changed_en",
               "results", "results_en", "contact", "evidence", "place", "online_url", "materials", "materials_en")
CODE_FIELDS = ("sector", "topic", "province_code", "organisation_id", "event_kind", "event_format", "capacity",
               "waitlist", "starts_at", "ends_at")
CONTENT_FIELDS = TEXT_FIELDS + CODE_FIELDS
# What each type uses (other fields are cleared).
TYPE_FIELDS = {
    "guide": {"title", "title_en", "summary", "summary_en", "body", "body_en", "sector", "topic", "province_code"},
    "model": {"title", "title_en", "summary", "summary_en", "body", "body_en", "sector", "province_code",
              "organisation_id", "what_changed", "what_changed_en", "results", "results_en", "contact", "evidence"},
    "event": {"title", "title_en", "summary", "summary_en", "body", "body_en", "sector", "province_code",
              "event_kind", "event_format", "starts_at", "ends_at", "place", "online_url", "capacity", "waitlist",
              "materials", "materials_en"},
}
DEFAULTS = {"sector": "general", "waitlist": True}
OPEN = (RevisionStatus.draft, RevisionStatus.in_review)


def _to_json(content: dict) -> dict:
    out = {}
    for k, v in content.items():
        out[k] = v.isoformat() if hasattr(v, "isoformat") else v
    return out


def _from_json(content: dict) -> dict:
    out = dict(content)
    for k in ("starts_at", "ends_at"):
        if isinstance(out.get(k), str):
            out[k] = dt.datetime.fromisoformat(out[k])
    return out


def _wire(content: dict) -> dict:
    """Stored content (a revision's JSON or the live columns; times naive UTC) as input for the schema."""
    out = {}
    for k in CONTENT_FIELDS:
        v = content.get(k)
        if isinstance(v, str) and k in ("starts_at", "ends_at") and v:
            v = dt.datetime.fromisoformat(v)
        if isinstance(v, dt.datetime):
            v = (v if v.tzinfo else v.replace(tzinfo=dt.UTC)).isoformat()
        out[k] = v
    return out


def _keep(item_type: str, values: dict) -> dict:
    """The content a type keeps (other fields cleared), with defaults."""
    keep = TYPE_FIELDS[item_type]
    c = {}
    for k in CONTENT_FIELDS:
        v = values.get(k) if k in keep else None
        if v is None:
            v = DEFAULTS.get(k) if k in keep else None
        c[k] = ("" if v is None else v) if k in TEXT_FIELDS else v
    c["waitlist"] = bool(c["waitlist"]) if "waitlist" in keep else True
    return c


def check_content(item: KnowledgeItem, content: dict, schema=ContentInput) -> dict:
    """The content `item` would have (`content`: stored or laid-over input), loaded by the schema with what
    the item's type needs; ValidationFailed with field messages otherwise."""
    item_type = item.type.value
    taken = _taken(item.id) if item_type == "event" and item.id is not None else 0
    values = load(schema(item_type=item_type, taken=taken), content)
    return values


def _taken(item_id: int) -> int:
    from ..models import EventRegistration

    return db.session.scalar(db.select(db.func.count(EventRegistration.id)).where(
        EventRegistration.item_id == item_id, EventRegistration.status == RegistrationStatus.registered)) or 0


def _apply(item: KnowledgeItem, content: dict) -> None:
    for k in CONTENT_FIELDS:
        value = content.get(k)
        if k == "event_format":
            value = EventFormat(value) if value else None
        if k in TEXT_FIELDS and value is None:
            value = ""
        setattr(item, k, value)


def live_content(item: KnowledgeItem) -> dict:
    out = {}
    for k in CONTENT_FIELDS:
        v = getattr(item, k)
        out[k] = v.value if hasattr(v, "value") else v
    return out


# ------------------------------------------------------------------ reads for editors

def get_item(item_id: int) -> KnowledgeItem:
    item = db.session.get(KnowledgeItem, item_id)
    if item is None:
        raise NotFound(_("Not found."))
    return item


def get_for_editor(actor: Actor, item_id: int) -> KnowledgeItem:
    require_editor(actor)
    return get_item(item_id)


def open_revision(item: KnowledgeItem) -> KnowledgeRevision | None:
    return db.session.scalar(db.select(KnowledgeRevision).where(
        KnowledgeRevision.item_id == item.id, KnowledgeRevision.status.in_(OPEN)))


def revision(item: KnowledgeItem, number: int) -> KnowledgeRevision:
    r = db.session.scalar(db.select(KnowledgeRevision).where(KnowledgeRevision.item_id == item.id,
                                                             KnowledgeRevision.number == number))
    if r is None:
        raise NotFound(_("Revision not found."))
    return r


def revisions(item: KnowledgeItem, *, published_only: bool = False) -> list[KnowledgeRevision]:
    stmt = db.select(KnowledgeRevision).where(KnowledgeRevision.item_id == item.id)
    if published_only:
        stmt = stmt.where(KnowledgeRevision.status == RevisionStatus.published)
    return list(db.session.scalars(stmt.order_by(KnowledgeRevision.number.desc())))


def working_content(item: KnowledgeItem) -> dict:
    """What an editor edits: the open revision, else the live content."""
    r = open_revision(item)
    return _from_json(r.content) if r is not None else live_content(item)


def editor_queue(actor: Actor, status: str | None = None, page: int = 1, per_page: int = 20):
    """Items for the editors' desk, most recently changed first; `status`: draft | in_review (by open
    revision) or published | unpublished (by item)."""
    from ...pagination import paginate

    require_editor(actor)
    stmt = db.select(KnowledgeItem)
    if status in ("draft", "in_review"):
        stmt = stmt.where(db.exists().where(KnowledgeRevision.item_id == KnowledgeItem.id,
                                            KnowledgeRevision.status == RevisionStatus(status)))
    elif status in ("published", "unpublished"):
        stmt = stmt.where(KnowledgeItem.status == ItemStatus(status))
    return paginate(stmt.order_by(KnowledgeItem.updated_at.desc(), KnowledgeItem.id.desc()), page, per_page)


def open_revisions(item_ids: list[int]) -> dict[int, KnowledgeRevision]:
    if not item_ids:
        return {}
    rows = db.session.scalars(db.select(KnowledgeRevision).where(KnowledgeRevision.item_id.in_(item_ids),
                                                                 KnowledgeRevision.status.in_(OPEN)))
    return {r.item_id: r for r in rows}


# ------------------------------------------------------------------ writing

def create_item(actor: Actor, data: dict) -> KnowledgeItem:
    require_editor(actor)
    values = load(KnowledgeCreateInput, data)
    item_type = values.pop("type")
    note = values.pop("note", None) or ""
    content = _keep(item_type, values)
    now = clock.now()
    item = KnowledgeItem(type=ItemType(item_type), status=ItemStatus.draft, created_by_id=actor.user_id)
    _apply(item, content)
    db.session.add(item)
    db.session.flush()
    rev = KnowledgeRevision(item_id=item.id, number=1, status=RevisionStatus.draft, content=_to_json(content), note=note,
                            contributors=[actor.user_id], created_by_id=actor.user_id, created_at=now, updated_at=now)
    db.session.add(rev)
    audit(actor.user_id, "knowledge.item.created", "knowledge_item", item.id, {"type": item_type})
    db.session.commit()
    return item


def _lock(item_id: int) -> KnowledgeItem:
    """The item row, locked for this transaction and re-read (app.locking: FOR UPDATE on PostgreSQL,
    BEGIN IMMEDIATE on SQLite), so that concurrent changes are seen."""
    item = lock(KnowledgeItem, item_id)
    if item is None:
        raise NotFound(_("Not found."))
    return item


def edit_item(actor: Actor, item_id: int, data: dict) -> KnowledgeRevision:
    """Change the open revision (fields left out keep their value); opens one from the live content when
    there is none. A revision in review goes back to draft."""
    require_editor(actor)
    item = _lock(item_id)
    rev = open_revision(item)
    base = _wire(rev.content if rev is not None else live_content(item))
    values = check_content(item, {**base, **data} if isinstance(data, Mapping) else data, KnowledgeEditInput)
    note = values.pop("note", None)
    content = _keep(item.type.value, values)
    now = clock.now()
    if rev is None:
        number = (db.session.scalar(db.select(db.func.max(KnowledgeRevision.number))
                                    .where(KnowledgeRevision.item_id == item.id)) or 0) + 1
        rev = KnowledgeRevision(item_id=item.id, number=number, status=RevisionStatus.draft, contributors=[],
                                created_by_id=actor.user_id, created_at=now)
        db.session.add(rev)
    elif rev.status == RevisionStatus.in_review:
        rev.status, rev.submitted_at = RevisionStatus.draft, None
    rev.content = _to_json(content)
    rev.updated_at = now
    if note is not None:
        rev.note = note
    if actor.user_id not in (rev.contributors or []):
        rev.contributors = list(rev.contributors or []) + [actor.user_id]
    if item.status == ItemStatus.draft:  # never public: the item shows the draft to editors
        _apply(item, content)
    item.updated_at = now
    db.session.flush()
    audit(actor.user_id, "knowledge.revision.edited", "knowledge_item", item.id, {"revision": rev.number})
    db.session.commit()
    return rev


def submit(actor: Actor, item_id: int, data: dict | None = None) -> KnowledgeRevision:
    require_editor(actor)
    values = load(KnowledgeSubmitInput, data)
    item = _lock(item_id)
    rev = open_revision(item)
    if rev is None:
        raise Conflict(_("There is no draft to submit: edit the item first."))
    if rev.status == RevisionStatus.in_review:
        db.session.rollback()
        return rev
    check_content(item, _wire(rev.content))
    now = clock.now()
    rev.status, rev.submitted_at, rev.updated_at = RevisionStatus.in_review, now, now
    if values.get("note"):
        rev.note = values["note"]
    item.updated_at = now
    audit(actor.user_id, "knowledge.revision.submitted", "knowledge_item", item.id, {"revision": rev.number})
    title = _l("Review requested: %(title)s", title=rev.content.get("title") or item.title)
    for user_id in editor_ids():
        if user_id not in (rev.contributors or []):
            notify(user_id, "knowledge", title, rev.note, f"/knowledge/editor/{item.id}")
    db.session.commit()
    return rev


def review(actor: Actor, item_id: int, data: dict) -> KnowledgeRevision:
    """publish (the revision becomes the live content) or return (back to draft, with a note)."""
    require_editor(actor)
    values = load(KnowledgeReviewInput, data)
    item = _lock(item_id)
    rev = open_revision(item)
    if rev is None or rev.status != RevisionStatus.in_review:
        raise Conflict(_("Nothing of this item is waiting for review."))
    if actor.user_id in (rev.contributors or []):
        raise Conflict(_("You wrote this revision: another editor must review it."))
    now = clock.now()
    rev.reviewer_id, rev.reviewed_at, rev.review_note = actor.user_id, now, values.get("note", "")
    title = rev.content.get("title") or item.title
    if values["decision"] == "return":
        rev.status, rev.submitted_at = RevisionStatus.draft, None
        audit(actor.user_id, "knowledge.revision.returned", "knowledge_item", item.id, {"revision": rev.number})
        for user_id in rev.contributors or []:
            notify(user_id, "knowledge", _l("Changes requested: %(title)s", title=title), rev.review_note,
                   f"/knowledge/editor/{item.id}")
        db.session.commit()
        return rev
    content = _keep(item.type.value, check_content(item, _wire(rev.content)))
    rev.status, rev.published_at = RevisionStatus.published, now
    _apply(item, content)
    item.status, item.live_revision = ItemStatus.published, rev.number
    item.published_at = item.published_at or now
    item.last_published_at, item.updated_at = now, now
    item.bump_version()
    db.session.flush()
    if item.type == ItemType.event:
        from .registrations import fill_seats

        fill_seats(item)
    enqueue_index("knowledge", item.id)
    audit(actor.user_id, "knowledge.revision.published", "knowledge_item", item.id, {"revision": rev.number})
    for user_id in rev.contributors or []:
        notify(user_id, "knowledge", _l("Published: %(title)s", title=title), "", f"/knowledge/{item.id}")
    db.session.commit()
    return rev


def unpublish(actor: Actor, item_id: int, data: dict) -> KnowledgeItem:
    require_editor(actor)
    values = load(KnowledgeUnpublishInput, data)
    item = _lock(item_id)
    if item.status != ItemStatus.published:
        raise Conflict(_("This item is not published."))
    item.status, item.updated_at = ItemStatus.unpublished, clock.now()
    item.bump_version()
    enqueue_index("knowledge", item.id)
    audit(actor.user_id, "knowledge.item.unpublished", "knowledge_item", item.id, {"reason": values["reason"]})
    db.session.commit()
    return item


# ------------------------------------------------------------------ history

def diff(item: KnowledgeItem, old: int, new: int) -> list[dict]:
    """Field by field, the lines that differ between two revisions: [{"field", "lines": [(sign, text)]}]."""
    a, b = revision(item, old).content, revision(item, new).content
    out = []
    for k in CONTENT_FIELDS:
        va, vb = a.get(k), b.get(k)
        if (va or "") == (vb or ""):
            continue
        la = str(va if va is not None else "").splitlines() or [""]
        lb = str(vb if vb is not None else "").splitlines() or [""]
        lines = []
        for line in difflib.unified_diff(la, lb, lineterm="", n=2):
            if line.startswith(("---", "+++")):
                continue
            sign = line[:1] if line[:1] in "+-@" else " "
            lines.append((sign, line[1:] if sign != "@" else ""))
        out.append({"field": k, "lines": lines})
    return out
