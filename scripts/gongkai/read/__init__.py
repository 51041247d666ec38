"""Stage 1: read a submitted file into a RawDocument, whatever its format.

Each format has one module exposing `read(path, data, kind) -> RawDocument`; the format (`kind`) is chosen once
by sniffing the bytes (see `base.sniff`), so a misnamed file is caught before a converter misreads it.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from gongkai.document import RawDocument
from gongkai.read.base import (
    DEFAULT_MAX_BYTES,
    DEFAULT_OCR_MAX_PAGES,
    SUPPORTED_SUFFIXES,
    InputError,
    load_bytes,
    sniff,
    supported,
)

# format → module under gongkai.read; imported on first use so a PDF batch never loads pandoc glue and back.
_READERS = {
    "docx": "pandoc_formats",
    "odt": "pandoc_formats",
    "rtf": "pandoc_formats",
    "doc": "legacy",
    "wps": "legacy",
    "pdf": "pdf",
    "html": "html",
    "mhtml": "mhtml",
    "image": "image",
    "txt": "txt",
    "md": "markdown",
}


def read_file(
    path: Path,
    data: bytes | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ocr_max_pages: int = DEFAULT_OCR_MAX_PAGES,
) -> RawDocument:
    """Read `path` (or its already loaded bytes) into a RawDocument; InputError says why not. Scans of more than
    `ocr_max_pages` pages are refused."""
    if data is None:
        data = load_bytes(path, max_bytes)
    if len(data) > max_bytes:
        raise InputError(path, f"文件大小 {len(data) / 1048576:.1f} MB，超过上限 {max_bytes / 1048576:.0f} MB")
    kind = sniff(path, data)
    reader: Callable[..., RawDocument] = import_module(f"gongkai.read.{_READERS[kind]}").read
    limits = {"ocr_max_pages": ocr_max_pages} if kind in ("pdf", "image") else {}  # the readers that may OCR
    document = reader(path, data, kind, **limits)
    if not any(getattr(block, "text", "").strip() or getattr(block, "rows", None) for block in document.blocks):
        raise InputError(path, "文件中没有可提取的正文文字")
    return document


__all__ = ["InputError", "RawDocument", "SUPPORTED_SUFFIXES", "load_bytes", "read_file", "supported"]
