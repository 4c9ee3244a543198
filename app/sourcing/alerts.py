"""Reverse matching: when a listing is published or changes, tell
- the supplier about open public requests it matches (in-app notification to its members), and
- buyers whose saved searches it matches;
each (request | saved search, listing) pair once. A daily e-mail digest (`flask sourcing digest`)
repeats these notifications by e-mail, with a signed unsubscribe link per saved search.

Wiring (`sourcing.init_app`): `register_after_index(app, "listing", listings_indexed)`. Every catalog change,
claim change and organisation status change writes an outbox row in its own transaction; the indexer,
after writing the listing's (committed, current) document, calls `listings_indexed` with the documents of
its batch. The matching therefore never runs inside the user's request, and its notifications commit
together with the deletion of the outbox rows (a crash before that commit repeats the batch; the
(target, listing) pairs already alerted are skipped).
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from search import matching as m
from search.text import tokens

from .. import clock, mail, vn
from ..extensions import db
from ..notifications.models import Notification
from ..notifications.services import notify, notify_org
from .models import DigestState, MatchAlert, Rfq, RfqStatus, SavedSearch, Visibility

log = logging.getLogger(__name__)
DIGEST_KINDS = ("sourcing.rfq_match", "sourcing.search_match")


def _alerted_pairs(listing_ids: list[int]) -> set[tuple[str, int, int]]:
    out: set[tuple[str, int, int]] = set()
    for chunk in (listing_ids[i:i + 900] for i in range(0, len(listing_ids), 900)):
        out.update((t, int(tid), int(lid)) for t, tid, lid in db.session.execute(
            db.select(MatchAlert.target_type, MatchAlert.target_id, MatchAlert.listing_id)
            .where(MatchAlert.listing_id.in_(chunk))))
    return out


def _remember(target_type: str, target_id: int, listing_id: int) -> None:
    db.session.add(MatchAlert(target_type=target_type, target_id=target_id, listing_id=listing_id, created_at=clock.now()))


def _url(endpoint: str, fallback: str, **kw) -> str:
    try:
        return url_for(endpoint, **kw)
    except Exception:  # noqa: BLE001 - outside a request
        return fallback


def listings_indexed(docs: dict[int, dict]) -> dict[str, int]:
    """Indexer hook: notify the matches of listings just written to the index (their documents, built from
    the committed rows). Open public requests and saved searches are read once per batch; pairs already
    alerted are skipped. Never commits (the indexer commits). Returns counts."""
    from ..orgs.models import Organisation
    from .matching import listing_facts, spec_for

    counts = {"rfqs": 0, "searches": 0}
    facts = {i: f for i, f in listing_facts(sorted(int(i) for i in docs)).items() if f.active}
    if not facts:
        return counts
    ids = sorted(facts)
    alerted = _alerted_pairs(ids)
    today = clock.today()
    rfqs = list(db.session.scalars(db.select(Rfq).where(
        Rfq.status == RfqStatus.open, Rfq.visibility == Visibility.public, Rfq.closes_on >= today)))
    suppliers: dict[int, Organisation] = {}
    for rfq in rfqs:
        candidates = [f for f in facts.values() if f.org_id != rfq.buyer_org_id
                      and ("rfq", rfq.id, f.listing_id) not in alerted]
        if not candidates:
            continue
        for e in m.rank(spec_for(rfq), candidates):
            f = e.facts
            if f.org_id not in suppliers:
                suppliers[f.org_id] = db.session.get(Organisation, f.org_id)
            _remember("rfq", rfq.id, f.listing_id)
            notify_org(suppliers[f.org_id], "sourcing.rfq_match",
                       _l("Your listing “%(listing)s” matches an open request: %(title)s", listing=f.title, title=rfq.title),
                       url=_url("sourcing.rfq_detail", f"/sourcing/requests/{rfq.id}", rfq_id=rfq.id),
                       email=False)  # e-mailed in the sourcing digest
            counts["rfqs"] += 1
    searches = list(db.session.scalars(db.select(SavedSearch).where(SavedSearch.unsubscribed_at.is_(None))))
    wanted = {s.id: query_words(s.params or {}) for s in searches}  # folded once per batch, not per listing
    for listing_id in ids:
        doc, f = docs.get(listing_id), facts[listing_id]
        if doc is None:
            continue
        text = document_words(doc)
        for s in searches:
            if s.organisation_id == f.org_id or ("search", s.id, listing_id) in alerted \
                    or not wanted[s.id] <= text or not matches_saved_search(s.params or {}, doc, words=set()):
                continue
            _remember("search", s.id, listing_id)
            notify(s.user_id, "sourcing.search_match",
                   _l("New listing for your saved search “%(name)s”: %(listing)s", name=s.name, listing=f.title),
                   url=_listing_url(listing_id, f.title), email=False)  # e-mailed in the sourcing digest
            counts["searches"] += 1
    return counts


def listing_changed(listing_id: int) -> dict[str, int]:
    """Match one listing now, from its current row (scripts and tests; the indexer batches). Never commits."""
    doc = _document(listing_id)
    return listings_indexed({listing_id: doc}) if doc else {"rfqs": 0, "searches": 0}


def _listing_url(listing_id: int, title: str) -> str:
    from urllib.parse import quote

    from ..discovery.services import object_url

    try:
        return object_url("listing", listing_id) or f"/search?q={quote(title)}"
    except Exception:  # noqa: BLE001 - outside a request
        return f"/search?q={quote(title)}"


def _document(listing_id: int) -> dict | None:
    from ..catalog.documents import listing_document
    from ..catalog.models import Listing

    listing = db.session.get(Listing, listing_id)
    return listing_document(listing) if listing is not None else None


# ------------------------------------------------------------------ saved searches

SEARCH_KEYS = ("q", "category", "label", "label_kind", "province", "export_market", "verified", "price", "price_min",
               "price_max", "moq_max", "recycled_min")


def _list(v) -> list[str]:
    if v in (None, "", []):
        return []
    return [str(x) for x in (v if isinstance(v, list) else [v])]


TEXT_FIELDS = ("title", "title_en", "description", "description_en", "material", "org_name")


def query_words(params: dict[str, Any]) -> set[str]:
    """The folded words of a saved search's text (every one must be in a matching listing)."""
    return set(tokens(str(params.get("q") or "")))


def document_words(doc: dict[str, Any]) -> set[str]:
    """The folded words of a listing document's text fields."""
    text: set[str] = set()
    for f in TEXT_FIELDS:
        text.update(tokens(str(doc.get(f) or "")))
    return text


def matches_saved_search(params: dict[str, Any], doc: dict[str, Any], *, words: set[str] | None = None) -> bool:
    """Does a listing document satisfy a saved /search query? (every word, every filter). `words`: the
    query's words when the caller already checked them against the document (an empty set skips the check)."""
    words = query_words(params) if words is None else words
    if words and not words <= document_words(doc):
        return False
    cats = _list(params.get("category"))
    if cats and not set(cats) & set(doc.get("category_path") or [doc.get("category")]):
        return False
    for key, field in (("label", "labels"), ("label_kind", "label_kinds"), ("export_market", "export_markets")):
        wanted = _list(params.get(key))
        if wanted and not set(wanted) & set(doc.get(field) or []):
            return False
    provinces = {vn.province_code(p) or p for p in _list(params.get("province"))}  # saved as `1` or `01`
    if provinces and vn.province_code(doc.get("province")) not in provinces:
        return False
    if str(params.get("verified") or "").lower() in ("1", "true", "yes", "on") and not doc.get("verified"):
        return False
    price = doc.get("price_min")
    limits = {key: params.get(key) for key in ("price_min", "price_max")}
    if params.get("price") and all(v in (None, "") for v in limits.values()):  # a bucket kept before 0035
        from ..discovery.services import price_range

        try:
            limits = dict(zip(("price_min", "price_max"), price_range(str(params["price"]))))
        except ValueError:
            limits = {}
    for key, op in (("price_min", "gte"), ("price_max", "lte")):
        if limits.get(key) not in (None, ""):
            limit = float(limits[key])
            if price is None or (op == "gte" and price < limit) or (op == "lte" and price > limit):
                return False
    if params.get("moq_max") not in (None, ""):
        if doc.get("moq") is None or float(doc["moq"]) > float(params["moq_max"]):
            return False
    if params.get("recycled_min") not in (None, ""):
        if doc.get("recycled_pct") is None or float(doc["recycled_pct"]) < float(params["recycled_min"]):
            return False
    return True


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="sourcing-saved-search-unsubscribe")


def unsubscribe_token(search_id: int) -> str:
    return _serializer().dumps(search_id)


def search_from_token(token: str) -> SavedSearch | None:
    try:
        search_id = _serializer().loads(token)
    except BadSignature:
        return None
    return db.session.get(SavedSearch, int(search_id))


# ------------------------------------------------------------------ daily digest

def send_digests(*, since_default: dt.timedelta = dt.timedelta(days=1)) -> int:
    """E-mail every user the match notifications since their last digest. Returns messages sent."""
    from ..accounts.models import User

    now = clock.now()
    states = {s.user_id: s for s in db.session.scalars(db.select(DigestState))}
    user_ids = db.session.scalars(db.select(Notification.user_id).where(
        Notification.kind.in_(DIGEST_KINDS), Notification.created_at >= now - dt.timedelta(days=30)).distinct())
    sent = 0
    for user_id in sorted(set(user_ids)):
        state = states.get(user_id)
        since = state.last_sent_at if state else now - since_default
        items = list(db.session.scalars(db.select(Notification).where(
            Notification.user_id == user_id, Notification.kind.in_(DIGEST_KINDS), Notification.created_at > since,
            Notification.created_at <= now).order_by(Notification.created_at, Notification.id)))
        if not items:
            continue
        user = db.session.get(User, user_id)
        searches = list(db.session.scalars(db.select(SavedSearch).where(
            SavedSearch.user_id == user_id, SavedSearch.unsubscribed_at.is_(None)).order_by(SavedSearch.id)))
        with current_app.test_request_context(base_url=mail.public_base() + "/"):
            links = [(s.name, mail.public_url("sourcing.unsubscribe", token=unsubscribe_token(s.id))) for s in searches]
            base = mail.public_base()
            mail.send(user.email, _("GreenConnect: %(n)d new matches", n=len(items)), "sourcing_digest",
                      items=items, base=base, unsubscribe_links=links)
        if state is None:
            state = DigestState(user_id=user_id, last_sent_at=now)
            db.session.add(state)
        state.last_sent_at = now
        sent += 1
    db.session.commit()
    return sent
