"""Old binary Word (.doc) and WPS files: LibreOffice converts them to .docx when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from gongkai.document import RawDocument
from gongkai.read import pandoc_formats
from gongkai.read.base import InputError

CONVERT_TIMEOUT_SECONDS = 120


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(path: Path, data: bytes, kind: str) -> RawDocument:
    office = _office()
    if office is None:
        raise InputError(path, "这是旧版 Word（.doc）或 WPS 文件，本机未安装 LibreOffice，无法转换：请用 Word/WPS 打开后“另存为” .docx 再提交")
    with tempfile.TemporaryDirectory(prefix="gongkai-legacy-") as work:
        source = Path(work) / f"input{path.suffix.lower() or '.doc'}"
        source.write_bytes(data)
        try:
            subprocess.run(
                [office, "--headless", "--convert-to", "docx", "--outdir", work, str(source)],
                capture_output=True,
                check=True,
                timeout=CONVERT_TIMEOUT_SECONDS,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            raise InputError(path, "LibreOffice 无法转换此文件（可能已损坏或加密）：请用 Word/WPS 另存为 .docx 再提交") from None
        converted = source.with_suffix(".docx")
        if not converted.exists():
            raise InputError(path, "LibreOffice 没有生成 .docx：请用 Word/WPS 另存为 .docx 再提交")
        document = pandoc_formats.read(converted, converted.read_bytes(), "docx")
    document.source_format = "doc" if path.suffix.lower() != ".wps" else "wps"
    return document
