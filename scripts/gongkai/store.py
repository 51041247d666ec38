"""Files under content/: where a report lives, reading its front matter, writing atomically.

A report is `content/<province_code>/<county_code>/<year>/<slug>.md` with its original beside it
(`<slug>.<ext>`) and a hidden `.<slug>.gongkai.json` recording what the converter last wrote, so
re-conversion can tell a person's edits from its own output.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from gongkai.model import DocType, FrontMatter

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
DOC_TYPE_SLUG = {DocType.RULE_OF_LAW.value: "fzzf", DocType.DISCLOSURE.value: "xxgk", DocType.OTHER.value: "qt"}
UNSORTED = "_unsorted"


class _Loader(yaml.SafeLoader):
    """Safe loader that leaves dates as strings: the schema parses them and reports bad ones by field."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FrontMatterError(ValueError):
    """The front matter block is missing or is not valid YAML; `line` is 1-based in the file."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def split(text: str) -> tuple[dict[str, Any], str, str]:
    """(front matter mapping, its raw YAML text, body) of a Markdown file."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise FrontMatterError("文件开头没有 front matter（应以 --- 开始、以 --- 结束的元数据块）")
    try:
        data = yaml.load(match.group(1), Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise FrontMatterError(f"元数据 YAML 格式错误：{getattr(error, 'problem', None) or error}", line) from None
    if not isinstance(data, dict):
        raise FrontMatterError("元数据必须是“字段: 值”形式")
    return data, match.group(1), text[match.end() :]


def field_line(raw_yaml: str, name: str) -> int:
    """1-based line of `name:` in the file (the front matter starts on line 2)."""
    for number, line in enumerate(raw_yaml.splitlines(), start=2):
        if line.startswith(f"{name}:"):
            return number
    return 1


def report_dir(content_dir: Path, front_matter: FrontMatter) -> Path:
    if front_matter.province_code and front_matter.county_code and front_matter.report_year:
        return content_dir / front_matter.province_code / front_matter.county_code / str(front_matter.report_year)
    return content_dir / UNSORTED


def base_slug(front_matter: FrontMatter) -> str:
    """Stable ASCII name from codes: <town or county code>-<doc type>; place unknown → the file's hash."""
    kind = DOC_TYPE_SLUG[str(front_matter.doc_type)]
    code = front_matter.town_code or front_matter.county_code
    if code is None or front_matter.report_year is None:
        return f"{kind}-{front_matter.source_sha256[:12]}"
    return f"{code}-{kind}"


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def state_path(markdown_path: Path) -> Path:
    return markdown_path.with_name(f".{markdown_path.stem}.gongkai.json")


def write_state(markdown_path: Path, front_matter: dict[str, Any], body: str) -> None:
    state = {"front_matter": front_matter, "body": body}
    atomic_write(state_path(markdown_path), json.dumps(state, ensure_ascii=False, sort_keys=True, indent=1, default=str).encode("utf-8"))


def read_state(markdown_path: Path) -> dict[str, Any] | None:
    path = state_path(markdown_path)
    if not path.is_file():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return loaded


_SHA_LINE = re.compile(r"^source_sha256:\s*['\"]?([0-9a-f]{64})", re.MULTILINE)


def report_files(content_dir: Path) -> list[Path]:
    """Every report Markdown file: generated site pages and hand-written pages have no source hash."""
    return sorted(path for path in content_dir.rglob("*.md") if not path.name.startswith("."))


def index_by_hash(content_dir: Path) -> dict[str, Path]:
    """sha256 of each stored original → its Markdown file; a regex over the head is enough and fast."""
    found: dict[str, Path] = {}
    for path in report_files(content_dir):
        with path.open(encoding="utf-8", errors="replace") as stream:
            head = stream.read(4096)
        match = _SHA_LINE.search(head)
        if match:
            found.setdefault(match.group(1), path)
    return found
