"""Eligibility rule engine: pure functions, no database.

`evaluate(criteria, applicant, today)` checks each criterion of an offer against what we know about an
organisation and answers, per criterion, **met**, **unmet** or **unknown** (the profile lacks the data),
with a hint on how to fix it. `rank(...)` orders offers by fit to a financing need.

Sources of the rules: enterprise size bands of Decree 80/2021/NĐ-CP; eligible purposes of the national
green taxonomy, Decision 21/2025/QĐ-TTg (see `taxonomy.py`). "Required verified labels" counts only
certified claims (verified AND not expired, `Claim.is_certified()`), on the organisation or on any of
its listings. The certified-listing share is over published listings; a listing is certified when it
has a certified claim or its organisation has an organisation-level one.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

from flask_babel import gettext as _

MET, UNMET, UNKNOWN = "met", "unmet", "unknown"
ELIGIBLE, INCOMPLETE, NOT_ELIGIBLE = "eligible", "incomplete", "not_eligible"

# Where the applicant fixes a criterion (views turn these into links).
FIX_PROFILE, FIX_CLAIMS, FIX_LISTINGS = "profile", "claims", "listings"


@dataclass(frozen=True)
class Applicant:
    """What we know about an organisation. None means "not known" (missing data or domain unavailable)."""

    kind: str
    size: str | None = None
    sectors: tuple[str, ...] = ()
    province_code: str | None = None
    founded_year: int | None = None
    certified_labels: frozenset[str] | None = frozenset()  # label codes with a certified claim
    pending_labels: frozenset[str] = frozenset()  # label codes with a claim waiting for verification
    published_listings: int | None = None
    certified_listings: int | None = None


@dataclass(frozen=True)
class Criteria:
    """An offer's eligibility criteria; empty / None means "no restriction"."""

    kinds: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    required_labels: tuple[str, ...] = ()
    labels_match: str = "any"  # any | all
    min_years_operating: int | None = None
    min_certified_share: int | None = None  # percent

    @classmethod
    def of(cls, offer) -> "Criteria":
        return cls(kinds=tuple(offer.eligible_kinds or ()), sectors=tuple(offer.eligible_sectors or ()),
                   sizes=tuple(offer.eligible_sizes or ()), provinces=tuple(offer.eligible_provinces or ()),
                   required_labels=tuple(offer.required_labels or ()), labels_match=offer.labels_match or "any",
                   min_years_operating=offer.min_years_operating, min_certified_share=offer.min_certified_share)


@dataclass
class CriterionResult:
    code: str
    status: str  # met | unmet | unknown
    requirement: str
    detail: str = ""
    fix: str = ""
    fix_target: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    results: list[CriterionResult] = field(default_factory=list)

    @property
    def status(self) -> str:
        if any(r.status == UNMET for r in self.results):
            return NOT_ELIGIBLE
        if any(r.status == UNKNOWN for r in self.results):
            return INCOMPLETE
        return ELIGIBLE

    @property
    def eligible(self) -> bool:
        return self.status == ELIGIBLE

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def by_code(self) -> dict[str, CriterionResult]:
        return {r.code: r for r in self.results}

    def to_dict(self) -> dict:
        return {"status": self.status, "met": self.count(MET), "unmet": self.count(UNMET),
                "unknown": self.count(UNKNOWN), "criteria": [r.to_dict() for r in self.results]}


def _names(values: Iterable[str], labels: Mapping[str, object] | None) -> str:
    labels = labels or {}
    return ", ".join(str(labels.get(v, v)) for v in values)


def evaluate(criteria: Criteria, applicant: Applicant, today: dt.date, *,
             names: Mapping[str, Mapping[str, object]] | None = None) -> Report:
    """Check every criterion that the offer sets. `names` maps a vocabulary ("kind", "sector", "size",
    "province", "label") to display names for messages."""
    n = names or {}
    report = Report()
    add = report.results.append

    if criteria.kinds:
        req = _("Organisation type: %(values)s", values=_names(criteria.kinds, n.get("kind")))
        if applicant.kind in criteria.kinds:
            add(CriterionResult("org_kind", MET, req, _names([applicant.kind], n.get("kind"))))
        else:
            add(CriterionResult("org_kind", UNMET, req, _names([applicant.kind], n.get("kind")),
                                _("This offer is for other types of organisation.")))

    if criteria.sectors:
        req = _("Sector: %(values)s", values=_names(criteria.sectors, n.get("sector")))
        if not applicant.sectors:
            add(CriterionResult("sectors", UNKNOWN, req, _("No sector in your profile."),
                                _("Add your sectors to your organisation profile."), FIX_PROFILE))
        elif set(applicant.sectors) & set(criteria.sectors):
            add(CriterionResult("sectors", MET, req,
                                _names(sorted(set(applicant.sectors) & set(criteria.sectors)), n.get("sector"))))
        else:
            add(CriterionResult("sectors", UNMET, req, _names(applicant.sectors, n.get("sector")),
                                _("Your sectors are not among those this offer finances; check that your profile "
                                  "lists all your activities."), FIX_PROFILE))

    if criteria.sizes:
        req = _("Enterprise size (Decree 80/2021/NĐ-CP): %(values)s", values=_names(criteria.sizes, n.get("size")))
        if not applicant.size:
            add(CriterionResult("size", UNKNOWN, req, _("No enterprise size in your profile."),
                                _("Set your enterprise size (micro, small, medium or large) in your profile."),
                                FIX_PROFILE))
        elif applicant.size in criteria.sizes:
            add(CriterionResult("size", MET, req, _names([applicant.size], n.get("size"))))
        else:
            add(CriterionResult("size", UNMET, req, _names([applicant.size], n.get("size")),
                                _("This offer is for enterprises of another size."), FIX_PROFILE))

    if criteria.provinces:
        req = _("Province: %(values)s", values=_names(criteria.provinces, n.get("province")))
        if not applicant.province_code:
            add(CriterionResult("province", UNKNOWN, req, _("No province in your profile."),
                                _("Set your province in your organisation profile."), FIX_PROFILE))
        elif applicant.province_code in criteria.provinces:
            add(CriterionResult("province", MET, req, _names([applicant.province_code], n.get("province"))))
        else:
            add(CriterionResult("province", UNMET, req, _names([applicant.province_code], n.get("province")),
                                _("This offer is limited to other provinces.")))

    if criteria.min_years_operating:
        req = _("At least %(n)d years in operation", n=criteria.min_years_operating)
        if applicant.founded_year is None:
            add(CriterionResult("years_operating", UNKNOWN, req, _("No founding year in your profile."),
                                _("Add the year your organisation was founded to your profile."), FIX_PROFILE))
        else:
            years = max(0, today.year - applicant.founded_year)
            detail = _("%(n)d years (founded %(year)d)", n=years, year=applicant.founded_year)
            if years >= criteria.min_years_operating:
                add(CriterionResult("years_operating", MET, req, detail))
            else:
                add(CriterionResult("years_operating", UNMET, req, detail,
                                    _("You can apply from %(year)d.",
                                      year=applicant.founded_year + criteria.min_years_operating)))

    if criteria.required_labels:
        codes = list(dict.fromkeys(criteria.required_labels))
        label_names = n.get("label")
        if criteria.labels_match == "all" and len(codes) > 1:
            req = _("Verified labels (all of): %(values)s", values=_names(codes, label_names))
        else:
            req = _("Verified label (any of): %(values)s", values=_names(codes, label_names))
        if applicant.certified_labels is None:
            add(CriterionResult("labels", UNKNOWN, req, _("Certification data is not available right now."),
                                _("Try again later."), ""))
        else:
            have = [c for c in codes if c in applicant.certified_labels]
            missing = [c for c in codes if c not in applicant.certified_labels]
            ok = (not missing) if criteria.labels_match == "all" else bool(have)
            if ok:
                add(CriterionResult("labels", MET, req, _names(have, label_names)))
            else:
                pending = [c for c in missing if c in applicant.pending_labels]
                if pending:
                    fix = _("Your claim for %(labels)s is waiting for verification by the programme.",
                            labels=_names(pending, label_names))
                else:
                    fix = _("Submit a claim with your certificate for %(labels)s; it counts once a verifier "
                            "has checked it.", labels=_names(missing, label_names))
                detail = _names(have, label_names) if have else _("No verified label yet.")
                add(CriterionResult("labels", UNMET, req, detail, fix, FIX_CLAIMS))

    if criteria.min_certified_share:
        req = _("At least %(pct)d%% of published listings with a verified label", pct=criteria.min_certified_share)
        total, certified = applicant.published_listings, applicant.certified_listings
        if total is None or certified is None:
            add(CriterionResult("certified_share", UNKNOWN, req, _("Listing data is not available right now."),
                                _("Try again later."), ""))
        elif total == 0:
            add(CriterionResult("certified_share", UNKNOWN, req, _("You have no published listings."),
                                _("Publish your products so the share of certified listings can be computed."),
                                FIX_LISTINGS))
        else:
            share = round(100 * certified / total)
            detail = _("%(pct)d%% (%(certified)d of %(total)d listings)", pct=share, certified=certified, total=total)
            if 100 * certified >= criteria.min_certified_share * total:
                add(CriterionResult("certified_share", MET, req, detail))
            else:
                add(CriterionResult("certified_share", UNMET, req, detail,
                                    _("Get more of your listings certified: submit claims for their labels."),
                                    FIX_CLAIMS))
    return report


# ------------------------------------------------------------------ fit to a financing need

@dataclass(frozen=True)
class Need:
    purpose: str | None = None
    amount: int | None = None  # VND
    tenor_months: int | None = None
    needed_by: dt.date | None = None
    project_type: str | None = None  # green-taxonomy code (taxonomy.PROJECT_TYPES)


@dataclass
class Fit:
    offer: object
    report: Report
    score: int
    reasons: list[tuple[bool, str]] = field(default_factory=list)
    criteria: list[CriterionResult] = field(default_factory=list)  # need criteria then eligibility (fit_need)

    @property
    def group(self) -> int:
        if self.criteria:
            statuses = {c.status for c in self.criteria}
            return 2 if UNMET in statuses else 1 if UNKNOWN in statuses else 0
        return {ELIGIBLE: 0, INCOMPLETE: 1}.get(self.report.status, 2)

    @property
    def fits(self) -> bool:
        """Nothing known to be unmet (a financing need and the offer's criteria)."""
        return self.group < 2

    def count(self, status: str) -> int:
        return sum(1 for c in self.criteria if c.status == status)


def _vnd(amount: int) -> str:
    from ..l10n import format_vnd

    return format_vnd(amount)


def fit(offer, report: Report, need: Need) -> Fit:
    """Score 0–100: eligibility 40, purpose 30, amount 20, tenor 10; the validity window may subtract."""
    reasons: list[tuple[bool, str]] = []
    score = 0
    if report.status == ELIGIBLE:
        score += 40
    elif report.status == INCOMPLETE:
        score += max(0, 30 - 5 * report.count(UNKNOWN))
    if need.purpose:
        purposes = list(offer.purposes or [])
        if not purposes:
            score += 20
            reasons.append((True, _("Any green purpose is accepted.")))
        elif need.purpose in purposes:
            score += 30
            reasons.append((True, _("Finances your purpose.")))
        else:
            reasons.append((False, _("Does not list your purpose.")))
    else:
        score += 15
    if need.project_type:
        tags = list(getattr(offer, "project_types", None) or [])
        if need.project_type in tags:
            score += 10
            reasons.append((True, _("Finances your project type.")))
    if need.amount:
        lo, hi = offer.amount_min, offer.amount_max
        if (offer.currency or "VND") != "VND":
            reasons.append((False, _("Amounts are in %(currency)s.", currency=offer.currency)))
        elif lo is not None and need.amount < lo:
            reasons.append((False, _("Minimum amount is %(amount)s.", amount=_vnd(lo))))
        elif hi is not None and need.amount > hi:
            score += int(10 * hi / need.amount)
            reasons.append((False, _("Covers up to %(amount)s.", amount=_vnd(hi))))
        else:
            score += 20
            reasons.append((True, _("Your amount is within the offer's range.")))
    else:
        score += 10
    if need.tenor_months:
        lo, hi = offer.tenor_min_months, offer.tenor_max_months
        if (lo is None or need.tenor_months >= lo) and (hi is None or need.tenor_months <= hi):
            score += 10
            reasons.append((True, _("Your repayment period fits.")))
        else:
            reasons.append((False, _("Repayment period differs from yours.")))
    else:
        score += 5
    if need.needed_by:
        if offer.valid_until is not None and offer.valid_until < need.needed_by:
            score -= 10
            reasons.append((False, _("The offer ends before you need the funds.")))
        elif offer.valid_from is not None and offer.valid_from > need.needed_by:
            score -= 5
            reasons.append((False, _("The offer opens after you need the funds.")))
    return Fit(offer, report, max(0, min(100, score)), reasons)


def rank(pairs: Iterable[tuple[object, Report]], need: Need) -> list[Fit]:
    """Offers by fit: eligible first, then incomplete, then not eligible; by score within each group."""
    fits = [fit(offer, report, need) for offer, report in pairs]
    return sorted(fits, key=lambda f: (f.group, -f.score, getattr(f.offer, "id", 0)))


# ------------------------------------------------------------------ a financing need against an offer, per criterion

@dataclass(frozen=True)
class Evidence:
    """The environmental document of a need (EIA decision / environmental permit / registration), as text."""

    kind: str | None = None       # display name
    number: str = ""
    day: str = ""                 # formatted date
    agency: str = ""


def need_criteria(offer, need: Need, evidence: Evidence, *, names: Mapping[str, Mapping[str, object]] | None = None,
                  ) -> list[CriterionResult]:
    """Each condition of the offer that a financing need meets, does not meet or leaves unknown, with a reason
    a person reads: project type of the green taxonomy, purpose, amount, tenor, environmental evidence."""
    n = names or {}
    out: list[CriterionResult] = []
    if need.project_type:
        tags = list(getattr(offer, "project_types", None) or [])
        req = _("Green-taxonomy project type")
        mine = _names([need.project_type], n.get("project_type"))
        if not tags:
            out.append(CriterionResult("project_type", UNKNOWN, req,
                                       _("The institution has not tagged this offer with project types; "
                                         "ask whether it finances %(type)s.", type=mine)))
        elif need.project_type in tags:
            out.append(CriterionResult("project_type", MET, req, _("The offer finances %(type)s.", type=mine)))
        else:
            out.append(CriterionResult("project_type", UNMET, req,
                                       _("The offer finances other project types: %(types)s.",
                                         types=_names(tags, n.get("project_type")))))
    if need.purpose:
        purposes = list(offer.purposes or [])
        req = _("Purpose")
        if not purposes or need.purpose in purposes:
            out.append(CriterionResult("purpose", MET, req, _("The offer accepts %(purpose)s.",
                                                              purpose=_names([need.purpose], n.get("purpose")))))
        else:
            out.append(CriterionResult("purpose", UNMET, req, _("The offer is for: %(purposes)s.",
                                                                purposes=_names(purposes, n.get("purpose")))))
    if need.amount:
        lo, hi = offer.amount_min, offer.amount_max
        req = _("Amount")
        if (offer.currency or "VND") != "VND":
            out.append(CriterionResult("amount", UNKNOWN, req, _("Amounts are in %(currency)s.", currency=offer.currency)))
        elif lo is not None and need.amount < lo:
            out.append(CriterionResult("amount", UNMET, req, _("The amount of %(amount)s is below the offer's minimum of %(min)s.",
                                                               amount=_vnd(need.amount), min=_vnd(lo))))
        elif hi is not None and need.amount > hi:
            out.append(CriterionResult("amount", UNMET, req, _("The amount of %(amount)s is above the offer's maximum of %(max)s.",
                                                               amount=_vnd(need.amount), max=_vnd(hi))))
        else:
            out.append(CriterionResult("amount", MET, req, _("The amount of %(amount)s is within the offer's range.",
                                                             amount=_vnd(need.amount))))
    if need.tenor_months:
        lo, hi = offer.tenor_min_months, offer.tenor_max_months
        req = _("Tenor")
        if (lo is None or need.tenor_months >= lo) and (hi is None or need.tenor_months <= hi):
            out.append(CriterionResult("tenor", MET, req, _("%(n)d months fits the offer.", n=need.tenor_months)))
        else:
            out.append(CriterionResult("tenor", UNMET, req,
                                       _("%(n)d months is outside the offer's %(lo)s–%(hi)s months.", n=need.tenor_months,
                                         lo=lo if lo is not None else "…", hi=hi if hi is not None else "…")))
    req = _("Environmental evidence (EIA decision, environmental permit or registration)")
    if evidence.kind and evidence.number:
        out.append(CriterionResult("evidence", MET, req, _("%(kind)s no. %(number)s of %(day)s, issued by %(agency)s.",
                                                           kind=evidence.kind, number=evidence.number,
                                                           day=evidence.day, agency=evidence.agency)))
    elif "environmental_permit" in (offer.documents_required or []):
        out.append(CriterionResult("evidence", UNMET, req, _("The offer asks for one and the need has none."),
                                   _("Add the EIA decision, environmental permit or registration to your need.")))
    else:
        out.append(CriterionResult("evidence", UNKNOWN, req, _("The need has none yet; a green project needs one "
                                                               "unless the law exempts it."),
                                   _("Add the EIA decision, environmental permit or registration to your need.")))
    return out


def fit_need(offer, report: Report, need: Need, evidence: Evidence, *,
             names: Mapping[str, Mapping[str, object]] | None = None) -> Fit:
    f = fit(offer, report, need)
    f.criteria = need_criteria(offer, need, evidence, names=names) + list(report.results)
    return f


def rank_for_need(fits: Iterable[Fit]) -> list[Fit]:
    """Fitting offers first (no criterion unmet), fewer unknowns before more, then by score."""
    return sorted(fits, key=lambda f: (f.group, f.count(UNMET), f.count(UNKNOWN), -f.score, getattr(f.offer, "id", 0)))
