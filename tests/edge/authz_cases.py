"""Authorization cases of the endpoints added by the hardening work (see tests/test_authz_matrix.py)."""
from tests.test_authz_matrix import Case, register


def _owner_token(w):
    from app.accounts.models import ApiToken
    from app.accounts.services import issue_api_token
    from app.extensions import db

    issue_api_token(w.owner, "to revoke")
    token_id = db.session.scalar(db.select(ApiToken.id).where(ApiToken.name == "to revoke").order_by(ApiToken.id.desc()))
    return f"/api/v1/auth/tokens/{token_id}", None


register(Case("DELETE", "/api/v1/auth/tokens/<int:token_id>", _owner_token, stranger_sees=(404,)))
