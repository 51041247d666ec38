"""Submitted files in, reports under content/ out: convert, store the original, never lose anything.

Conversion (the slow part) may run in parallel; storing is serial and in sorted input order, so a parallel run
writes exactly what a serial run writes. Only one ingest writes content/ at a time (a lock file), inputs are
regular files read without following links, and one bad file never stops the batch.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from pydantic import ValidationError

from gongkai import store
from gongkai.config import Config
from gongkai.model import FrontMatter, china_today, explain
from gongkai.pipeline import Conversion, convert_file, limit_memory, sha256, unexpected_error
from gongkai.read import InputError, load_bytes, supported
from gongkai.read.base import not_a_regular_file, os_problem, unsupported_type


class Status(str, Enum):
    ADDED = "added"
    WOULD_ADD = "would add"
    DUPLICATE = "duplicate"
    FAILED = "failed"


@dataclass
class Outcome:
    """What happened to one submitted file, for the console and the review report."""

    source: Path
    status: Status
    message: str = ""
    markdown: Path | None = None
    front_matter: FrontMatter | None = None
    review: list[str] = field(default_factory=list)


def _symlink_in_path(path: Path, root: Path) -> Path | None:
    """A folder between the project root and `path` that is a symbolic link (the root itself may be one)."""
    absolute = path.absolute()
    if not absolute.is_relative_to(root.absolute()):
        return None
    for folder in reversed(absolute.parents):
        if folder.is_relative_to(root.absolute()) and folder != root.absolute() and folder.is_symlink():
            return folder
    return None


def _link_refusal(path: Path) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    if not path.exists():
        return f"是符号链接，指向不存在的“{target}”，已跳过：请放入文件本身"
    if path.is_dir():
        return f"是指向文件夹“{target}”的符号链接，不收录其中的文件：请把文件本身放入 inbox/"
    return f"是指向“{target}”的符号链接，出于安全不读取：请放入文件本身"


def submitted_files(paths: Iterable[Path], root: Path) -> tuple[list[Path], list[Outcome]]:
    """Regular files to ingest under `paths`, sorted, and a refusal for everything else found there.

    Hidden files and folders (.gitkeep, .git) are not submissions. Symbolic links (to files, to folders,
    dangling), FIFOs and devices are refused by name and never opened: a link in inbox/ to /etc/passwd or
    .git/config would otherwise be published.
    """
    found: set[Path] = set()
    refused: dict[Path, str] = {}

    def visit(path: Path) -> None:
        try:
            mode = os.lstat(path).st_mode
        except OSError as error:
            refused[path] = f"无法读取（{os_problem(error)}）"
            return
        if stat.S_ISLNK(mode):
            refused[path] = _link_refusal(path)
        elif stat.S_ISDIR(mode):
            try:
                entries = sorted(os.scandir(path), key=lambda entry: entry.name)
            except OSError as error:
                refused[path] = f"无法读取文件夹（{os_problem(error)}）"
                return
            for entry in entries:
                if not entry.name.startswith("."):
                    visit(Path(entry.path))
        elif stat.S_ISREG(mode):
            found.add(path)
        else:
            refused[path] = not_a_regular_file(mode) or "不是普通文件"

    for path in paths:
        link = _symlink_in_path(path, root)
        if link is not None:
            refused[path] = f"路径中的“{link}”是符号链接，出于安全不读取：请把文件本身放入 inbox/"
            continue
        visit(path)
    outcomes = [Outcome(path, Status.FAILED, reason) for path, reason in sorted(refused.items())]
    return sorted(found), outcomes


@dataclass(frozen=True)
class _Job:
    path: Path
    source_url: str | None


_Result = tuple[Conversion | None, str | None, bytes | None]


def _convert(job: _Job, config: Config) -> _Result:
    """One file's conversion, or the one-line reason it failed; never raises, so one file never stops a batch."""
    try:
        if not supported(job.path):
            raise unsupported_type(job.path, job.path.suffix)
        data = load_bytes(job.path, config.max_file_bytes)
        conversion = convert_file(job.path, config, data=data, source_url=job.source_url, stored_name="-")
        return conversion, None, data
    except InputError as error:
        return None, error.reason, None
    except Exception as error:  # noqa: BLE001 - reported per file; the batch goes on
        return None, unexpected_error(error), None


def _worker_started() -> None:
    limit_memory()


def _convert_all(jobs: list[_Job], config: Config, workers: int) -> Iterator[tuple[_Job, _Result]]:
    """Conversions in input order. In parallel, a worker that dies (a converter crashing the interpreter) breaks
    the pool: the jobs it took down are retried one per fresh process, so only the file that kills a worker fails."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield job, _convert(job, config)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_started) as pool:
        futures: list[Future[_Result]] = [pool.submit(_convert, job, config) for job in jobs]
        for job, future in zip(jobs, futures, strict=True):
            try:
                yield job, future.result()
            except BrokenProcessPool:
                yield job, _convert_alone(job, config)


def _convert_alone(job: _Job, config: Config) -> _Result:
    with ProcessPoolExecutor(max_workers=1, initializer=_worker_started) as pool:
        try:
            return pool.submit(_convert, job, config).result()
        except BrokenProcessPool:
            return None, "转换进程意外终止（此文件使转换程序崩溃或耗尽内存），请用 Word/WPS 重新保存后再提交", None


def _free_slug(directory: Path, front_matter: FrontMatter, suffix: str) -> str:
    """<code>-<type>; if another report holds it, add the hash prefix, which is stable whatever the order.

    An original without its report under a name (left by an interrupted ingest) is free for the same bytes, so a
    rerun finishes the interrupted report instead of adding a second one beside the remains."""
    slug = store.base_slug(front_matter)
    for candidate in (slug, f"{slug}-{front_matter.source_sha256[:8]}", f"{slug}-{front_matter.source_sha256[:16]}"):
        original = directory / f"{candidate}{suffix}"
        if (directory / f"{candidate}.md").exists():
            continue
        if not original.exists() or store.file_sha256(original) == front_matter.source_sha256:
            return candidate
    raise RuntimeError(f"no free name for {front_matter.source_sha256} in {directory}")


def store_report(conversion: Conversion, data: bytes, source: Path, config: Config, dry_run: bool) -> Path:
    """Write original, converter state and Markdown for one report; return the Markdown path.

    The Markdown goes last: it is what makes a report exist (the site publishes only originals a report names),
    so a crash or a full disk at any point leaves nothing publishable, and what this call wrote is removed if
    it fails."""
    front_matter = conversion.front_matter
    directory = store.report_dir(config.content_dir, front_matter)
    suffix = source.suffix.lower() or f".{front_matter.source_format}"
    if suffix in (".md", ".markdown"):
        suffix += ".txt"  # a Markdown original beside its report would be built as a second page
    slug = _free_slug(directory, front_matter, suffix)
    collected = front_matter.collected_date or china_today()  # a saved page's own date, else the day stored
    final = front_matter.model_copy(update={"source_file": f"{slug}{suffix}", "collected_date": collected})
    markdown_path = directory / f"{slug}.md"
    if dry_run:
        return markdown_path
    original = directory / final.source_file
    written: list[Path] = []
    try:
        if not original.exists():
            store.atomic_write(original, data)
            written.append(original)
        written.append(store.state_path(markdown_path))
        store.write_state(markdown_path, final.to_yaml_dict(), conversion.body)
        store.atomic_write(markdown_path, Conversion(front_matter=final, body=conversion.body).markdown.encode("utf-8"))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return markdown_path


def _published_copy(path: Path, data: bytes, known: dict[str, Path]) -> Path | None:
    """The report a submitted Markdown file is a copy of: staff re-submitting a published report to fix it."""
    if path.suffix.lower() not in (".md", ".markdown"):
        return None
    try:
        declared, _raw, _body = store.split(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, store.FrontMatterError):
        return None
    return known.get(str(declared.get("source_sha256", "")).strip().lower())


def _relative(path: Path, config: Config) -> str:
    return str(path.relative_to(config.root)) if path.is_relative_to(config.root) else str(path)


def ingest(
    paths: list[Path],
    config: Config,
    *,
    workers: int = 1,
    keep: bool = False,
    dry_run: bool = False,
    source_url: str | None = None,
    progress: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Ingest the files under `paths`; one Outcome per file found (refusals included), in path order."""
    files, outcomes = submitted_files(paths, config.root)
    for outcome in outcomes:
        progress(outcome)
    with store.writer_lock(config):
        if not dry_run:
            store.remove_stale_temporaries(config.content_dir)
        known = store.index_by_hash(config.content_dir)
        jobs: list[_Job] = []
        same_as: dict[Path, Path] = {}  # a file submitted twice in one batch → the first of them
        first_of: dict[str, Path] = {}
        for path in files:
            try:
                data = load_bytes(path, config.max_file_bytes)
            except InputError as error:
                outcomes.append(Outcome(path, Status.FAILED, error.reason))
                progress(outcomes[-1])
                continue
            digest = sha256(data)
            if digest in known:
                outcomes.append(_duplicate(path, known[digest], digest, config, keep or dry_run))
                progress(outcomes[-1])
            elif (copy_of := _published_copy(path, data, known)) is not None:
                shown = _relative(copy_of, config)
                outcomes.append(
                    Outcome(
                        path,
                        Status.FAILED,
                        f"这是已发布报告 {shown} 的副本：要修改该报告，请直接编辑 {shown}（"
                        "网页上点“编辑”或在本地修改后提交），不要重新放入收件箱；此文件已留在原处",
                    )
                )
                progress(outcomes[-1])
            elif digest in first_of:
                same_as[path] = first_of[digest]
            else:
                first_of[digest] = path
                jobs.append(_Job(path, source_url))
        added: dict[Path, Path] = {}
        for job, (conversion, reason, original) in _convert_all(jobs, config, workers):
            outcome = _store(job, conversion, reason, original, config, dry_run)
            if outcome.status in (Status.ADDED, Status.WOULD_ADD) and outcome.markdown is not None:
                added[job.path] = outcome.markdown
                _leave_inbox(job.path, config, keep or dry_run)
            outcomes.append(outcome)
            progress(outcome)
        for path, first in same_as.items():
            if first in added:
                outcome = Outcome(
                    path,
                    Status.DUPLICATE,
                    f"与同批的 {_relative(first, config)} 相同（按 SHA-256 判断），跳过",
                    added[first],
                )
                _leave_inbox(path, config, keep or dry_run)
            else:
                outcome = Outcome(
                    path, Status.FAILED, f"与同批的 {_relative(first, config)} 相同，而那份未能收录，此文件留在原处"
                )
            outcomes.append(outcome)
            progress(outcome)
    return sorted(outcomes, key=lambda outcome: outcome.source)


def _store(
    job: _Job, conversion: Conversion | None, reason: str | None, data: bytes | None, config: Config, dry_run: bool
) -> Outcome:
    if conversion is None or data is None:
        return Outcome(job.path, Status.FAILED, reason or "")
    try:
        markdown_path = store_report(conversion, data, job.path, config, dry_run)
    except OSError as error:
        return Outcome(
            job.path,
            Status.FAILED,
            f"无法写入 {_relative(config.content_dir, config)}/（{os_problem(error)}），"
            "此文件留在原处，已写的部分已撤回",
        )
    return Outcome(
        job.path,
        Status.WOULD_ADD if dry_run else Status.ADDED,
        markdown=markdown_path,
        front_matter=conversion.front_matter,
        review=list(conversion.front_matter.review),
    )


def _duplicate(path: Path, existing: Path, digest: str, config: Config, keep: bool) -> Outcome:
    """A file already stored: it leaves the inbox only if the stored original really holds these bytes."""
    shown = _relative(existing, config)
    if not store.original_intact(existing, digest):
        return Outcome(
            path,
            Status.FAILED,
            f"{shown} 记录的是同一原件，但那份原件缺失或已改动；此文件留在原处，请运行 gongkai check 查看",
        )
    _leave_inbox(path, config, keep)
    return Outcome(path, Status.DUPLICATE, f"已收录，与 {shown} 相同（按 SHA-256 判断），跳过", existing)


def _leave_inbox(path: Path, config: Config, keep: bool) -> None:
    """A file that reached content/ leaves the inbox; files outside the inbox are never touched."""
    if keep or not path.absolute().is_relative_to(config.inbox_dir.absolute()):
        return
    try:
        os.unlink(path)
    except OSError:
        pass  # a read-only inbox keeps its copy; the report is stored, and the next run calls it a duplicate


@dataclass
class Reconversion:
    """What `ingest --reconvert` did to one stored report."""

    markdown: Path
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # fields (or "正文") a person edited: left alone
    restored: list[str] = field(default_factory=list)  # field lines a person deleted: written again
    skipped: str | None = None  # why the report was left as it is (no converter state)
    error: str | None = None


def _comparable(value: object) -> str:
    """Front matter values as text, so a date read back from YAML compares equal to the one written."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def reconvert(config: Config, dry_run: bool = False) -> list[Reconversion]:
    """Convert every stored original again; update only what no person has edited since the last conversion."""
    results: list[Reconversion] = []
    with store.writer_lock(config):
        for markdown_path in store.report_files(config.content_dir):
            result = Reconversion(markdown_path)
            results.append(result)
            try:
                _reconvert_one(markdown_path, config, dry_run, result)
            except (InputError, store.FrontMatterError, store.StateError) as error:
                result.error = getattr(error, "reason", None) or str(error)
            except OSError as error:
                result.error = f"无法读写（{os_problem(error)}）"
            except Exception as error:  # noqa: BLE001 - one report's trouble never stops the others
                result.error = unexpected_error(error)
    return results


def _reconvert_one(markdown_path: Path, config: Config, dry_run: bool, result: Reconversion) -> None:
    state = store.read_state(markdown_path)
    if state is None:
        result.skipped = (
            f"没有转换记录 {store.state_path(markdown_path).name}，分不清哪些是人工修改，未重新转换"
            "（如需重新转换，请把原件重新放入收件箱，并删除此报告及其原件）"
        )
        return
    current, _raw, current_body = store.split(markdown_path.read_text("utf-8"))
    original = markdown_path.parent / str(current.get("source_file"))
    url = current.get("source_url")
    fresh = convert_file(original, config, source_url=str(url) if url else None, stored_name=original.name)
    machine_before: dict[str, object] = state["front_matter"]
    machine_now = fresh.front_matter.to_yaml_dict()
    machine_now["collected_date"] = current.get("collected_date")  # a record of the first ingest, never redone
    merged: dict[str, object] = {}
    for name, value in machine_now.items():
        deleted = name not in current and name in machine_before
        untouched = deleted or _comparable(current.get(name)) == _comparable(machine_before.get(name))
        if name == "source_file" or not untouched:
            merged[name] = current.get(name)
            if not untouched and _comparable(current.get(name)) != _comparable(value):
                result.kept.append(name)
        else:
            merged[name] = value
            if deleted:
                result.restored.append(name)
            elif _comparable(current.get(name)) != _comparable(value):
                result.updated.append(name)
    body_untouched = current_body.lstrip("\n") == str(state["body"]).lstrip("\n")
    body = fresh.body if body_untouched else current_body.lstrip("\n")
    if body_untouched and body != current_body.lstrip("\n"):
        result.updated.append("正文")
    elif not body_untouched and fresh.body != current_body.lstrip("\n"):
        result.kept.append("正文")
    changed = result.updated or result.restored or _comparable(machine_now) != _comparable(machine_before)
    if dry_run or not (changed or str(state["body"]) != fresh.body):
        return
    try:
        front_matter = FrontMatter.model_validate(merged)
    except ValidationError as error:
        result.error = "合并后的元数据无效，未改动：" + "；".join(message for _name, message in explain(error))
        return
    store.atomic_write(markdown_path, Conversion(front_matter, body).markdown.encode("utf-8"))
    store.write_state(markdown_path, machine_now, fresh.body)
