"""What every reader shares: the input error, the size limit, and content sniffing.

The format is decided from the bytes, not trusted from the extension: staff receive `.doc` files that are
really HTML exports, `.docx` files that are old binary Word files, and PDFs renamed to anything.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import struct
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

import olefile  # type: ignore[import-untyped]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Scanned pages OCR reads at most in one file (about 3 s a page); [tool.gongkai] ocr_max_pages sets another.
DEFAULT_OCR_MAX_PAGES = 60
# A docx is a zip. What it really inflates to is counted while inflating (declared sizes can lie): past an
# absolute cap, or past a ratio of the file's size once above a floor that no real report reaches by text
# alone, it is a zip bomb. The XML parts are what pandoc parses, and pandoc needs ~10 bytes per byte of XML.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_XML_BYTES = 40 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_FLOOR_BYTES = 16 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class InputError(Exception):
    """A submitted file that cannot be converted. The message says why and what to do, for staff."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


# File names staff may submit, and the format each promises: the one list `convert`, `ingest`, sniffing and the
# messages use. A file without a suffix is read as text.
SUFFIX_KINDS = {
    ".docx": "docx",
    ".doc": "doc",
    ".wps": "wps",
    ".odt": "odt",
    ".rtf": "rtf",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".mhtml": "mhtml",
    ".mht": "mhtml",
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
    ".tif": "image",
    ".tiff": "image",
}
SUPPORTED_SUFFIXES = tuple(SUFFIX_KINDS)


def scan_too_long(length: str, limit: int) -> str:
    """The one wording for a scan longer than OCR reads ("PDF 有 80 页扫描页"): the limit and the setting."""
    return f"{length}，超过文字识别（OCR）的上限 {limit} 页（pyproject.toml 的 [tool.gongkai] ocr_max_pages）"


def unsupported_type(path: Path | str, suffix: str) -> InputError:
    """The one wording for a file type we do not convert, wherever the type is refused."""
    if suffix.lower() == ".ofd":  # GB/T 33190 版式文件: no maintained Python reader of its text exists
        return InputError(path, "OFD 版式文件暂不支持：请用数科/福昕 OFD 阅读器“另存为”或打印为 PDF，或提交 Word 原件")
    names = "、".join(
        dict.fromkeys(
            suffix for suffix in SUFFIX_KINDS if suffix not in (".htm", ".mht", ".text", ".markdown", ".jpeg", ".tiff")
        )
    )
    return InputError(path, f"不支持的文件类型 {suffix}：请提交 {names} 文件")


def supported(path: Path) -> bool:
    return not path.suffix or path.suffix.lower() in SUFFIX_KINDS


_OS_PROBLEMS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EISDIR: "是一个文件夹",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已满",
    errno.EROFS: "文件系统只读",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EIO: "磁盘读写错误",
}


def os_problem(error: OSError) -> str:
    """What a clerk should know of a failed read or write, in Chinese (strerror is English)."""
    return _OS_PROBLEMS.get(error.errno or 0, error.strerror or str(error))


_NOT_REGULAR = (
    (stat.S_ISDIR, "是一个文件夹"),
    (stat.S_ISFIFO, "是命名管道（FIFO）"),
    (stat.S_ISSOCK, "是套接字"),
    (stat.S_ISCHR, "是设备文件"),
    (stat.S_ISBLK, "是设备文件"),
)


def not_a_regular_file(mode: int) -> str | None:
    """Why a file of this mode is not a submission (None for a regular file)."""
    if stat.S_ISLNK(mode):
        return "是符号链接，出于安全不读取链接指向的文件：请放入文件本身"
    for test, what in _NOT_REGULAR:
        if test(mode):
            return f"{what}，不是普通文件，已跳过"
    return None if stat.S_ISREG(mode) else "不是普通文件，已跳过"


def load_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file, never through a symlink and never blocking on a FIFO or device.

    The file is opened without following a link and checked again on the open descriptor, so swapping the file
    for a link between listing and reading gains nothing; it is refused over the size limit before reading.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == 40:  # ELOOP: the last component is a symlink
            raise InputError(path, not_a_regular_file(stat.S_IFLNK) or "") from None
        raise InputError(path, f"无法读取文件（{os_problem(error)}）") from None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        problem = not_a_regular_file(info.st_mode)
        if problem:
            raise InputError(path, problem)
        if info.st_size > max_bytes:
            raise InputError(path, f"文件大小 {info.st_size / 1048576:.1f} MB，超过上限 {max_bytes / 1048576:.0f} MB")
        try:
            data = stream.read(max_bytes + 1)
        except OSError as error:
            raise InputError(path, f"无法读取文件（{os_problem(error)}）") from None
    if len(data) > max_bytes:
        raise InputError(path, f"文件大小超过上限 {max_bytes / 1048576:.0f} MB")
    return data


_DAMAGED_ZIP = "文件已损坏或不完整（无法作为 zip/docx 解压），请用 Word/WPS 打开后重新保存再提交"


def _member_data_start(data: bytes, info: zipfile.ZipInfo) -> int:
    """Where a member's compressed bytes begin: after its local header (whose name and extra field lengths may
    differ from the central directory's)."""
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("local header missing")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start: int = info.header_offset + 30 + name_length + extra_length
    return start


def _inflated_size_checked(path: Path, archive: zipfile.ZipFile, data: bytes) -> None:
    """Inflate every member ourselves, counting the bytes its deflate stream really holds, whatever the headers
    declare: pandoc's zip reader inflates the whole stream, so a header that lies about the size (a bomb made to
    pass a check of declared sizes) must not be believed. Memory stays bounded (1 MB of output at a time); a
    stream whose size or CRC-32 differs from the directory's is a damaged or forged file, refused either way."""
    cap = min(MAX_UNPACKED_BYTES, max(RATIO_FLOOR_BYTES, MAX_COMPRESSION_RATIO * len(data)))
    total = xml = 0
    for info in archive.infolist():
        start = _member_data_start(data, info)
        if info.compress_type == zipfile.ZIP_STORED:
            size, crc = info.compress_size, zlib.crc32(data[start : start + info.compress_size])
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            pending, size, crc = memoryview(data)[start:], 0, 0
            while pending and not inflater.eof:
                chunk = inflater.decompress(pending[: 1 << 16], 1 << 20)
                pending = memoryview(inflater.unconsumed_tail) if inflater.unconsumed_tail else pending[1 << 16 :]
                size, crc = size + len(chunk), zlib.crc32(chunk, crc)
                if total + size > cap or (xml + size > MAX_UNPACKED_XML_BYTES and _is_xml(info)):
                    raise InputError(
                        path,
                        f"压缩包解压后超过 {cap // 1048576} MB（文件本身 {len(data) // 1024} KB），疑似压缩炸弹，已拒绝处理",
                    )
            if not inflater.eof:
                raise zipfile.BadZipFile("deflate stream truncated")
        else:
            raise NotImplementedError(f"compression method {info.compress_type}")
        if size != info.file_size or crc != info.CRC:
            raise zipfile.BadZipFile(f"{info.filename}: size or CRC differs from the directory")
        total += size
        xml += size if _is_xml(info) else 0
        if total > cap or xml > MAX_UNPACKED_XML_BYTES:
            raise InputError(
                path,
                f"压缩包解压后超过 {cap // 1048576} MB（文件本身 {len(data) // 1024} KB），疑似压缩炸弹，已拒绝处理",
            )


def _is_xml(info: zipfile.ZipInfo) -> bool:
    return info.filename.lower().endswith((".xml", ".rels"))


def _zip_kind(path: Path, data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        names = set(archive.namelist())
        if "word/document.xml" in names or "mimetype" in names:
            _inflated_size_checked(path, archive, data)
        mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except InputError:
        raise
    except RuntimeError as error:  # zipfile's word for an encrypted member
        if "encrypted" in str(error).lower():
            raise InputError(path, "文件设有打开密码（已加密），请取消密码后重新保存再提交") from None
        raise InputError(path, _DAMAGED_ZIP) from None
    except NotImplementedError:
        raise InputError(
            path, "文件使用了不支持的压缩方式（不是 Word/WPS 保存的 docx），请用 Word/WPS 重新保存再提交"
        ) from None
    except Exception:  # noqa: BLE001 - zlib.error, BadZipFile, EOFError, lzma/bz2 errors: all mean a damaged file
        raise InputError(path, _DAMAGED_ZIP) from None
    if "word/document.xml" in names:
        return "docx"
    if mimetype == "application/vnd.oasis.opendocument.text":
        return "odt"
    if any(name.startswith("xl/") for name in names):
        raise InputError(path, "这是 Excel 表格（.xlsx），不是报告文档：请提交报告的 Word 或 PDF 文件")
    if any(name.startswith("ppt/") for name in names):
        raise InputError(path, "这是 PowerPoint 演示文稿（.pptx），不是报告文档：请提交报告的 Word 或 PDF 文件")
    raise InputError(path, "这是一个 zip 压缩包，但不是 Word（.docx）或 ODT 文档")


# FIB flags of a Word binary file (MS-DOC 2.5.2): fEncrypted, and fObfuscated (XOR "encryption").
_WORD_ENCRYPTED = 0x0100
_WORD_OBFUSCATED = 0x8000


def _ole_kind(path: Path, data: bytes) -> str:
    """Old binary Office files and encrypted docx both live in an OLE compound file: its streams say which."""
    try:
        ole = olefile.OleFileIO(BytesIO(data))
        streams = {"/".join(entry) for entry in ole.listdir()}
        word_header = ole.openstream("WordDocument").read(12) if "WordDocument" in streams else b""
    except Exception:  # noqa: BLE001 - olefile raises OSError, struct.error, IndexError… on damaged files
        raise InputError(
            path, "文件已损坏（无法作为旧版 Word/WPS 文件打开），请用 Word/WPS 打开后另存为 .docx 再提交"
        ) from None
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        raise InputError(path, "文件设有打开密码（已加密），请取消密码后重新保存再提交")
    if "WordDocument" in streams:
        flags = int.from_bytes(word_header[10:12], "little") if len(word_header) >= 12 else 0
        if flags & (_WORD_ENCRYPTED | _WORD_OBFUSCATED):
            raise InputError(path, "Word 文件设有打开密码（已加密），请取消密码后另存为 .docx 再提交")
        return "wps" if path.suffix.lower() == ".wps" else "doc"
    if streams & {"Workbook", "Book"}:
        raise InputError(path, "这是 Excel 表格（.xls），不是报告文档：请提交报告的 Word 或 PDF 文件")
    if "PowerPoint Document" in streams:
        raise InputError(path, "这是 PowerPoint 演示文稿（.ppt），不是报告文档：请提交报告的 Word 或 PDF 文件")
    raise InputError(path, "这是一个 Office 复合文档，但不是 Word 或 WPS 文字文档：请另存为 .docx 再提交")


def utf16_codec(data: bytes) -> str | None:
    """UTF-16 text (Windows "Unicode" saves): by its BOM, or without one by NULs in every other byte of ASCII."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:400]
    if len(head) >= 8 and head.count(0) >= len(head) // 4:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 3 * max(even, 1):
            return "utf-16-le"
        if even > 3 * max(odd, 1):
            return "utf-16-be"
    return None


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return (
        start.startswith((b"<!doctype html", b"<html", b"<?xml"))
        and b"<html" in head.lower()
        or (start.startswith(b"<") and any(tag in head.lower() for tag in (b"<body", b"<head", b"<meta", b"<div")))
    )


def _looks_like_utf16_html(data: bytes) -> bool:
    codec = utf16_codec(data)
    if codec is None:
        return False
    head = data[:8192].decode(codec, "replace").encode("utf-8", "replace")
    return _looks_like_html(head)


# A page saved as one file is a MIME message: headers first, the page in a multipart/related body.
_MHTML = re.compile(rb"(?im)^MIME-Version:\s*1\.0")
_MULTIPART = re.compile(rb"(?im)^Content-Type:\s*multipart/related")


def sniff(path: Path, data: bytes) -> str:
    """The real format of `data`: docx, odt, doc, wps, pdf, rtf, html, mhtml, md or txt."""
    suffix = path.suffix.lower()
    if not data.strip():
        raise InputError(path, "文件是空的")
    if data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(path, data)
    elif data.startswith(OLE_MAGIC):
        kind = _ole_kind(path, data)
    elif data.lstrip().startswith(b"%PDF"):
        kind = "pdf"
    elif data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")):
        kind = "image"
    elif data.lstrip().startswith(b"{\\rtf"):
        kind = "rtf"
    elif _MHTML.search(data[:2048]) and _MULTIPART.search(data[:2048]):
        kind = "mhtml"
    elif _looks_like_html(data[:4096]) or _looks_like_utf16_html(data):
        kind = "html"
    elif SUFFIX_KINDS.get(suffix, "txt" if not suffix else None) in ("md", "txt"):
        kind = SUFFIX_KINDS.get(suffix, "txt")
    elif suffix in SUFFIX_KINDS:
        raise InputError(path, f"扩展名是 {suffix}，但文件内容不是这种格式（文件可能已损坏或被改名）")
    else:
        raise unsupported_type(path, suffix)
    _refuse_disguised(path, suffix, kind)
    return kind


def _refuse_disguised(path: Path, suffix: str, kind: str) -> None:
    """A .docx that is really a web page or an old .doc is a saving mistake staff should fix at the source."""
    expected = SUFFIX_KINDS.get(suffix)
    if expected in (None, "html", "mhtml", "txt", "md") or expected == kind or {expected, kind} <= {"doc", "wps"}:
        return
    names = {"html": "HTML 网页", "doc": "旧版 Word（.doc）", "wps": "WPS 文档", "pdf": "PDF", "txt": "纯文本"}
    raise InputError(
        path,
        f"扩展名是 {suffix}，但内容其实是{names.get(kind, kind)}：请用 Word/WPS 打开后“另存为” .docx 再提交",
    )
