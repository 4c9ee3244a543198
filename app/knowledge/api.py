"""/api/v1/knowledge: the twins of the hub's pages over the same service calls. Request bodies are
validated once, by the services' own schemas (documented here with the same schemas)."""
from __future__ import annotations

from flask_babel import get_locale
from flask_smorest import Blueprint

from ..api import BEARER, auth_optional, auth_required, document_errors, input_body
from . import services
from .documents import search_knowledge
from .schemas import (AttendanceInput, EditorGrantInput, EventRegistrationSchema, KnowledgeCreateInput,
                      KnowledgeEditInput, KnowledgeEditorSchema, KnowledgeItemPageSchema, KnowledgeItemSchema,
                      KnowledgeQueueArgs, KnowledgeReviewInput, KnowledgeRevisionSchema, KnowledgeSearchArgs,
                      KnowledgeSearchBodySchema, KnowledgeSubmitInput, KnowledgeUnpublishInput)

blp = Blueprint("api_knowledge", __name__, url_prefix="/api/v1/knowledge",
                description="Knowledge hub: guides, good-practice models and events (trainings, awareness activities)")


@blp.route("", methods=["GET"])
@blp.arguments(KnowledgeSearchArgs, location="query")
@blp.response(200, KnowledgeSearchBodySchema)
@document_errors(blp, 422, 503)
def search(args):
    """Search published content (accents optional: "nhan sinh thai" finds "Nhãn sinh thái"); facets type,
    sector, province, topic. `upcoming=true` lists events that have not ended."""
    page = search_knowledge(args, str(get_locale() or "vi"))
    return {"items": page.items, "total": page.total, "page": page.page, "per_page": page.per_page,
            "pages": page.pages, "facets": page.facets}


@blp.route("", methods=["POST"])
@input_body(blp, KnowledgeCreateInput)
@blp.doc(security=BEARER)
@blp.response(201, KnowledgeItemSchema)
@document_errors(blp, 401, 403, 422)
@auth_required
def create(actor, body):
    """Create an item as a draft revision (editors). Guides need a topic; models a province, what changed,
    results and a contact; events kind, format, start, end, capacity, venue and/or joining link."""
    return services.create_item(actor, body)


@blp.route("/review-queue", methods=["GET"])
@blp.arguments(KnowledgeQueueArgs, location="query")
@blp.response(200, KnowledgeItemPageSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def queue(actor, args):
    """Items for the editors' desk (`status`: draft | in_review | published | unpublished)."""
    page = services.editor_queue(actor, args.get("status"), args["page"], args["per_page"])
    return {"items": page.items, "total": page.total, "page": page.page, "per_page": page.per_page, "pages": page.pages}


@blp.route("/<int:item_id>", methods=["GET"])
@blp.response(200, KnowledgeItemSchema)
@document_errors(blp, 404)
@auth_optional
def detail(actor, item_id):
    """A published item (its live content). Editors may also read unpublished items."""
    return services.get_public(actor, item_id)


@blp.route("/<int:item_id>", methods=["PATCH"])
@input_body(blp, KnowledgeEditInput(partial=True))
@blp.doc(security=BEARER)
@blp.response(200, KnowledgeRevisionSchema)
@document_errors(blp, 401, 403, 404, 422)
@auth_required
def edit(actor, body, item_id):
    """Edit the open revision (editors); fields left out keep their value. Editing a published item opens a
    new revision; the public keeps seeing the published one until the new one is published."""
    return services.edit_item(actor, item_id, body)


@blp.route("/<int:item_id>/submit", methods=["POST"])
@input_body(blp, KnowledgeSubmitInput)
@blp.doc(security=BEARER)
@blp.response(200, KnowledgeRevisionSchema)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def submit(actor, body, item_id):
    """Submit the open revision for review; the other editors are told."""
    return services.submit(actor, item_id, body)


@blp.route("/<int:item_id>/review", methods=["POST"])
@input_body(blp, KnowledgeReviewInput)
@blp.doc(security=BEARER)
@blp.response(200, KnowledgeRevisionSchema)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def review(actor, body, item_id):
    """Publish the revision in review, or return it with a note. The reviewer must not have written it (409)."""
    return services.review(actor, item_id, body)


@blp.route("/<int:item_id>/unpublish", methods=["POST"])
@input_body(blp, KnowledgeUnpublishInput)
@blp.doc(security=BEARER)
@blp.response(200, KnowledgeItemSchema)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def unpublish(actor, body, item_id):
    """Take a published item out of the hub and search (its revisions are kept)."""
    return services.unpublish(actor, item_id, body)


@blp.route("/<int:item_id>/revisions", methods=["GET"])
@blp.response(200, KnowledgeRevisionSchema(many=True))
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404)
@auth_required
def revisions(actor, item_id):
    """Every revision, newest first (editors)."""
    return services.revisions(services.get_for_editor(actor, item_id))


@blp.route("/<int:item_id>/registrations", methods=["POST"])
@blp.response(201, EventRegistrationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409)
@auth_required
def register(actor, item_id):
    """Register for an event: a place while there is one, else the waiting list (`status: waitlisted`), or
    409 when the event keeps no waiting list. Registering again returns the existing registration."""
    return services.register(actor, item_id)


@blp.route("/<int:item_id>/registration", methods=["DELETE"])
@blp.response(200, EventRegistrationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409)
@auth_required
def cancel_own(actor, item_id):
    """Cancel your registration; the first person on the waiting list gets the place."""
    return services.cancel(actor, item_id)


@blp.route("/<int:item_id>/registrations", methods=["GET"])
@blp.response(200, EventRegistrationSchema(many=True))
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404)
@auth_required
def registrations(actor, item_id):
    """Registrations of an event (editors)."""
    return services.registrations(actor, item_id)


@blp.route("/<int:item_id>/registrations/<int:registration_id>", methods=["DELETE"])
@blp.response(200, EventRegistrationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409)
@auth_required
def cancel_other(actor, item_id, registration_id):
    """Cancel someone's registration (editors); the waiting list moves up."""
    return services.cancel(actor, item_id, registration_id)


@blp.route("/<int:item_id>/registrations/<int:registration_id>/attendance", methods=["POST"])
@input_body(blp, AttendanceInput)
@blp.response(200, EventRegistrationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def attendance(actor, body, item_id, registration_id):
    """Mark whether a registered participant attended (editors; once the event has started)."""
    return services.mark_attendance(actor, item_id, registration_id, body)


@blp.route("/me/registrations", methods=["GET"])
@blp.response(200, EventRegistrationSchema(many=True))
@blp.doc(security=BEARER)
@document_errors(blp, 401)
@auth_required
def my_registrations(actor):
    """Your active registrations, soonest event first."""
    return services.my_registrations(actor)


@blp.route("/editors", methods=["GET"])
@blp.response(200, KnowledgeEditorSchema(many=True))
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403)
@auth_required
def editors(actor):
    """Users with the editor permission (administrators)."""
    from ..permissions import require_admin

    require_admin(actor)
    return services.list_editors()


@blp.route("/editors", methods=["POST"])
@input_body(blp, EditorGrantInput)
@blp.response(201, KnowledgeEditorSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def grant(actor, body):
    """Grant the editor permission to a user, by e-mail (administrators)."""
    return services.grant_editor(actor, body)


@blp.route("/editors/<int:user_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404)
@auth_required
def revoke(actor, user_id):
    """Remove the editor permission (administrators)."""
    services.revoke_editor(actor, user_id)
    return ""
