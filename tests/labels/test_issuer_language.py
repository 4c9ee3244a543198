"""Issue 16 (review of /listings/100): a claim whose issuer is the label registry's own issuer text (as the demo
and many businesses enter it) reads in the page's language — the registry has the Vietnamese form."""
from __future__ import annotations

import re

import pytest

from tests.test_page_text import enum_values, offenders


@pytest.mark.parametrize("code", ["iscc-plus", "ok-compost-industrial"])
def test_registry_issuer_on_a_listing_page_reads_in_the_readers_language(client, producer, verifier, make_listing,
                                                                         make_claim, code):
    from app.labels.models import Label
    from app.extensions import db

    label = db.session.query(Label).filter_by(code=code).one()
    user, _org = producer
    listing = make_listing(user)
    make_claim(user, listing=listing, label=code, state="verified", verifier=verifier, issuer=label.issuing_body[:200])
    vi = client.get(f"/listings/{listing.id}?lang=vi").get_data(as_text=True)
    assert label.issuing_body_vi and label.issuing_body_vi in vi
    visible = re.sub(r"<script.*?</script>", "", vi, flags=re.S)  # structured data for machines may keep it
    assert label.issuing_body not in visible
    assert offenders(vi, "vi", enum_values()) == []
    en = client.get(f"/listings/{listing.id}?lang=en").get_data(as_text=True)
    assert label.issuing_body in en


def test_an_issuer_the_business_typed_is_shown_as_typed(client, producer, verifier, make_listing, make_claim):
    user, _org = producer
    listing = make_listing(user)
    make_claim(user, listing=listing, label="grs", state="verified", verifier=verifier, issuer="Control Union Việt Nam")
    assert "Control Union Việt Nam" in client.get(f"/listings/{listing.id}?lang=vi").get_data(as_text=True)
