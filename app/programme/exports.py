"""DOCX (python-docx) and XLSX (openpyxl) files of an Appendix II report in the template's layout:
title, reporting unit and year, one table — No. | task | activities | results | difficulties and
proposals | funding: state budget | other sources — with a heading row per task area and its activities
numbered 1.1, 1.2…, then report date and preparer. Written in Vietnamese, as the template is.

Files are built in memory on request: a report has at most a few hundred rows (`reports.MAX_ROWS`), a
consolidated national report at most 35 units' rows.
"""
from __future__ import annotations

import io

from flask_babel import force_locale

from ..l10n import format_number
from .appendix import APPENDIX_VI, AREAS, COLUMNS_VI, TITLE_VI

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _money(v) -> str:
    return format_number(int(v), "vi") if v else ""


def layout(title_unit: str, year: int, groups: dict[int, list[dict]], footer: list[str]) -> dict:
    """The document as plain data (both writers use it): groups = {area: [row dicts]}."""
    with force_locale("vi"):
        areas = [(n, str(AREAS[n])) for n in AREAS]
    return {"unit": title_unit, "year": year, "areas": areas, "groups": groups, "footer": footer}


def report_layout(report) -> dict:
    groups: dict[int, list[dict]] = {a: [] for a in AREAS}
    for row in report.rows:
        groups[row.area].append({"activity": row.activity, "results": row.results, "difficulties": row.difficulties,
                                 "state": row.funding_state, "other": row.funding_other})
    footer = [f"Ngày báo cáo: {report.report_date.strftime('%d/%m/%Y') if report.report_date else ''}",
              f"Người lập báo cáo: {report.preparer_name}",
              f"Điện thoại: {report.preparer_phone}", f"E-mail: {report.preparer_email}"]
    return layout(report.unit.name, report.year, groups, footer)


def national_layout(data: dict) -> dict:
    groups: dict[int, list[dict]] = {a: [] for a in AREAS}
    for area, rows in data["rows_by_area"].items():
        for unit, row in rows:
            groups[area].append({"activity": f"[{unit.name}] {row.activity}", "results": row.results,
                                 "difficulties": row.difficulties, "state": row.funding_state, "other": row.funding_other})
    footer = [f"Tổng hợp từ {len(data['units'])} báo cáo đã nộp.",
              f"Tổng kinh phí: ngân sách nhà nước {_money(data['total_state']) or 0} đồng; "
              f"nguồn khác {_money(data['total_other']) or 0} đồng."]
    return layout("Bộ Công Thương — báo cáo tổng hợp toàn quốc", data["year"], groups, footer)


def docx_bytes(doc_data: dict) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(11)
    p = doc.add_paragraph(APPENDIX_VI)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.runs[0].italic = True
    p = doc.add_paragraph(f"Tên đơn vị báo cáo: {doc_data['unit']}")
    p.runs[0].bold = True
    p = doc.add_paragraph(f"{TITLE_VI} — NĂM {doc_data['year']}")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.runs[0].bold = True
    table = doc.add_table(rows=2, cols=7)
    table.style = "Table Grid"
    head, sub = table.rows[0].cells, table.rows[1].cells
    for i, text in enumerate(COLUMNS_VI[:5]):
        head[i].merge(sub[i])
        head[i].text = text
    head[5].merge(head[6])
    head[5].text = COLUMNS_VI[5]
    sub[5].text, sub[6].text = COLUMNS_VI[6], COLUMNS_VI[7]
    for cell in list(head) + list(sub):
        for para in cell.paragraphs:
            for run in para.runs:
                run.bold = True
    for number, title in doc_data["areas"]:
        cells = table.add_row().cells
        cells[0].text = str(number)
        merged = cells[1].merge(cells[6])
        merged.text = title
        for run in merged.paragraphs[0].runs:
            run.bold = True
        for j, row in enumerate(doc_data["groups"][number], start=1):
            c = table.add_row().cells
            c[0].text = f"{number}.{j}"
            c[1].text = ""
            c[2].text = row["activity"]
            c[3].text = row["results"]
            c[4].text = row["difficulties"]
            c[5].text = _money(row["state"])
            c[6].text = _money(row["other"])
    for line in doc_data["footer"]:
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def xlsx_bytes(doc_data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    ws.title = f"Phu luc II {doc_data['year']}"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    ws["G1"] = APPENDIX_VI
    ws["A2"] = f"Tên đơn vị báo cáo: {doc_data['unit']}"
    ws["A2"].font = Font(bold=True)
    ws["A3"] = f"{TITLE_VI} — NĂM {doc_data['year']}"
    ws["A3"].font = Font(bold=True)
    ws.merge_cells("A3:G3")
    for col, text in zip("ABCDE", COLUMNS_VI[:5]):
        ws[f"{col}5"] = text
        ws.merge_cells(f"{col}5:{col}6")
    ws["F5"] = COLUMNS_VI[5]
    ws.merge_cells("F5:G5")
    ws["F6"], ws["G6"] = COLUMNS_VI[6], COLUMNS_VI[7]
    for row in ws["A5:G6"]:
        for cell in row:
            cell.font, cell.border, cell.alignment = Font(bold=True), box, Alignment(wrap_text=True, horizontal="center",
                                                                                     vertical="center")
    r = 7
    for number, title in doc_data["areas"]:
        ws.cell(r, 1, number)
        ws.cell(r, 2, title)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=7)
        for c in range(1, 8):
            ws.cell(r, c).font, ws.cell(r, c).border = Font(bold=True), box
        r += 1
        for j, row in enumerate(doc_data["groups"][number], start=1):
            values = [f"{number}.{j}", "", row["activity"], row["results"], row["difficulties"], row["state"], row["other"]]
            for c, v in enumerate(values, start=1):
                cell = ws.cell(r, c, v)
                cell.border, cell.alignment = box, wrap
                if c >= 6:
                    cell.number_format = "#,##0"
            r += 1
    r += 1
    for line in doc_data["footer"]:
        ws.cell(r, 1, line)
        r += 1
    for col, width in zip("ABCDEFG", (7, 30, 45, 45, 35, 18, 18)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A7"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
