"""/api/v1/listings/search, /api/v1/organisations/search and /api/v1/search/suggest."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..api import auth_optional, document_errors
from . import services
from .schemas import ListingSearchArgs, OrganisationSearchArgs, SearchResultBodySchema, SuggestArgs, SuggestBodySchema

blp = Blueprint("api_discovery", __name__, url_prefix="/api/v1", description="Search and discovery")


def body(page: services.SearchPage) -> dict:
    return {
        "items": page.items, "total": page.total, "page": page.page, "per_page": page.per_page,
        "pages": page.pages, "facets": page.facets, "degraded": bool(page.degraded), "sponsored": page.sponsored,
        "relaxed": page.relaxed, "did_you_mean": page.did_you_mean, "understood": page.understood,
        "without_filters": page.without_filters,
    }


@blp.route("/listings/search", methods=["GET"])
@blp.arguments(ListingSearchArgs, location="query")
@blp.response(200, SearchResultBodySchema)
@document_errors(blp, 422, 503)
@auth_optional
def search_listings(actor, args):
    """Search published listings: text (accent-insensitive, typo-tolerant), facets with counts, geo, sort.

    Facet counts of a facet ignore that facet's own selection. `degraded` is true when the index is
    behind the database (the indexer is stopped or failing); 503 when the engine is unreachable.
    Query understanding: every word must match (synonyms, regional and English product words from the
    domain vocabulary count; function words such as cho, của, bằng are optional); when nothing does, the
    listings with the most words are returned and `relaxed` says which words the best one does without;
    `did_you_mean` offers a correction when nothing is found; Telex/VNI leftovers are read
    (`understood`); `prefix=true` treats the last word as still being typed. Unknown parameters: 422.
    """
    return body(services.search("listing", args))


@blp.route("/organisations/search", methods=["GET"])
@blp.arguments(OrganisationSearchArgs, location="query")
@blp.response(200, SearchResultBodySchema)
@document_errors(blp, 422, 503)
@auth_optional
def search_organisations(actor, args):
    """Search approved organisations (directory)."""
    return body(services.search("organisation", args))


@blp.route("/search/suggest", methods=["GET"])
@blp.arguments(SuggestArgs, location="query")
@blp.response(200, SuggestBodySchema)
@document_errors(blp, 422, 503)
@auth_optional
def suggest(actor, args):
    """As-you-type suggestions (titles) for the search box."""
    return {"items": services.suggest(args["q"], args["kind"], args["size"])}
