"""One submitted file through every stage: read → normalise → mask → extract → write.

This is the only place the stages meet; `convert` and `ingest` both call `convert_file`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from gongkai.config import Config
from gongkai.extract import Source, extract
from gongkai.model import FrontMatter
from gongkai.normalize import normalise
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


def convert_file(
    path: Path, config: Config, *, data: bytes | None = None, source_url: str | None = None, stored_name: str | None = None
) -> Conversion:
    """Convert one file. InputError for anything wrong with the file; metadata gaps go to `review`."""
    if data is None:
        data = load_bytes(path, config.max_file_bytes)
    raw = read_file(path, data, max_bytes=config.max_file_bytes)
    document = normalise(raw)
    masked = mask_document(document, config.privacy)
    source = Source(file_name=stored_name or path.name, sha256=sha256(data), url=source_url)
    try:
        front_matter = extract(document, source)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, item['loc']))}: {item['msg']}" for item in error.errors())
        raise InputError(path, f"元数据无效（{problems}）") from None
    if masked:
        front_matter = front_matter.model_copy(
            update={
                "personal_data_masked": masked,
                "review": [*front_matter.review, f"已遮盖 {masked} 处个人信息（身份证号、手机号或私人邮箱）；原件含这些信息，确认可公开后再将 original_download_confirmed 设为 true"],
            }
        )
    return Conversion(front_matter=front_matter, body=body_markdown(document, front_matter.title))
