"""The annual Appendix II report pages: a unit's officers prepare, edit, submit and export; the
ministry's officers see every unit's submission and the consolidated national report."""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from .. import clock
from ..errors import DomainError, ValidationFailed
from ..l10n import format_number
from ..web import actor, apply_errors
from . import exports, reports
from .appendix import AREAS
from .forms import HeaderForm, PrepareForm, RowForm, SimpleForm
from .models import ReportStatus
from .officers import officer_scope

bp = Blueprint("programme_reports", __name__, url_prefix="/programme/reports")


def _years() -> list[int]:
    this = clock.today().year
    return list(range(min(this, 2030), 2020, -1))


@bp.route("")
@login_required
def index():
    a = actor()
    scope = reports.require_officer(a)
    form = PrepareForm()
    form.year.choices = [(str(y), str(y)) for y in _years()]
    year = request.args.get("year", type=int) or clock.today().year
    subs = reports.submissions(a, year) if scope.ministry else None
    return render_template("programme/reports.html", scope=scope, own=reports.unit_reports(a), form=form,
                           year=year, years=_years(), submissions=subs)


@bp.route("", methods=["POST"])
@login_required
def prepare():
    form = PrepareForm()
    if not form.validate_on_submit():
        return redirect(url_for(".index"))
    try:
        report = reports.prepare(actor(), {"year": form.year.data})
    except ValidationFailed as exc:
        flash(exc.fields.get("year", [exc.message])[0], "error")
        return redirect(url_for(".index"))
    return redirect(url_for(".show", report_id=report.id))


def _show(report, header=None, row_form=None, status=200, errors=None):
    a = actor()
    scope = officer_scope(a)
    editable = (report.status == ReportStatus.draft and scope is not None and scope.unit is not None
                and scope.unit.id == report.unit_id)
    if header is None:
        header = HeaderForm(data={"report_date": report.report_date.isoformat() if report.report_date else "",
                                  "preparer_name": report.preparer_name, "preparer_phone": report.preparer_phone,
                                  "preparer_email": report.preparer_email})
    row_form = row_form or RowForm(data={"area": request.args.get("area", "1")})
    groups = {n: [r for r in report.rows if r.area == n] for n in AREAS}
    totals = (sum(r.funding_state or 0 for r in report.rows), sum(r.funding_other or 0 for r in report.rows))
    return render_template("programme/report.html", report=report, groups=groups, areas=AREAS, header=header,
                           row_form=row_form, editable=editable, button=SimpleForm(), totals=totals,
                           errors=errors or {}), status


@bp.route("/<int:report_id>")
@login_required
def show(report_id):
    return _show(reports.get_report(actor(), report_id))


@bp.route("/<int:report_id>/header", methods=["POST"])
@login_required
def header(report_id):
    form = HeaderForm()
    if not form.validate_on_submit():
        return redirect(url_for(".show", report_id=report_id))
    try:
        reports.update_header(actor(), report_id, form.data_for_service())
    except ValidationFailed as exc:
        apply_errors(form, exc)
        return _show(reports.get_report(actor(), report_id), header=form, status=422)
    flash(_("Saved."), "success")
    return redirect(url_for(".show", report_id=report_id))


@bp.route("/<int:report_id>/rows", methods=["POST"])
@login_required
def add_row(report_id):
    form = RowForm()
    if not form.validate_on_submit():
        return redirect(url_for(".show", report_id=report_id))
    try:
        row = reports.add_row(actor(), report_id, form.data_for_service())
    except ValidationFailed as exc:
        apply_errors(form, exc)
        return _show(reports.get_report(actor(), report_id), row_form=form, status=422)
    flash(_("Activity added."), "success")
    return redirect(url_for(".show", report_id=report_id, _anchor=f"area-{row.area}"))


@bp.route("/rows/<int:row_id>/edit", methods=["GET", "POST"])
@login_required
def edit_row(row_id):
    row = reports.get_row(actor(), row_id)
    if request.method == "GET":
        form = RowForm(data={"area": str(row.area), "activity": row.activity, "results": row.results,
                             "difficulties": row.difficulties,
                             "funding_state": format_number(row.funding_state, grouped=False) if row.funding_state else "",
                             "funding_other": format_number(row.funding_other, grouped=False) if row.funding_other else ""})
        return render_template("programme/row_form.html", form=form, row=row, delete=SimpleForm())
    form = RowForm()
    if form.validate_on_submit():
        try:
            reports.update_row(actor(), row_id, form.data_for_service())
            flash(_("Saved."), "success")
            return redirect(url_for(".show", report_id=row.report_id, _anchor=f"area-{form.area.data}"))
        except ValidationFailed as exc:
            apply_errors(form, exc)
    return render_template("programme/row_form.html", form=form, row=row, delete=SimpleForm()), 422


@bp.route("/rows/<int:row_id>/delete", methods=["POST"])
@login_required
def delete_row(row_id):
    form = SimpleForm()
    row = reports.get_row(actor(), row_id)
    if form.validate_on_submit():
        reports.delete_row(actor(), row_id)
        flash(_("Activity removed."), "success")
    return redirect(url_for(".show", report_id=row.report_id))


@bp.route("/<int:report_id>/prefill", methods=["POST"])
@login_required
def prefill(report_id):
    if SimpleForm().validate_on_submit():
        reports.refresh_prefill(actor(), report_id)
        flash(_("The platform's figures were filled in again from the newest snapshot; your own rows were kept."),
              "success")
    return redirect(url_for(".show", report_id=report_id))


@bp.route("/<int:report_id>/submit", methods=["GET", "POST"])
@login_required
def submit(report_id):
    report = reports.get_report(actor(), report_id, write=True)
    form = SimpleForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            reports.submit(actor(), report_id)
        except ValidationFailed as exc:
            return render_template("programme/submit.html", report=report, form=form, errors=exc.fields), 422
        flash(_("Report submitted to the Ministry of Industry and Trade."), "success")
        return redirect(url_for(".show", report_id=report_id))
    return render_template("programme/submit.html", report=report, form=form, errors={})


def _file(data: bytes, mime: str, name: str) -> Response:
    return Response(data, mimetype=mime, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/<int:report_id>/appendix-ii.<fmt>")
@login_required
def export(report_id, fmt):
    report = reports.get_report(actor(), report_id)
    data = exports.report_layout(report)
    name = f"phu-luc-ii-{report.year}-{report.unit.province_code or 'bo-cong-thuong'}"
    if fmt == "docx":
        return _file(exports.docx_bytes(data), exports.DOCX_MIME, name + ".docx")
    if fmt == "xlsx":
        return _file(exports.xlsx_bytes(data), exports.XLSX_MIME, name + ".xlsx")
    return Response(status=404)


@bp.route("/national/<int:year>")
@login_required
def national(year):
    data = reports.national(actor(), year)
    return render_template("programme/national.html", data=data, areas=AREAS)


@bp.route("/national/<int:year>/appendix-ii.<fmt>")
@login_required
def national_export(year, fmt):
    data = exports.national_layout(reports.national(actor(), year))
    name = f"phu-luc-ii-{year}-toan-quoc"
    if fmt == "docx":
        return _file(exports.docx_bytes(data), exports.DOCX_MIME, name + ".docx")
    if fmt == "xlsx":
        return _file(exports.xlsx_bytes(data), exports.XLSX_MIME, name + ".xlsx")
    return Response(status=404)
