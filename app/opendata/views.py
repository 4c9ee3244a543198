"""Open data pages: /open-data (the datasets, their files and the DCAT-AP catalogue), /sitemap.xml and
its parts, /robots.txt, and /api/docs (the API reference rendered from the app's own OpenAPI document,
no JavaScript and no CDN)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, send_file
from flask_babel import get_locale

from ..mail import public_url
from . import exports, sitemap

bp = Blueprint("opendata", __name__)


@bp.route("/open-data")
def index():
    return render_template("opendata/index.html", datasets=exports.DATASETS, files=exports.published(),
                           catalog_ready=exports.file_path(exports.CATALOG_FILE) is not None,
                           licence=current_app.config["OPENDATA_LICENSE"], locale=str(get_locale()))


@bp.route("/open-data/<filename>")
def download(filename):
    path = exports.file_path(filename)
    if path is None:
        abort(404)
    mimetype = "application/ld+json" if filename.endswith(".jsonld") else "text/csv"
    resp = send_file(path, mimetype=mimetype, as_attachment=filename.endswith(".csv"), download_name=filename,
                     max_age=3600, conditional=True, etag=True)
    resp.headers["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return resp


@bp.route("/sitemap.xml")
def sitemap_index():
    parts = [public_url("opendata.sitemap_part", kind=kind, page=page) for kind, page in sitemap.parts()]
    return Response(render_template("opendata/sitemap_index.xml", parts=parts), mimetype="application/xml")


@bp.route("/sitemaps/<kind>-<int:page>.xml")
def sitemap_part(kind, page):
    urls = sitemap.urls(kind, page)
    if urls is None:
        abort(404)
    return Response(render_template("opendata/sitemap.xml", urls=urls), mimetype="application/xml")


@bp.route("/robots.txt")
def robots():
    body = "User-agent: *\nDisallow: /my/\nDisallow: /account/\nDisallow: /admin/\n" \
           f"Sitemap: {public_url('opendata.sitemap_index')}\n"
    return Response(body, mimetype="text/plain")


@bp.route("/api/docs")
def api_docs():
    from .apidocs import reference

    return render_template("opendata/api_docs.html", ref=reference())
