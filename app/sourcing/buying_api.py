"""/api/v1 twins of a buyer's buttons: direct inquiries, messages to suppliers and the inbox, saved
products and followed suppliers, adding a listing to a request."""
from flask_smorest import Blueprint

from ..api import BEARER, auth_required, document_errors, input_body, page_body
from ..pagination import PageArgsSchema
from . import services
from .schemas import (AddToRequestInput, ConversationSchema, DirectMessageInput, InquiryInput, InquirySchema,
                      MessageSchema, RfqInvitationSchema, SavedSchema)

blp = Blueprint("api_buying", __name__, url_prefix="/api/v1", description="A buyer's buttons: inquiries, messages, saved")


@blp.route("/inquiries", methods=["POST"])
@input_body(blp, InquiryInput)
@blp.response(201, InquirySchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def send_inquiry(actor, body):
    """Ask one supplier for a quote on one of its listings: a private request (only that supplier sees it),
    titled and unit-ed like the listing, open at once; `message` starts the conversation. 409 while the
    caller's organisation has an open inquiry about the same listing; 403 for the own organisation's
    listings or an organisation not approved yet."""
    return services.send_inquiry(actor, body)


@blp.route("/listings/<int:listing_id>/add-to-request", methods=["POST"])
@input_body(blp, AddToRequestInput)
@blp.response(201, RfqInvitationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def add_to_request(actor, body, listing_id):
    """Invite the listing's supplier, with this listing, to one of the caller's open requests (409 when it
    is already invited, the request is closed or is a direct inquiry)."""
    return services.add_listing_to_request(actor, listing_id, body)


@blp.route("/conversations", methods=["GET"])
@blp.arguments(PageArgsSchema, location="query")
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def inbox(actor, args):
    """Every conversation of the caller's organisation, buyer or supplier side, direct or about a request,
    latest first, with unread counts."""
    page = services.inbox(actor, page=args["page"], per_page=args["per_page"])
    rows, page.items = page.items, [t for t, _n in page.items]
    body = page_body(page, ConversationSchema())
    for item, (_t, unread) in zip(body["items"], rows):
        item["unread"] = unread
    return body


@blp.route("/conversations/<int:thread_id>/messages", methods=["GET"])
@blp.response(200, MessageSchema(many=True))
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def conversation_messages(actor, thread_id):
    """Messages of a conversation the caller's organisation is party to (marks it read)."""
    _thread, messages = services.read_conversation(actor, thread_id)
    return messages


@blp.route("/conversations/<int:thread_id>/messages", methods=["POST"])
@input_body(blp, DirectMessageInput)
@blp.response(201, MessageSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 422)
@auth_required
def reply(actor, body, thread_id):
    """Write in a direct conversation (request conversations: POST /rfqs/{id}/messages)."""
    return services.reply(actor, thread_id, body)


@blp.route("/suppliers/<int:org_id>/messages", methods=["POST"])
@input_body(blp, DirectMessageInput)
@blp.response(201, MessageSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 422)
@auth_required
def message_supplier(actor, body, org_id):
    """Write to a supplier outside any request; the first message starts the conversation (`thread_id`)."""
    return services.message_supplier(actor, org_id, body)


@blp.route("/saved", methods=["GET"])
@blp.response(200, SavedSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401)
@auth_required
def saved(actor):
    """The caller's saved products and followed suppliers."""
    return _saved(actor)


@blp.route("/saved/listings/<int:listing_id>", methods=["PUT"])
@blp.response(200, SavedSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409)
@auth_required
def save_listing(actor, listing_id):
    """Save a product (saving it again changes nothing); changes of its price, availability and
    certifications are then notified."""
    services.save_listing(actor, listing_id)
    return _saved(actor)


@blp.route("/saved/listings/<int:listing_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def unsave_listing(actor, listing_id):
    services.unsave_listing(actor, listing_id)
    return None


@blp.route("/saved/suppliers/<int:org_id>", methods=["PUT"])
@blp.response(200, SavedSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409)
@auth_required
def follow(actor, org_id):
    """Follow a supplier (again: nothing changes); its new listings are then notified."""
    services.follow_supplier(actor, org_id)
    return _saved(actor)


@blp.route("/saved/suppliers/<int:org_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def unfollow(actor, org_id):
    services.unfollow_supplier(actor, org_id)
    return None


def _saved(actor) -> dict:
    listings, suppliers = services.list_saved(actor)
    return {"listings": listings, "suppliers": suppliers}
