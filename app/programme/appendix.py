"""The action plan's Appendix II template (Decision 3529/QĐ-BCT): every unit and every provincial
Department of Industry and Trade reports each year, before 15 December, for each of the plan's 15 task
areas: activities carried out (programme, project, task), results achieved, difficulties and proposals,
and funding from the state budget and from other sources; header: reporting unit, report date, preparer
(name, phone, e-mail).

Area titles: only the tasks named in our reference notes are spelled out (5.1, 6.1, 6.3, 7.2, 8, 9, 10,
12.1–12.3, 14, 15); the other areas are shown by number, as the officer finds them in the plan.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

AREAS: dict[int, object] = {
    1: _l("Task area 1"),
    2: _l("Task area 2"),
    3: _l("Task area 3"),
    4: _l("Task area 4"),
    5: _l("Task area 5 (incl. 5.1 green logistics)"),
    6: _l("Task area 6 (incl. 6.1 eco-labelling, including recycled and carbon labels; 6.3 life-cycle emission tools)"),
    7: _l("Task area 7 (incl. 7.2 trade promotion and supply–demand connection at fairs)"),
    8: _l("Task area 8: sustainable public procurement"),
    9: _l("Task area 9: training"),
    10: _l("Task area 10: circular economy guidance by sector"),
    11: _l("Task area 11"),
    12: _l("Task area 12 (incl. 12.1 SCP database; 12.2 platform connecting the SCP network; 12.3 traceability portal)"),
    13: _l("Task area 13"),
    14: _l("Task area 14: green finance"),
    15: _l("Task area 15: international cooperation"),
}
DEADLINE_DAY = (12, 15)  # reports are due before 15 December
REMINDERS_FROM = (12, 1)  # reminders from 1 December

# Column headings of the template (Vietnamese, as the template is printed; the pages translate them).
COLUMNS_VI = ("STT", "Nhiệm vụ", "Hoạt động đã thực hiện (chương trình, dự án, nhiệm vụ)", "Kết quả đạt được",
              "Khó khăn, đề xuất", "Kinh phí (đồng)", "Ngân sách nhà nước", "Nguồn khác")
TITLE_VI = ("BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH HÀNH ĐỘNG CỦA BỘ CÔNG THƯƠNG THỰC HIỆN CHƯƠNG TRÌNH HÀNH ĐỘNG "
            "QUỐC GIA VỀ SẢN XUẤT VÀ TIÊU DÙNG BỀN VỮNG GIAI ĐOẠN 2021–2030")
APPENDIX_VI = "Phụ lục II"
