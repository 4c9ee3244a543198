"""Payment receipts (PDF), built by the job `payments.receipts` once a payment has succeeded — never inside
the request that confirmed it — and stored under UPLOAD_DIR/receipts. Labels are in Vietnamese and English
(each from the catalogue), amounts in both conventions, times in Vietnam time; DejaVu Sans (shipped in
app/data/fonts, with its licence, shared with other PDF exports) carries every Vietnamese letter.
"""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app, has_request_context
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from fpdf import FPDF

from .. import clock, l10n
from ..extensions import db
from .models import Payment, PaymentProvider, PaymentStatus
from .payees import account_for, payee_org_id

FONTS = Path(__file__).resolve().parent.parent / "data" / "fonts"
PLATFORM_NAME = "GreenConnect – Kết Nối Xanh"


def _both(fn):
    """(Vietnamese, English) of a gettext call."""
    with force_locale("vi"):
        vi = fn()
    with force_locale("en"):
        en = fn()
    return vi, en


def _org(org_id):
    from ..orgs.models import Organisation

    return db.session.get(Organisation, org_id) if org_id else None


def build(payment: Payment) -> bytes:
    payer = _org(payment.organisation_id)
    payee_org = _org(payee_org_id(payment))
    acct = account_for(payment)
    pdf = FPDF(format="A4")
    pdf.set_title(f"{payment.reference}")
    pdf.set_author(PLATFORM_NAME)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_margins(18, 18, 18)
    pdf.set_font("DejaVu", "B", 16)
    vi, en = _both(lambda: _("Payment receipt"))
    pdf.cell(0, 9, vi.upper(), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(0, 6, en, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    def row(label_fn, value: str):
        lv, le = _both(label_fn)
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(62, 6, lv)
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 6, value or "—", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 8)
        pdf.cell(62, 4, le, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    with force_locale("vi"):
        paid_vi = format_datetime(payment.paid_at, "dd/MM/yyyy HH:mm") if payment.paid_at else ""
    row(lambda: _("Receipt number"), payment.reference or "")
    row(lambda: _("Paid at"), f"{paid_vi} (UTC+7)" if paid_vi else "")
    row(lambda: _("Payer"), " · ".join(x for x in (payer.legal_name if payer else "",
                                                     (payer.tax_code or "") if payer else "") if x))
    row(lambda: _("Payee"), payee_org.legal_name if payee_org else PLATFORM_NAME)
    if acct and payment.provider == PaymentProvider.bank_transfer:
        row(lambda: _("Into account"),
            f"{acct['account_number']} · {acct['account_name']} · {acct['bank']['short_name']} ({acct['bank']['name']})")
    row(lambda: _("For"), payment.description or "")
    row(lambda: _("Amount paid"), f"{l10n.format_vnd(payment.amount, 'vi')}  ({l10n.format_vnd(payment.amount, 'en')})")
    method = _both(lambda: _("Bank transfer") if payment.provider == PaymentProvider.bank_transfer else _("Card (Stripe)"))
    row(lambda: _("Method"), f"{method[0]} / {method[1]}")
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 8)
    note_vi, note_en = _both(lambda: _("This receipt confirms that the payment was received. It is not a VAT invoice."))
    pdf.multi_cell(0, 4, f"{note_vi}\n{note_en}", new_x="LMARGIN", new_y="NEXT")
    with force_locale("vi"):
        issued = format_datetime(clock.now(), "dd/MM/yyyy HH:mm")
    pdf.multi_cell(0, 4, f"{PLATFORM_NAME} · {issued}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _store(payment: Payment, data: bytes) -> str:
    folder = Path(current_app.config["UPLOAD_DIR"]) / "receipts"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"receipts/{payment.id}-{secrets.token_hex(8)}.pdf"
    (Path(current_app.config["UPLOAD_DIR"]) / name).write_bytes(data)
    return name


def build_pending(limit: int = 100) -> int:
    """Build the receipts that succeeded payments still lack. Idempotent."""
    def run():
        rows = list(db.session.scalars(db.select(Payment).where(
            Payment.status == PaymentStatus.succeeded, Payment.receipt_path.is_(None)).order_by(Payment.id).limit(limit)))
        for p in rows:
            p.receipt_path = _store(p, build(p))
            db.session.commit()
        return len(rows)

    if has_request_context():
        return run()
    with current_app.test_request_context("/"):
        return run()


def receipts_job() -> str:
    return f"built {build_pending()}"
