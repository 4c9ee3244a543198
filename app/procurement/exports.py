"""A tender list as XLSX (openpyxl) and PDF (fpdf2, DejaVu Sans for Vietnamese): the products with
their producers and certificates, then the criteria wording a procuring entity can put into its tender
documents (label, what it certifies, legal basis, published criteria sets with their source)."""
from __future__ import annotations

import io
from pathlib import Path

from flask_babel import force_locale
from flask_babel import gettext as _

from .. import clock, vn
from ..l10n import format_day
from ..catalog.taxonomy import CATEGORIES
from . import services

FONTS = Path(__file__).resolve().parent.parent / "data" / "fonts"


def _texts(locale: str, tl, rows, criteria) -> dict:
    """Everything both formats print, in one language."""
    en = locale == "en"
    with force_locale(locale):
        header = [_("Product"), _("Producer"), _("Province"), _("Certification"), _("Certificate number"),
                  _("Valid until"), _("Link")]
        products = []
        for row in rows:
            listing = row["listing"]
            certs = row["criteria"]
            title = (listing.title_en or listing.title) if en else listing.title
            base = [title, listing.organisation.display_name, vn.province_name(listing.origin_province) if listing.origin_province else ""]
            if not certs:
                products.append(base + [_("No valid certification today"), "", "", ""])
            for c in certs:
                products.append(base + [c["label"].name(locale), c["claim"].certificate_number,
                                        format_day(c["claim"].valid_until, locale, "short"),
                                        row["url"]])
        wording = []
        for c in criteria:
            label = c["label"]
            lines = [_("The product holds a valid %(label)s certificate.", label=label.name(locale)),
                     label.certifies(locale)]
            if label.legal_basis:
                lines.append(_("Legal basis: %(basis)s", basis=label.legal_basis))
            for s in c["sets"]:
                name, summary = s.name(locale), s.summary(locale)
                lines.append(_("Criteria set %(code)s (%(name)s): %(summary)s", code=s.shown_code, name=name, summary=summary)
                             if s.shown_code else _("Criteria set %(name)s: %(summary)s", name=name, summary=summary))
                source = s.source_in(locale)
                lines.append(_("Source: %(source)s", source=source) if s.verified else
                             _("Unverified: %(missing)s Source: %(source)s", missing=s.missing_in(locale), source=source))
            wording.append((label.name(locale), lines))
        return {
            "title": tl.title,
            "subtitle": _("Tender list · product group: %(group)s · %(n)d products · %(date)s",
                          group=str(CATEGORIES[tl.product_group]), n=len(rows), date=format_day(clock.today(), locale, "short")),
            "header": header, "products": products,
            "criteria_title": _("Criteria for the tender documents"), "wording": wording,
            "products_title": _("Shortlisted products"),
        }


def _rows_with_urls(tl):
    from ..mail import public_url

    rows = services.tender_rows(tl)
    for row in rows:
        row["url"] = public_url("catalog.detail", listing_id=row["listing"].id)
    return rows


def xlsx(tl, locale: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    rows = _rows_with_urls(tl)
    t = _texts(locale, tl, rows, services.tender_criteria(rows))
    wb = Workbook()
    ws = wb.active
    ws.title = t["products_title"][:31]
    ws.append([t["title"]])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([t["subtitle"]])
    ws.append([])
    ws.append(t["header"])
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for product in t["products"]:
        ws.append(product)
    for col, width in zip("ABCDEFG", (40, 30, 18, 40, 22, 14, 40)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A5"
    crit = wb.create_sheet(t["criteria_title"][:31])
    crit.column_dimensions["A"].width = 120
    crit.append([t["criteria_title"]])
    crit["A1"].font = Font(bold=True, size=14)
    for name, lines in t["wording"]:
        crit.append([])
        crit.append([name])
        crit.cell(row=crit.max_row, column=1).font = Font(bold=True)
        for line in lines:
            crit.append([line])
            crit.cell(row=crit.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def pdf(tl, locale: str) -> bytes:
    from fpdf import FPDF

    rows = _rows_with_urls(tl)
    t = _texts(locale, tl, rows, services.tender_criteria(rows))
    doc = FPDF(orientation="L", format="A4")
    doc.set_creation_date(clock.now())
    doc.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    doc.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    doc.set_title(t["title"])
    doc.add_page()
    doc.set_font("DejaVu", "B", 15)
    doc.multi_cell(0, 8, t["title"], new_x="LMARGIN", new_y="NEXT")
    doc.set_font("DejaVu", "", 9)
    doc.multi_cell(0, 6, t["subtitle"], new_x="LMARGIN", new_y="NEXT")
    doc.ln(3)
    doc.set_font("DejaVu", "B", 12)
    doc.cell(0, 8, t["products_title"], new_x="LMARGIN", new_y="NEXT")
    doc.set_font("DejaVu", "", 8)
    widths = (70, 50, 30, 55, 35, 25)
    with doc.table(col_widths=widths, text_align="LEFT", line_height=5) as table:
        head = table.row()
        for h in t["header"][:6]:
            head.cell(h)
        for product in t["products"]:
            r = table.row()
            for value in product[:6]:
                r.cell(str(value))
    doc.ln(4)
    doc.set_font("DejaVu", "B", 12)
    doc.cell(0, 8, t["criteria_title"], new_x="LMARGIN", new_y="NEXT")
    for name, lines in t["wording"]:
        doc.set_font("DejaVu", "B", 10)
        doc.multi_cell(0, 6, name, new_x="LMARGIN", new_y="NEXT")
        doc.set_font("DejaVu", "", 9)
        for line in lines:
            doc.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        doc.ln(2)
    return bytes(doc.output())
