"""One submitted file through every stage: read → normalise → mask → extract → write.

This is the only place the stages meet; `convert` and `ingest` both call `convert_file`. Where each stage lives:

    read/        bytes → RawDocument: base.py (safe loading, sniffing), one module per format, external.py
                 (converters under limits)
    furniture.py the page furniture at a document's head, kept as evidence (page_meta)
    normalise.py RawDocument → Document: lines rejoined, typography, letterhead/title/closing, heading levels
    privacy.py   personal data masked in the text
    extract/     Document → FrontMatter (metadata.py assembles; places, hosts, organs, fields)
    write.py     FrontMatter + Document → Markdown
"""

from __future__ import annotations

import hashlib
import resource
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from gongkai import gazetteer
from gongkai.config import Config
from gongkai.extract import Source, extract
from gongkai.model import FrontMatter, explain
from gongkai.normalise import normalise
from gongkai.privacy import mask_document
from gongkai.read import InputError, load_bytes, read_file
from gongkai.write import body_markdown, render


@dataclass(frozen=True)
class Conversion:
    front_matter: FrontMatter
    body: str

    @property
    def markdown(self) -> str:
        return render(self.front_matter, self.body)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# A conversion in Python (PDF streams, HTML trees) stays under this address-space ceiling, so a hostile input ends
# in a MemoryError for that file instead of exhausting the machine; external converters have their own
# (gongkai.read.external).
PROCESS_MEMORY_LIMIT_BYTES = 2 * 1024**3


def limit_memory() -> None:
    """Cap this process's address space (the soft limit only: converters started later set their own)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY or soft > PROCESS_MEMORY_LIMIT_BYTES:
        ceiling = (
            PROCESS_MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(hard, PROCESS_MEMORY_LIMIT_BYTES)
        )
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))


def unexpected_error(error: BaseException) -> str:
    """The one line a clerk sees when conversion fails in a way we did not foresee (a bug of ours, or an input
    that exhausts memory): never a traceback, always the file and what to do."""
    if isinstance(error, MemoryError):
        return "转换此文件所需内存超过上限，已中止（文件内容异常庞大或被构造过）：请重新导出后再提交"
    if isinstance(error, RecursionError):
        return "文件结构嵌套过深，无法转换（网页或文档结构异常）：请重新导出后再提交"
    return f"转换时发生内部错误（{type(error).__name__}: {str(error)[:120]}）：文件留在原处，请把这一行告知维护人员"


def place_hint(path: Path, config: Config) -> str | None:
    """Place evidence staff gave: the folders a file sits in under inbox/ (重庆市/大足区/ or 500000/500111/), the
    place folders of a stored original under content/ (so re-conversion keeps what ingest was told), else the
    site's configured place (`default_place`). Codes become names; other folder names are read as written."""
    absolute = path.absolute()
    folders: tuple[str, ...] = ()
    if absolute.is_relative_to(config.inbox_dir.absolute()):
        folders = absolute.parent.relative_to(config.inbox_dir.absolute()).parts
    elif absolute.is_relative_to(config.content_dir.absolute()):
        folders = tuple(
            part
            for part in absolute.parent.relative_to(config.content_dir.absolute()).parts[:2]
            if part.isdigit() and len(part) == 6
        )
    if not folders and config.default_place:
        folders = (config.default_place,)
    names = [(place.name if (place := gazetteer.lookup(part)) else part) for part in folders]
    return "".join(dict.fromkeys(names)) or None


def convert_file(
    path: Path,
    config: Config,
    *,
    data: bytes | None = None,
    source_url: str | None = None,
    stored_name: str | None = None,
) -> Conversion:
    """Convert one file. InputError for anything wrong with the file; metadata gaps go to `review`."""
    if data is None:
        data = load_bytes(path, config.max_file_bytes)
    raw = read_file(path, data, max_bytes=config.max_file_bytes, ocr_max_pages=config.ocr_max_pages)
    document = normalise(raw)
    masked = mask_document(document, config.privacy)
    source = Source(
        file_name=stored_name or path.name, sha256=sha256(data), url=source_url, place_hint=place_hint(path, config)
    )
    try:
        front_matter = extract(document, source)
    except ValidationError as error:
        problems = "；".join(message for _name, message in explain(error))
        raise InputError(path, f"元数据无效（{problems}）") from None
    if masked:
        front_matter = front_matter.model_copy(
            update={
                "personal_data_masked": masked,
                "review": [
                    *front_matter.review,
                    f"已遮盖 {masked} 处个人信息（身份证号、手机号或私人邮箱）；原件含这些信息，确认可公开后再将 original_download_confirmed 设为 true",
                ],
            }
        )
    return Conversion(front_matter=front_matter, body=body_markdown(document, front_matter.title))
