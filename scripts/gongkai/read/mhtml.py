"""Pages saved as one file (.mhtml / .mht: Chrome, Edge and 360's 网页，单个文件): a MIME message whose first
text/html part is the page, read like any saved page, in the charset the part declares (GBK pages too). The
address the browser saved it from (Snapshot-Content-Location, else the part's Content-Location) is kept as the
page's address, evidence for place and date like a canonical link.
"""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from gongkai.document import RawDocument
from gongkai.model import CHINA_TIME
from gongkai.read import html
from gongkai.read.base import InputError


def read(path: Path, data: bytes, kind: str) -> RawDocument:
    message = BytesParser(policy=policy.default).parsebytes(data)
    part = next((item for item in message.walk() if item.get_content_type() == "text/html"), None)
    if not isinstance(part, EmailMessage):
        raise InputError(path, "单文件网页（.mhtml）中没有网页正文部分：请在浏览器中重新“另存为”网页")
    page = part.get_payload(decode=True)
    if not isinstance(page, bytes) or not page.strip():
        raise InputError(path, "单文件网页（.mhtml）的网页部分是空的")
    document = html.read(path, page, "html", charset=part.get_content_charset())
    document.source_format = "mhtml"
    address = str(message.get("Snapshot-Content-Location") or part.get("Content-Location") or "")
    if address.startswith(("http://", "https://")) and "canonical" not in document.page_meta:
        document.page_meta.setdefault("Url", address)
    saved = message.get("Date")  # when the browser saved the page: the day this copy was collected
    if saved is not None and getattr(saved, "datetime", None) is not None:
        document.page_meta["SavedDate"] = saved.datetime.astimezone(CHINA_TIME).date().isoformat()
    return document
