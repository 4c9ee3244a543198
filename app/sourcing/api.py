"""/api/v1/rfqs, quotes, deals, messages and saved searches."""
from flask_smorest import Blueprint

from search.matching import WEIGHTS

from ..api import BEARER, auth_required, document_errors, input_body, page_body
from . import services
from .matching import match_item, match_rfq
from .schemas import (DealSchema, MatchArgsSchema, MatchesSchema, MessageArgsSchema, MessageInput, MessageSchema,
                      QuoteComparisonSchema, QuoteInput, QuoteSchema, ReasonSchema, RfqInput, RfqInvitationSchema,
                      RfqListArgsSchema, RfqSchema, SavedSearchInput, SavedSearchSchema, ThreadSchema)

blp = Blueprint("api_sourcing", __name__, url_prefix="/api/v1", description="Sourcing requests, quotes and deals")


@blp.route("/rfqs", methods=["POST"])
@input_body(blp, RfqInput)
@blp.response(201, RfqSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def create_rfq(actor, body):
    """Create a sourcing request (buyer organisations); `status: open` publishes it at once."""
    return services.create_rfq(actor, body)


@blp.route("/rfqs", methods=["GET"])
@blp.arguments(RfqListArgsSchema, location="query")
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def list_rfqs(actor, args):
    """Buyers: their own requests. Suppliers: open public requests and those they were invited to."""
    page = services.list_rfqs(actor, scope=args["scope"], status=args["status"], q=args["q"], page=args["page"],
                              per_page=args["per_page"])
    return page_body(page, RfqSchema())


@blp.route("/rfqs/<int:rfq_id>", methods=["GET"])
@blp.response(200, RfqSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def get_rfq(actor, rfq_id):
    return services.get_rfq(actor, rfq_id)


@blp.route("/rfqs/<int:rfq_id>", methods=["PATCH"])
@input_body(blp, RfqInput(partial=True))
@blp.response(200, RfqSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def update_rfq(actor, body, rfq_id):
    """Edit a request, or open (`status: open`) / close (`status: closed`) it (buyer only)."""
    return services.update_rfq(actor, rfq_id, body)


@blp.route("/rfqs/<int:rfq_id>/matches", methods=["GET"])
@blp.arguments(MatchArgsSchema, location="query")
@blp.response(200, MatchesSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404)
@auth_required
def matches(actor, args, rfq_id):
    """Explained matches, best first; `explanation` has one entry per score component whose points add
    up to `score`. Listings that name the product the request names (`names_product: true`; the words
    are in `explanation.text.product_terms` / `named_terms`) come before those that only share its
    category (`false`), whatever their scores; `null` when the request names nothing beyond its
    category. `suppliers` groups the same matches by supplier."""
    rfq = services.get_own_rfq(actor, rfq_id)
    result = match_rfq(rfq, limit=args["limit"], per_supplier=args["per_supplier"])
    suppliers, items = [], []
    for g in result.groups:
        name = result.orgs[g.org_id].display_name if g.org_id in result.orgs else ""
        listed = [dict(match_item(e), org_name=name) for e in g.matches]
        items += listed
        suppliers.append({"org_id": g.org_id, "org_name": name, "score": g.score, "listings": listed})
    items.sort(key=lambda i: (i["names_product"] is False, -round(i["score"] * 100), i["listing_id"]))
    return {"items": items, "suppliers": suppliers, "total": result.total, "weights": WEIGHTS,
            "degraded": result.degraded}


@blp.route("/rfqs/<int:rfq_id>/invitations", methods=["POST"])
@blp.arguments(RfqInvitationSchema)
@blp.response(201, RfqInvitationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def invite(actor, body, rfq_id):
    """Invite a supplier to quote (buyer only)."""
    return services.invite_supplier(actor, rfq_id, body["supplier_org_id"], body.get("listing_id"))


@blp.route("/rfqs/<int:rfq_id>/decline", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, RfqInvitationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 422)
@auth_required
def decline_invitation(actor, body, rfq_id):
    """An invited supplier declines to quote."""
    return services.decline_invitation(actor, rfq_id, body["reason"])


@blp.route("/rfqs/<int:rfq_id>/quotes", methods=["POST"])
@input_body(blp, QuoteInput)
@blp.response(201, QuoteSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def submit_quote(actor, body, rfq_id):
    """Answer a request with a quote (producers who can see it)."""
    return services.submit_quote(actor, rfq_id, body)


@blp.route("/rfqs/<int:rfq_id>/quotes", methods=["GET"])
@blp.response(200, QuoteSchema(many=True))
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def list_quotes(actor, rfq_id):
    """The buyer sees every quote on its request; a supplier only its own."""
    return services.list_quotes(actor, rfq_id)


@blp.route("/rfqs/<int:rfq_id>/quotes/comparison", methods=["GET"])
@blp.response(200, QuoteComparisonSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def compare_quotes(actor, rfq_id):
    """The quote comparison (the page's twin): per quote the price, lead time, certified labels, distance and
    the estimated transport CO2e (road and lowest-emission mode), cheapest first. The buyer sees every quote,
    a supplier only its own."""
    rfq, rows = services.compare_quotes(actor, rfq_id)
    return {"rfq_id": rfq.id, "rows": rows}


@blp.route("/quotes/<int:quote_id>/accept", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(201, DealSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409)
@auth_required
def accept_quote(actor, body, quote_id):
    """Accept a quote: records the deal and declines the other quotes (`reason` is sent to them)."""
    return services.accept_quote(actor, quote_id, body["reason"])


@blp.route("/quotes/<int:quote_id>/decline", methods=["POST"])
@blp.arguments(ReasonSchema)
@blp.response(200, QuoteSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409)
@auth_required
def decline_quote(actor, body, quote_id):
    return services.decline_quote(actor, quote_id, body["reason"])


@blp.route("/quotes/<int:quote_id>/withdraw", methods=["POST"])
@blp.response(200, QuoteSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409)
@auth_required
def withdraw_quote(actor, quote_id):
    return services.withdraw_quote(actor, quote_id)


@blp.route("/deals", methods=["GET"])
@blp.arguments(RfqListArgsSchema(only=("page", "per_page")), location="query")
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403)
@auth_required
def list_deals(actor, args):
    return page_body(services.list_deals(actor, page=args["page"], per_page=args["per_page"]), DealSchema())


@blp.route("/deals/<int:deal_id>", methods=["GET"])
@blp.response(200, DealSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def get_deal(actor, deal_id):
    return services.get_deal(actor, deal_id)


@blp.route("/rfqs/<int:rfq_id>/threads", methods=["GET"])
@blp.response(200, ThreadSchema(many=True))
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def list_threads(actor, rfq_id):
    """Conversations of a request the caller is party to, with unread counts."""
    return [{"id": t.id, "rfq_id": t.rfq_id, "supplier_org_id": t.supplier_org_id,
             "supplier_name": t.supplier.display_name, "last_message_at": t.last_message_at, "unread": n}
            for t, n in services.threads_for(actor, rfq_id)]


@blp.route("/rfqs/<int:rfq_id>/messages", methods=["GET"])
@blp.arguments(MessageArgsSchema, location="query")
@blp.response(200, MessageSchema(many=True))
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 422)
@auth_required
def list_messages(actor, args, rfq_id):
    """Messages of the thread with `supplier_org_id` (buyers) or with the caller's organisation (suppliers)."""
    _thread, messages = services.list_messages(actor, rfq_id, args["supplier_org_id"])
    return messages


@blp.route("/rfqs/<int:rfq_id>/messages", methods=["POST"])
@input_body(blp, MessageInput)
@blp.response(201, MessageSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def send_message(actor, body, rfq_id):
    return services.send_message(actor, rfq_id, body)


@blp.route("/saved-searches", methods=["GET"])
@blp.response(200, SavedSearchSchema(many=True))
@blp.doc(security=BEARER)
@document_errors(blp, 401)
@auth_required
def list_saved_searches(actor):
    return services.list_saved_searches(actor)


@blp.route("/saved-searches", methods=["POST"])
@input_body(blp, SavedSearchInput)
@blp.response(201, SavedSearchSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 409, 422)
@auth_required
def save_search(actor, body):
    """Save a listing search (the /search page's arguments); new matching listings are notified."""
    return services.save_search(actor, body)


@blp.route("/saved-searches/<int:search_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def delete_saved_search(actor, search_id):
    services.delete_saved_search(actor, search_id)
    return None
