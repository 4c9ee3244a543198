from flask_smorest import Blueprint

from ..api import BEARER, auth_optional, auth_required, document_errors, input_body, page_body
from ..discovery.api import body as search_body
from ..discovery.schemas import ListingSearchArgs, SearchResultBodySchema
from . import meetings, promotions, report, services
from .schemas import (ApplicationInput, ApplicationListArgs, ApplicationSchema, DecisionInput, FairCancelInput, FairInput,
                      FairListArgs, FairSchema, MeetingInput, MeetingSchema, PromotionInput, PromotionSchema, ReasonInput,
                      SlotInput, SlotListArgs, SlotSchema)
from .search import search_exhibitor_listings

blp = Blueprint("api_fairs", __name__, url_prefix="/api/v1", description="Trade fairs, meetings and promotions")


@blp.route("/fairs", methods=["GET"])
@blp.arguments(FairListArgs, location="query")
@document_errors(blp, 422)
@auth_optional
def list_fairs(actor, args):
    """Published fairs, soonest first."""
    page = services.list_fairs(q=args["q"], upcoming=args["upcoming"], page=args["page"], per_page=args["per_page"])
    return page_body(page, FairSchema())


@blp.route("/fairs", methods=["POST"])
@input_body(blp, FairInput)
@blp.response(201, FairSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def create_fair(actor, body):
    """Create a fair with its booth types (approved fair-organiser organisations)."""
    return services.create_fair(actor, body)


@blp.route("/fairs/<int:fair_id>", methods=["GET"])
@blp.response(200, FairSchema)
@document_errors(blp, 404)
@auth_optional
def get_fair(actor, fair_id):
    return services.get_public_fair(actor, fair_id)


@blp.route("/fairs/<int:fair_id>", methods=["PATCH"])
@input_body(blp, FairInput(partial=True))
@blp.response(200, FairSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def update_fair(actor, body, fair_id):
    """Edit a fair (its organiser). Fields left out keep their value. `booth_types`, when sent, is the full
    list: items with an `id` change that booth type, items without add one, booth types left out are removed
    (only when no application uses them). A capacity below the booths already assigned is refused (422)."""
    return services.update_fair(actor, fair_id, body)


@blp.route("/fairs/<int:fair_id>/cancel", methods=["POST"])
@input_body(blp, FairCancelInput)
@blp.response(200, FairSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 422, 502)
@auth_required
def cancel_fair(actor, body, fair_id):
    """Cancel a fair (its organiser): all active applications are cancelled, paid booth fees refunded and
    exhibitors notified. Repeating the call changes nothing."""
    return services.cancel_fair(actor, fair_id, body)


@blp.route("/fairs/<int:fair_id>/exhibitors", methods=["GET"])
@blp.arguments(ListingSearchArgs, location="query")
@blp.response(200, SearchResultBodySchema)
@document_errors(blp, 404, 422, 503)
@auth_optional
def exhibitors(actor, args, fair_id):
    """The exhibitor catalogue: the listings exhibitors show at this fair, searchable and faceted."""
    services.get_public_fair(actor, fair_id)
    return search_body(search_exhibitor_listings(fair_id, args))


@blp.route("/fairs/<int:fair_id>/applications", methods=["GET"])
@blp.arguments(ApplicationListArgs, location="query")
@blp.response(200, ApplicationSchema(many=True))
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def list_applications(actor, args, fair_id):
    """Applications to the organiser's fair."""
    return services.applications_of_fair(actor, fair_id, args.get("status"))


@blp.route("/fairs/<int:fair_id>/applications", methods=["POST"])
@input_body(blp, ApplicationInput)
@blp.response(201, ApplicationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def apply(actor, body, fair_id):
    """Apply for a booth with 1–10 of your published listings; the booth fee becomes a payment."""
    return services.apply(actor, fair_id, body)


@blp.route("/fairs/<int:fair_id>/applications/<int:application_id>/decision", methods=["POST"])
@input_body(blp, DecisionInput)
@blp.response(200, ApplicationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def decide(actor, body, fair_id, application_id):
    """Approve (assigns a booth; 409 when the booth type is full), waitlist, or reject with a reason."""
    return services.decide(actor, fair_id, application_id, body)


@blp.route("/fairs/<int:fair_id>/applications/<int:application_id>/cancel", methods=["POST"])
@input_body(blp, ReasonInput)
@blp.response(200, ApplicationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409)
@auth_required
def cancel(actor, body, fair_id, application_id):
    """Withdraw (applicant) or cancel a booth (organiser); a paid booth fee is refunded."""
    services.get_application(application_id, fair_id)
    return services.cancel_application(actor, application_id, body)


@blp.route("/fairs/<int:fair_id>/slots", methods=["GET"])
@blp.arguments(SlotListArgs, location="query")
@blp.response(200, SlotSchema(many=True))
@document_errors(blp, 404)
@auth_optional
def list_slots(actor, args, fair_id):
    services.get_public_fair(actor, fair_id)
    return meetings.slots_for(fair_id, args.get("exhibitor"), free_only=args["free"])


@blp.route("/fairs/<int:fair_id>/slots", methods=["POST"])
@input_body(blp, SlotInput, example={"starts_at": "2030-03-10T09:00", "ends_at": "2030-03-10T09:30",
                                      "location": "Bàn 12"})
@blp.response(201, SlotSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def add_slot(actor, body, fair_id):
    """Offer a meeting slot (exhibitors of the fair)."""
    return meetings.add_slot(actor, fair_id, body)


@blp.route("/fairs/<int:fair_id>/meetings", methods=["POST"])
@input_body(blp, MeetingInput)
@blp.response(201, MeetingSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def book(actor, body, fair_id):
    """Request a meeting in a free slot (status `requested`; the exhibitor accepts or declines); 409 when
    someone else holds the slot or the caller already has a meeting at that time (any fair)."""
    return meetings.book(actor, fair_id, body)


@blp.route("/meetings/<int:meeting_id>/accept", methods=["POST"])
@blp.response(200, MeetingSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409)
@auth_required
def accept_meeting(actor, meeting_id):
    """The exhibitor accepts a meeting request; 409 when its organisation already meets someone then (any fair)."""
    return meetings.accept_meeting(actor, meeting_id)


@blp.route("/meetings/<int:meeting_id>/decline", methods=["POST"])
@input_body(blp, ReasonInput)
@blp.response(204)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def decline_meeting(actor, body, meeting_id):
    """The exhibitor declines a meeting request (optional reason, told to the visitor); the slot is free again."""
    meetings.decline_meeting(actor, meeting_id, body)
    return None


@blp.route("/meetings/<int:meeting_id>/cancel", methods=["POST"])
@blp.response(204)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409)
@auth_required
def cancel_meeting(actor, meeting_id):
    """Cancel a meeting (the visitor who booked it or the exhibitor); the slot is free again and the other
    party is notified. 409 once the meeting has started."""
    meetings.cancel_meeting(actor, meeting_id)
    return None


@blp.route("/fairs/<int:fair_id>/report", methods=["GET"])
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def fair_report(actor, fair_id):
    """Organiser's report: exhibitors, interest, meetings, leads."""
    data = report.fair_report(actor, fair_id)
    return {"rows": data["rows"], "totals": data["totals"]}


@blp.route("/promotions", methods=["POST"])
@input_body(blp, PromotionInput)
@blp.response(201, PromotionSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 409, 422)
@auth_required
def buy_promotion(actor, body):
    """Buy a sponsored placement for one of your listings; active once its payment succeeds."""
    return promotions.buy(actor, body)
