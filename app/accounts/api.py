from flask_smorest import Blueprint

from ..api import BEARER, auth_required, document_errors, input_body
from ..extensions import limiter
from . import services
from .schemas import ApiTokenInfoSchema, UserProfileInput, RegistrationSchema, SignUpInput, TokenRequestInput, TokenSchema, UserSchema
from .views import login_account_key

blp = Blueprint("api_accounts", __name__, url_prefix="/api/v1", description="Accounts and tokens")


@blp.route("/auth/tokens", methods=["POST"])
@limiter.limit(lambda: __import__("flask").current_app.config["LOGIN_RATE_LIMIT"])
@limiter.shared_limit(lambda: __import__("flask").current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"], scope="login-account",
                      key_func=login_account_key)  # one budget per account for the form and the API
@input_body(blp, TokenRequestInput)
@blp.response(201, TokenSchema)
@document_errors(blp, 401, 403, 422, 429)
def create_token(body):
    """Exchange e-mail and password for a bearer token (403 until the e-mail address is confirmed)."""
    _user, token = services.sign_in_for_token(body)
    from flask import current_app

    return {"token": token, "token_type": "bearer", "expires_in_days": current_app.config["API_TOKEN_TTL_DAYS"]}


@blp.route("/auth/tokens", methods=["GET"])
@blp.response(200, ApiTokenInfoSchema(many=True))
@blp.doc(security=BEARER)
@document_errors(blp, 401)
@auth_required
def list_tokens(actor):
    """Your API tokens, newest first: when each was issued, last used and whether it still works. A
    password change or reset ends every token."""
    return services.api_tokens_of(actor.user)


@blp.route("/auth/tokens/<int:token_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def revoke_token(actor, token_id):
    """Revoke one of your tokens (it stops working at once)."""
    services.revoke_user_token(actor.user, token_id)


@blp.route("/auth/register", methods=["POST"])
@limiter.limit("20 per hour")
@input_body(blp, SignUpInput)
@blp.response(202, RegistrationSchema)
@document_errors(blp, 422, 429)
def register(body):
    """Start registration: the answer is the same whether or not the address already has an account
    (no account enumeration). A new address gets a confirmation link by e-mail; the owner of an existing
    account is told by e-mail that someone tried to register with it."""
    email = services.sign_up(body)
    return {"email": email, "status": "check_email"}


@blp.route("/me", methods=["GET"])
@blp.response(200, UserSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401)
@auth_required
def me(actor):
    """The signed-in user with their organisation membership."""
    return actor.user


@blp.route("/me", methods=["PATCH"])
@input_body(blp, UserProfileInput)
@blp.response(200, UserSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 422)
@auth_required
def update_me(actor, body):
    """Update the user's own profile."""
    return services.update_profile(actor.user, body)
