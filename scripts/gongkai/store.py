"""Files under content/: where a report lives, reading its front matter, writing atomically.

A report is `content/<province_code>/<county_code>/<year>/<slug>.md` with its original beside it
(`<slug>.<ext>`) and a hidden `.<slug>.gongkai.json` recording what the converter last wrote, so
re-conversion can tell a person's edits from its own output.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from gongkai import gazetteer
from gongkai.config import Config
from gongkai.layout import UNPLACED
from gongkai.model import ABOVE_COUNTY, DocType, FrontMatter
from gongkai.read.base import os_problem
from gongkai.written_yaml import WrittenYaml

# The YAML block at the head of a Markdown file, closed by --- or ... as MkDocs reads it; the one definition that
# the store, the site and the Markdown reader use.
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
DOC_TYPE_SLUG = {DocType.RULE_OF_LAW.value: "fzzf", DocType.DISCLOSURE.value: "xxgk", DocType.OTHER.value: "qt"}
ABOVE_COUNTY_VALUES = frozenset(level.value for level in ABOVE_COUNTY)


try:  # libyaml's parser is ~10× faster; the resolvers (which decide what a date is) are Python either way.
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader that leaves dates as strings: the schema parses them and reports bad ones by field."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# Front matter as the check and the build read it: as _Loader reads it (the writer's own YAML without PyYAML).
FRONT_MATTER_YAML = WrittenYaml(_Loader)


class FrontMatterError(ValueError):
    """The front matter block is missing or is not valid YAML; `line` is 1-based in the file."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


MERGE_MARKER = re.compile(r"^(?:<{7}|>{7})(?: |$)", re.MULTILINE)  # ======= alone is a setext underline too


def split(text: str) -> tuple[dict[str, Any], str, str]:
    """(front matter mapping, its raw YAML text, body) of a Markdown file."""
    marker = MERGE_MARKER.search(text)
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        raise FrontMatterError(
            "文件中有未解决的合并冲突标记（<<<<<<< / ======= / >>>>>>>）：请保留正确的一方并删除标记行", line
        )
    if text.startswith("\ufeff"):
        raise FrontMatterError("文件开头有 BOM（字节顺序标记），元数据块无法识别：请用“UTF-8（无 BOM）”重新保存此文件")
    match = FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            raise FrontMatterError("元数据块没有结束：front matter 应以单独一行 --- 结束")
        raise FrontMatterError("文件开头没有 front matter（应以 --- 开始、以 --- 结束的元数据块）")
    try:
        data = FRONT_MATTER_YAML.load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or error
        raise FrontMatterError(
            f"元数据 YAML 格式错误（{problem}）：检查此行冒号后是否有空格、引号和括号是否成对，"
            "值里有冒号或以 [ { 开头时请加引号",
            line,
        ) from None
    if not isinstance(data, dict):
        raise FrontMatterError("元数据必须是“字段: 值”形式")
    return data, match.group(1), text[match.end() :]


def field_line(raw_yaml: str, name: str) -> int:
    """1-based line of `name:` in the file (the front matter starts on line 2)."""
    for number, line in enumerate(raw_yaml.splitlines(), start=2):
        if line.startswith(f"{name}:"):
            return number
    return 1


def own_place_code(front_matter: FrontMatter) -> str | None:
    """The code of the place whose organ issued the report: its county, or for an organ above the counties its
    prefecture or province (地级、省级 reports have no county, and that is no gap), or a city without counties
    (东莞市) for its townships."""
    if front_matter.county_code:
        return front_matter.county_code
    if front_matter.prefecture_code and gazetteer.without_counties(front_matter.prefecture_code):
        return front_matter.prefecture_code
    if front_matter.organ_level in ABOVE_COUNTY_VALUES:
        if front_matter.organ_level.startswith("省级"):
            return front_matter.province_code
        return front_matter.prefecture_code
    return None


def has_county(front_matter: FrontMatter) -> bool:
    """Whether the report's place has a county level: not for an organ above the counties, nor in a city without
    counties."""
    return front_matter.organ_level not in ABOVE_COUNTY_VALUES and not (
        front_matter.prefecture_code and gazetteer.without_counties(front_matter.prefecture_code)
    )


def report_dir(content_dir: Path, front_matter: FrontMatter) -> Path:
    """content/<province>/<county, or the prefecture or province of an organ above the counties>/<year>/."""
    own = own_place_code(front_matter)
    if front_matter.province_code and own and front_matter.report_year:
        return content_dir / front_matter.province_code / own / str(front_matter.report_year)
    return content_dir / UNPLACED


def base_slug(front_matter: FrontMatter) -> str:
    """Stable ASCII name from codes: <town or own place code>-<doc type>; place unknown → the file's hash."""
    kind = DOC_TYPE_SLUG[str(front_matter.doc_type)]
    code = front_matter.town_code or own_place_code(front_matter)
    if code is None or front_matter.report_year is None:
        return f"{kind}-{front_matter.source_sha256[:12]}"
    return f"{code}-{kind}"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# What open() and mkdir() would give: read once, at import, before any thread (os.umask is read by setting it).
_UMASK = _umask()
NEW_FILE_MODE = 0o666 & ~_UMASK
NEW_FOLDER_MODE = 0o777 & ~_UMASK


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write via a temporary file in the same folder and rename: readers see the old file or the new one.

    The file gets the permissions of the one it replaces, or those open() gives a new file: mkstemp's own 0600
    would leave a site's index and data unreadable to a web server running as another user.
    `durable`: flushed to disk before the rename, as a person's file must be; build output, which a rebuild makes
    again, skips the fsync."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = NEW_FILE_MODE
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(handle, mode)
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """`target` as a hard link of `source` where the file system allows, else a copy (build output: nothing ever
    writes into a built file, builds write new ones)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def link_tree(source: str | Path, target: str | Path) -> None:
    """A copy of the folder `source` at `target` (which must not exist), each file hard-linked where the file
    system allows (link_or_copy). Not shutil.copytree: build output needs none of the modes, times and extended
    attributes it copies onto every folder, which made two thirds of its time (35,000 files of a 10,000-report
    site: 1.3 s of CPU against 0.9 s). Symbolic links are followed, as copytree(symlinks=False) does."""
    os.makedirs(target)
    folders = [(os.fspath(source), os.fspath(target))]
    while folders:
        here, there = folders.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                destination = os.path.join(there, entry.name)
                if entry.is_dir():
                    os.mkdir(destination)
                    folders.append((entry.path, destination))
                else:
                    link_or_copy(entry.path, destination)


def state_path(markdown_path: Path) -> Path:
    return markdown_path.with_name(f".{markdown_path.stem}.gongkai.json")


def write_state(markdown_path: Path, front_matter: dict[str, Any], body: str) -> None:
    state = {"front_matter": front_matter, "body": body}
    atomic_write(
        state_path(markdown_path),
        json.dumps(state, ensure_ascii=False, sort_keys=True, indent=1, default=str).encode("utf-8"),
    )


class StateError(ValueError):
    """A converter state file that cannot be read (hand-edited, a merge conflict)."""


def read_state(markdown_path: Path) -> dict[str, Any] | None:
    path = state_path(markdown_path)
    if not path.is_file():
        return None
    try:
        loaded = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise StateError(
            f"转换记录 {path.name} 已损坏（例如含合并冲突标记），无法区分人工修改，未重新转换："
            f"请删除 {path.name} 后重试（此报告将不再自动更新）"
        ) from None
    if not isinstance(loaded, dict) or not isinstance(loaded.get("front_matter"), dict) or "body" not in loaded:
        raise StateError(f"转换记录 {path.name} 格式不对，未重新转换：请删除它后重试（此报告将不再自动更新）")
    return loaded


def original_intact(markdown_path: Path, digest: str) -> bool:
    """The report at `markdown_path` names an original beside it whose bytes have this SHA-256."""
    try:
        meta, _raw, _body = split(markdown_path.read_text("utf-8"))
        original = markdown_path.parent / str(meta.get("source_file") or "")
        return original.is_file() and original != markdown_path and file_sha256(original) == digest
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return False


_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def remove_stale_temporaries(content_dir: Path) -> list[Path]:
    """Delete what an interrupted atomic_write left (`.<name>.<random>.tmp`); call it holding writer_lock."""
    removed = []
    for path in content_dir.rglob(".*.tmp"):
        if _TEMPORARY.match(path.name) and path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


class LockBusy(RuntimeError):
    """Another ingest holds the lock past the wait."""


LOCK_FILE = ".gongkai-ingest.lock"


@contextlib.contextmanager
def writer_lock(config: Config, wait_seconds: float = 600) -> Iterator[None]:
    """One writer of content/ at a time. Two ingests at once raced for the same names and duplicated reports.

    An flock on a file in the project root: the kernel releases it when its holder exits, however it exits, so
    a killed ingest leaves no stale lock. A second ingest waits (saying so once), then gives up with LockBusy.
    """
    path = config.root / LOCK_FILE
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise LockBusy(f"无法创建锁文件 {path}（{os_problem(error)}）") from None
    try:
        deadline = time.monotonic() + wait_seconds
        said = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "?"
                if time.monotonic() >= deadline:
                    raise LockBusy(
                        f"另一个 gongkai ingest（进程 {holder}）仍在写入 content/，等待 {wait_seconds:.0f} 秒后放弃：请稍后再试"
                    ) from None
                if not said:
                    print(f"另一个 gongkai ingest（进程 {holder}）正在写入 content/，等待它结束……", file=sys.stderr)
                    said = True
                time.sleep(0.2)
        os.ftruncate(handle, 0)
        os.pwrite(handle, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(handle)  # closing releases the lock


_SHA_LINE = re.compile(r"^source_sha256:\s*['\"]?([0-9a-f]{64})", re.MULTILINE)


def is_report_name(name: str) -> bool:
    """A Markdown file's name that is not hidden: in a report folder, a report (`gongkai check` says which are not
    valid ones). Hidden files are no page: MkDocs leaves them out too."""
    return name.endswith(".md") and not name.startswith(".")


def links_and_listings(root: Path) -> tuple[list[Path], dict[Path, list[tuple[str, bool]]]]:
    """The symbolic links below `root` (sorted; a linked folder is never entered), and what each folder from
    `root` down holds: every name in it and whether it is a folder that is no link. One walk by os.scandir, whose
    entries say both without a stat of their own (two walks by rglob, a listing of each folder and a stat per path
    were a third of a check of 10,000 reports; a Path per name, half of what was left). `gongkai check` reports
    the links and stray files; the site plugin leaves out what the links would publish."""
    links: list[Path] = []
    listings: dict[Path, list[tuple[str, bool]]] = {}
    pending = [root]
    while pending:
        folder = pending.pop()
        entries = listings[folder] = []
        with os.scandir(folder) as found:
            for entry in found:
                is_folder = entry.is_dir(follow_symlinks=False)
                entries.append((entry.name, is_folder))
                if entry.is_symlink():
                    links.append(folder / entry.name)
                elif is_folder:
                    pending.append(folder / entry.name)
    return sorted(links), listings


def report_files(content_dir: Path) -> list[Path]:
    """Every report file (is_report_name) below `content_dir`."""
    return sorted(path for path in content_dir.rglob("*.md") if is_report_name(path.name))


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
