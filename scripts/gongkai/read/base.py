"""What every reader shares: the input error, the size limit, and content sniffing.

The format is decided from the bytes, not trusted from the extension: staff receive `.doc` files that are
really HTML exports, `.docx` files that are old binary Word files, and PDFs renamed to anything.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A docx is a zip; a small file that unpacks to gigabytes is a zip bomb, not a report.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class InputError(Exception):
    """A submitted file that cannot be converted. The message says why and what to do, for staff."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def unsupported_type(path: Path | str, suffix: str) -> InputError:
    """The one wording for a file type we do not convert, wherever the type is refused."""
    return InputError(path, f"不支持的文件类型 {suffix}：请提交 .docx、.pdf、.html、.txt、.md、.odt、.rtf 文件")


def _zip_kind(path: Path, data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        names = set(archive.namelist())
        infos = archive.infolist()
    except zipfile.BadZipFile:
        raise InputError(path, "文件已损坏或不完整（无法作为 zip/docx 打开），请重新导出后再提交") from None
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_COMPRESSION_RATIO * max(len(data), 1):
        raise InputError(path, f"压缩包解压后达 {unpacked // (1024 * 1024)} MB，疑似压缩炸弹，已拒绝处理")
    if "word/document.xml" in names:
        bad = archive.testzip()
        if bad is not None:
            raise InputError(path, f"docx 文件已损坏（{bad} 校验失败），请用 Word 打开后重新保存")
        return "docx"
    if "mimetype" in names:
        mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
        if mimetype == "application/vnd.oasis.opendocument.text":
            return "odt"
    raise InputError(path, "这是一个 zip 压缩包，但不是 Word（.docx）或 ODT 文档")


def _ole_kind(path: Path, data: bytes) -> str:
    """Old binary Office files and encrypted docx both live in an OLE compound file."""
    # Stream names are stored as UTF-16LE in the directory sectors.
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        raise InputError(path, "文件设有打开密码（已加密），请取消密码后重新保存再提交")
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    return "wps"


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in head.lower() or (
        start.startswith(b"<") and any(tag in head.lower() for tag in (b"<body", b"<head", b"<meta", b"<div"))
    )


def sniff(path: Path, data: bytes) -> str:
    """The real format of `data`: docx, odt, doc, wps, pdf, rtf, html, md or txt."""
    suffix = path.suffix.lower()
    if not data.strip():
        raise InputError(path, "文件是空的")
    if data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(path, data)
    elif data.startswith(OLE_MAGIC):
        kind = _ole_kind(path, data)
    elif data.lstrip().startswith(b"%PDF"):
        kind = "pdf"
    elif data.lstrip().startswith(b"{\\rtf"):
        kind = "rtf"
    elif _looks_like_html(data[:4096]):
        kind = "html"
    elif suffix in (".md", ".markdown"):
        kind = "md"
    elif suffix in (".txt", ".text", ""):
        kind = "txt"
    elif suffix in (".docx", ".pdf", ".odt", ".rtf", ".doc", ".wps", ".html", ".htm"):
        raise InputError(path, f"扩展名是 {suffix}，但文件内容不是这种格式（文件可能已损坏或被改名）")
    else:
        raise unsupported_type(path, suffix)
    _refuse_disguised(path, suffix, kind)
    return kind


_EXPECTED_KIND = {".docx": "docx", ".pdf": "pdf", ".odt": "odt", ".rtf": "rtf", ".doc": "doc", ".wps": "wps"}


def _refuse_disguised(path: Path, suffix: str, kind: str) -> None:
    """A .docx that is really a web page or an old .doc is a saving mistake staff should fix at the source."""
    expected = _EXPECTED_KIND.get(suffix)
    if expected is None or expected == kind or {expected, kind} <= {"doc", "wps"}:
        return
    names = {"html": "HTML 网页", "doc": "旧版 Word（.doc）", "wps": "WPS 文档", "pdf": "PDF", "txt": "纯文本"}
    raise InputError(
        path,
        f"扩展名是 {suffix}，但内容其实是{names.get(kind, kind)}：请用 Word/WPS 打开后“另存为” .docx 再提交",
    )
