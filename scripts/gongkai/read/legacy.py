"""Old binary Word (.doc) and WPS files: LibreOffice converts them to .docx when it is installed."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from gongkai.document import RawDocument
from gongkai.read import pandoc_formats
from gongkai.read.base import InputError
from gongkai.read.external import exceeded_memory, run_limited

CONVERT_TIMEOUT_SECONDS = 120


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(path: Path, data: bytes, kind: str) -> RawDocument:
    office = _office()
    if office is None:
        raise InputError(
            path,
            "这是旧版 Word（.doc）或 WPS 文件，本机未安装 LibreOffice，无法转换：请用 Word/WPS 打开后“另存为” .docx 再提交",
        )
    with tempfile.TemporaryDirectory(prefix="gongkai-legacy-") as work:
        source = Path(work) / f"input{path.suffix.lower() or '.doc'}"
        source.write_bytes(data)
        # Its own profile folder: a second LibreOffice (another ingest worker) would otherwise wait for the first.
        profile = Path(work, "profile").as_uri()
        result = run_limited(
            path,
            [
                office,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "docx",
                "--outdir",
                work,
                str(source),
            ],
            what="LibreOffice",
            timeout=CONVERT_TIMEOUT_SECONDS,
        )
        if exceeded_memory(result):
            raise InputError(
                path,
                "LibreOffice 转换此文件时内存超过上限，已中止（文件内容异常庞大）：请用 Word/WPS 另存为 .docx 再提交",
            )
        if result.returncode != 0:
            raise InputError(path, "LibreOffice 无法转换此文件（可能已损坏或加密）：请用 Word/WPS 另存为 .docx 再提交")
        converted = source.with_suffix(".docx")
        if not converted.exists():
            raise InputError(path, "LibreOffice 没有生成 .docx：请用 Word/WPS 另存为 .docx 再提交")
        document = pandoc_formats.read(converted, converted.read_bytes(), "docx")
    document.source_format = "doc" if path.suffix.lower() != ".wps" else "wps"
    return document
