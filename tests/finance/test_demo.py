def test_demo_creates_offers_and_leads(app):
    from app.demo import load_demo
    from app.extensions import db
    from app.finance.models import FinanceOffer, Lead, OfferStatus

    summary = load_demo(seed=7, listings=30)
    assert summary["finance_offers"] == 7 and summary["finance_leads"] >= 2
    published = db.session.scalar(db.select(db.func.count(FinanceOffer.id)).where(
        FinanceOffer.status == OfferStatus.published))
    assert published == 6
    assert db.session.scalar(db.select(db.func.count(Lead.id))) == summary["finance_leads"]
    from app.finance.taxonomy import PROJECT_TYPES

    tags = [o.project_types for o in db.session.scalars(db.select(FinanceOffer))]
    assert all(tags) and all(code in PROJECT_TYPES for codes in tags for code in codes)
