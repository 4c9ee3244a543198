"""The eligibility rule engine: every criterion met, unmet or unknown (missing data) with a fix hint;
the applicant loader (certified claims only; share of certified listings); ranking by fit to a need."""
from __future__ import annotations

import datetime as dt

import pytest

from app.finance import eligibility as el

TODAY = dt.date(2025, 9, 1)
FULL = el.Applicant(kind="producer", size="small", sectors=("packaging", "handicrafts"), province_code="38",
                    founded_year=2015, certified_labels=frozenset({"vietgap"}), pending_labels=frozenset({"fsc"}),
                    published_listings=4, certified_listings=3)
EMPTY = el.Applicant(kind="producer")


@pytest.fixture(autouse=True)
def _english(app):
    """Messages are checked in English (the msgids); Vietnamese is the default locale."""
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("en"):
        yield


def result(criteria: el.Criteria, applicant: el.Applicant) -> el.CriterionResult:
    report = el.evaluate(criteria, applicant, TODAY)
    assert len(report.results) == 1
    return report.results[0]


CASES = [
    # (criteria, met applicant, unmet applicant, unknown applicant or None, fix target for unmet/unknown)
    ("org_kind", el.Criteria(kinds=("producer", "buyer")), FULL, el.Applicant(kind="logistics"), None),
    ("sectors", el.Criteria(sectors=("packaging", "recycling")), FULL,
     el.Applicant(kind="producer", sectors=("food",)), EMPTY),
    ("size", el.Criteria(sizes=("micro", "small")), FULL, el.Applicant(kind="producer", size="large"), EMPTY),
    ("province", el.Criteria(provinces=("38", "79")), FULL, el.Applicant(kind="producer", province_code="1"), EMPTY),
    ("years_operating", el.Criteria(min_years_operating=5), FULL,
     el.Applicant(kind="producer", founded_year=2023), EMPTY),
    ("labels", el.Criteria(required_labels=("vietgap", "vn-organic")), FULL,
     el.Applicant(kind="producer", certified_labels=frozenset()),
     el.Applicant(kind="producer", certified_labels=None)),
    ("certified_share", el.Criteria(min_certified_share=50), FULL,
     el.Applicant(kind="producer", published_listings=4, certified_listings=1, certified_labels=frozenset()),
     el.Applicant(kind="producer", published_listings=0, certified_listings=0)),
]


@pytest.mark.parametrize("code,criteria,met,unmet,unknown", CASES, ids=[c[0] for c in CASES])
def test_each_criterion_met_unmet_unknown(code, criteria, met, unmet, unknown):
    r = result(criteria, met)
    assert (r.code, r.status, r.fix) == (code, el.MET, "")
    assert r.requirement and r.detail
    r = result(criteria, unmet)
    assert (r.code, r.status) == (code, el.UNMET)
    assert r.fix, "an unmet criterion says how to fix it (or why it cannot be)"
    if unknown is not None:
        r = result(criteria, unknown)
        assert (r.code, r.status) == (code, el.UNKNOWN)
        assert r.fix


def test_unknown_profile_data_points_to_the_profile():
    criteria = el.Criteria(sectors=("packaging",), sizes=("small",), provinces=("38",), min_years_operating=2)
    report = el.evaluate(criteria, EMPTY, TODAY)
    assert report.status == el.INCOMPLETE
    assert {r.status for r in report.results} == {el.UNKNOWN}
    assert {r.fix_target for r in report.results} == {el.FIX_PROFILE}


def test_no_criteria_means_eligible():
    report = el.evaluate(el.Criteria(), EMPTY, TODAY)
    assert report.results == [] and report.status == el.ELIGIBLE


def test_overall_status_unmet_beats_unknown():
    criteria = el.Criteria(kinds=("buyer",), sizes=("small",))
    report = el.evaluate(criteria, EMPTY, TODAY)
    assert report.status == el.NOT_ELIGIBLE
    assert report.to_dict()["unmet"] == 1 and report.to_dict()["unknown"] == 1


def test_years_operating_boundary_and_when_to_apply():
    criteria = el.Criteria(min_years_operating=3)
    assert result(criteria, el.Applicant(kind="producer", founded_year=2022)).status == el.MET  # 2025 − 2022 = 3
    r = result(criteria, el.Applicant(kind="producer", founded_year=2023))
    assert r.status == el.UNMET and "2026" in r.fix


def test_labels_any_versus_all_and_pending_claim_hint():
    anyof = el.Criteria(required_labels=("vietgap", "fsc"))
    allof = el.Criteria(required_labels=("vietgap", "fsc"), labels_match="all")
    assert result(anyof, FULL).status == el.MET
    r = result(allof, FULL)
    assert r.status == el.UNMET and r.fix_target == el.FIX_CLAIMS
    assert "fsc" in r.fix and "waiting for verification" in r.fix  # the FSC claim is pending


def test_certified_share_boundaries():
    c = el.Criteria(min_certified_share=75)
    assert result(c, el.Applicant(kind="producer", published_listings=4, certified_listings=3)).status == el.MET
    assert result(c, el.Applicant(kind="producer", published_listings=5, certified_listings=3)).status == el.UNMET
    r = result(c, el.Applicant(kind="producer"))  # catalog unavailable
    assert r.status == el.UNKNOWN


def test_rank_by_fit_to_need():
    class O:  # noqa: D401 - a stand-in offer
        def __init__(self, id, purposes, lo=None, hi=None, currency="VND", tmin=None, tmax=None, until=None):
            self.id, self.purposes, self.amount_min, self.amount_max = id, purposes, lo, hi
            self.currency, self.tenor_min_months, self.tenor_max_months = currency, tmin, tmax
            self.valid_from, self.valid_until = None, until

    ok = el.Report()
    incomplete = el.Report([el.CriterionResult("size", el.UNKNOWN, "x")])
    bad = el.Report([el.CriterionResult("size", el.UNMET, "x")])
    need = el.Need(purpose="renewable_energy", amount=2_000_000_000, tenor_months=60, needed_by=dt.date(2025, 12, 1))
    best = O(1, ["renewable_energy"], 500_000_000, 5_000_000_000, tmin=12, tmax=84)
    wrong_purpose = O(2, ["circular_economy"], 500_000_000, 5_000_000_000)
    too_small = O(3, ["renewable_energy"], 0, 1_000_000_000, until=dt.date(2025, 10, 1))
    unknown_data = O(4, ["renewable_energy"], 0, 10_000_000_000)
    ineligible = O(5, ["renewable_energy"], 0, 10_000_000_000)
    fits = el.rank([(wrong_purpose, ok), (too_small, ok), (ineligible, bad), (best, ok), (unknown_data, incomplete)],
                   need)
    assert [f.offer.id for f in fits] == [1, 3, 2, 4, 5]
    assert fits[0].score == 100 and all(ok_ for ok_, _t in fits[0].reasons)
    assert any(not ok_ and "ends before" in text for ok_, text in fits[1].reasons)


# ------------------------------------------------------------------ the applicant from the database

def test_applicant_counts_only_certified_claims(app, producer, certify, make_listing):
    from app import clock
    from app.finance.applicant import applicant_for

    user, org = producer
    certify(org, "vietgap", status="submitted")
    certify(org, "vn-organic", status="rejected")
    a = applicant_for(org, clock.today())
    assert a.certified_labels == frozenset() and a.pending_labels == {"vietgap"}
    assert (a.published_listings, a.certified_listings) == (0, 0)
    l1, l2 = make_listing(org), make_listing(org, title="Hộp bã mía")
    make_listing(org, published=False)
    certify(org, "grs", listing_id=l1.id)
    expired = certify(org, "fsc", listing_id=l2.id, days=10)
    a = applicant_for(org, clock.today())
    assert a.certified_labels == {"grs", "fsc"}
    assert (a.published_listings, a.certified_listings) == (2, 2)
    # past its validity date a verified claim no longer counts, even before the expiry job runs
    later = clock.today() + dt.timedelta(days=11)
    a = applicant_for(org, later)
    assert a.certified_labels == {"grs"} and a.certified_listings == 1
    assert expired.is_certified(later) is False


def test_org_level_claim_certifies_every_listing(producer, certify, make_listing):
    from app import clock
    from app.finance.applicant import applicant_for

    _user, org = producer
    make_listing(org), make_listing(org)
    certify(org, "vietgap")  # organisation-level
    a = applicant_for(org, clock.today())
    assert (a.published_listings, a.certified_listings) == (2, 2)


def test_api_eligibility_reports_each_criterion(client, producer, make_org, make_user, make_offer, token_for, certify):
    offer = make_offer(eligible_kinds=["producer"], eligible_sizes=["small"], eligible_sectors=["packaging"],
                       eligible_provinces=["38"], required_labels=["vietgap"], min_years_operating=3,
                       min_certified_share=50)
    user, org = producer
    body = client.get(f"/api/v1/finance/offers/{offer.id}/eligibility", headers=token_for(user)).json
    status = {c["code"]: c["status"] for c in body["criteria"]}
    assert status == {"org_kind": "met", "sectors": "met", "size": "met", "province": "met", "years_operating": "met",
                      "labels": "unmet", "certified_share": "unknown"}
    assert body["status"] == "not_eligible"
    certify(org, "vietgap")
    body = client.get(f"/api/v1/finance/offers/{offer.id}/eligibility", headers=token_for(user)).json
    assert body["status"] == "incomplete" and body["unknown"] == 1
    # an organisation with an empty profile: unknown, with hints
    bare_user = make_user()
    make_org("producer", owner=bare_user)
    body = client.get(f"/api/v1/finance/offers/{offer.id}/eligibility", headers=token_for(bare_user)).json
    unknown = {c["code"] for c in body["criteria"] if c["status"] == "unknown"}
    assert {"sectors", "size", "years_operating"} <= unknown
    assert all(c["fix"] for c in body["criteria"] if c["status"] != "met")
    assert client.get(f"/api/v1/finance/offers/{offer.id}/eligibility").status_code == 401
