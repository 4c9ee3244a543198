"""Safe uploads: the type is decided by the file's content (magic bytes), never by its name;
images are decoded and re-encoded with Pillow (which drops metadata and anything smuggled after the
image), resized, and stored under UPLOAD_DIR with random names. Files are served only through views
that check permissions."""
from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from .errors import ValidationFailed

IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
EVIDENCE_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# Pixels an uploaded image may have (a 24-megapixel photo is fine; a 72-megapixel PNG of a few KB is a
# decompression bomb: ~216 MB once decoded). Checked from the header, before anything is decoded.
MAX_IMAGE_PIXELS = 24_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS  # Pillow's own guard: warns past it, refuses past twice it


@dataclass
class StoredFile:
    path: str  # relative to UPLOAD_DIR
    mime: str
    size: int
    original_name: str


def _root() -> Path:
    root = Path(current_app.config["UPLOAD_DIR"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def _read(file_storage, max_bytes: int, field: str) -> bytes:
    if file_storage is None or not getattr(file_storage, "filename", ""):
        raise ValidationFailed(_("Choose a file."), {field: [_("No file was uploaded.")]})
    data = file_storage.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationFailed(_("The file is too large."), {field: [_("At most %(mb)s MB.", mb=max_bytes // (1024 * 1024))]})
    if not data:
        raise ValidationFailed(_("The file is empty."), {field: [_("The file is empty.")]})
    return data


def sniff(data: bytes) -> str | None:
    kind = filetype.guess(data)
    if kind is not None:
        return kind.mime
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def store_image(file_storage, folder: str, *, field: str = "photo", max_bytes: int = 8 * 1024 * 1024,
                max_side: int = 1600) -> StoredFile:
    data = _read(file_storage, max_bytes, field)
    mime = sniff(data)
    if mime not in IMAGE_TYPES:
        raise ValidationFailed(_("Only JPEG, PNG or WebP images are accepted."), {field: [_("Not an image file.")]})
    data, ext, mime = _reencode(data, field, max_side)
    return _write(data, folder, ext, mime, file_storage.filename)


def _reencode(data: bytes, field: str, max_side: int, *, lossless: bool = False) -> tuple[bytes, str, str]:
    """Decode and re-encode an image (bounded in pixels first): what is stored is only the picture —
    no metadata, nothing appended, no second file format hiding in it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValidationFailed(_("The image is too large."), {field: [
                        _("At most %(mp)d megapixels.", mp=MAX_IMAGE_PIXELS // 1_000_000)]})
                source_format = img.format
                img.load()
                img = img.convert("RGB") if img.mode not in ("RGB", "RGBA") else img
                img.thumbnail((max_side, max_side))
                out = io.BytesIO()
                # Documents sent as PNG stay lossless (a certificate's small print must stay legible);
                # photos and logos without transparency become JPEG.
                if img.mode == "RGBA" or (lossless and source_format == "PNG"):
                    img.save(out, "PNG", optimize=True)
                    ext, mime = "png", "image/png"
                else:
                    img.save(out, "JPEG", quality=85, optimize=True)
                    ext, mime = "jpg", "image/jpeg"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:  # Pillow saw it at open()
        raise ValidationFailed(_("The image is too large."), {field: [
            _("At most %(mp)d megapixels.", mp=MAX_IMAGE_PIXELS // 1_000_000)]}) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValidationFailed(_("The image could not be read."), {field: [_("Damaged or unsupported image.")]}) from exc
    return out.getvalue(), ext, mime


def store_document(file_storage, folder: str, *, field: str = "evidence", max_bytes: int = 10 * 1024 * 1024) -> StoredFile:
    """Evidence files: PDF, JPEG or PNG, decided by content and stored as that type. Images are
    re-encoded (bounded in pixels); a PDF is cut after its last `%%EOF`, so nothing appended to it (the
    usual way to make a PDF that is also HTML or a script) is kept. Serve with `send_stored`."""
    data = _read(file_storage, max_bytes, field)
    mime = sniff(data)
    if mime not in EVIDENCE_TYPES:
        raise ValidationFailed(_("Evidence must be a PDF, JPEG or PNG file."), {field: [_("This file type is not accepted.")]})
    if mime == "application/pdf":
        end = data.rfind(b"%%EOF")
        if end < 0 or len(data) - end > 2048:
            raise ValidationFailed(_("The PDF file is incomplete."), {field: [_("Damaged PDF.")]})
        data = data[: end + len(b"%%EOF")] + b"\n"
        ext = "pdf"
    else:
        data, ext, mime = _reencode(data, field, max_side=4000, lossless=True)
    return _write(data, folder, ext, mime, file_storage.filename)


def download_name(original: str | None, mime: str, fallback: str = "file") -> str:
    """The name a stored file is downloaded under: the uploader's name, but always with the extension of
    its real (sniffed) type (`certificate.html` holding a PDF downloads as `certificate.pdf`)."""
    ext = {**IMAGE_TYPES, **EVIDENCE_TYPES}.get(mime, "bin")
    stem = Path((original or "").replace("\\", "/")).name.rsplit(".", 1)[0].strip() or fallback
    return f"{stem[:150]}.{ext}"


def send_stored(relative: str, mime: str, original: str | None, *, fallback: str = "file"):
    """Serve an uploaded document: always as an attachment, with its sniffed type, never sniffed by the
    browser, never cached by proxies and sandboxed should anything open it in place."""
    from flask import send_file

    response = send_file(absolute_path(relative), mimetype=mime, as_attachment=True,
                         download_name=download_name(original, mime, fallback), max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _write(data: bytes, folder: str, ext: str, mime: str, original: str) -> StoredFile:
    safe_folder = "".join(c for c in folder if c.isalnum() or c in "-_/").strip("/")
    directory = _root() / safe_folder
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{ext}"
    (directory / name).write_bytes(data)
    return StoredFile(f"{safe_folder}/{name}", mime, len(data), (original or "")[:200])


def absolute_path(relative: str) -> Path:
    root = _root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValidationFailed(_("Invalid file path."))
    return path
