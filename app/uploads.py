"""Safe uploads: the type is decided by the file's content (magic bytes), never by its name;
images are decoded and re-encoded with Pillow (which drops metadata and anything smuggled after the
image), resized, and stored under UPLOAD_DIR with random names. Files are served only through views
that check permissions."""
from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from .errors import ValidationFailed

IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
EVIDENCE_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
Image.MAX_IMAGE_PIXELS = 40_000_000  # refuse decompression bombs


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
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            img = img.convert("RGB") if img.mode not in ("RGB", "RGBA") else img
            img.thumbnail((max_side, max_side))
            out = io.BytesIO()
            if img.mode == "RGBA":
                img.save(out, "PNG", optimize=True)
                ext, mime = "png", "image/png"
            else:
                img.save(out, "JPEG", quality=85, optimize=True)
                ext, mime = "jpg", "image/jpeg"
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationFailed(_("The image could not be read."), {field: [_("Damaged or unsupported image.")]}) from exc
    return _write(out.getvalue(), folder, ext, mime, file_storage.filename)


def store_document(file_storage, folder: str, *, field: str = "evidence", max_bytes: int = 10 * 1024 * 1024) -> StoredFile:
    """Evidence files: PDF, JPEG or PNG, checked by content."""
    data = _read(file_storage, max_bytes, field)
    mime = sniff(data)
    if mime not in EVIDENCE_TYPES:
        raise ValidationFailed(_("Evidence must be a PDF, JPEG or PNG file."), {field: [_("This file type is not accepted.")]})
    if mime == "application/pdf" and b"%%EOF" not in data[-2048:]:
        raise ValidationFailed(_("The PDF file is incomplete."), {field: [_("Damaged PDF.")]})
    if mime != "application/pdf":
        try:
            with Image.open(io.BytesIO(data)) as img:
                img.verify()
        except Exception as exc:  # noqa: BLE001 - any decoder failure means a bad image
            raise ValidationFailed(_("The image could not be read."), {field: [_("Damaged image.")]}) from exc
    return _write(data, folder, EVIDENCE_TYPES[mime], mime, file_storage.filename)


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
