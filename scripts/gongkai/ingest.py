"""Submitted files in, reports under content/ out: convert, place, store the original, never lose anything.

Conversion (the slow part) may run in parallel; placing and writing is serial and in sorted input order,
so a parallel run writes exactly what a serial run writes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from gongkai import store
from gongkai.config import Config
from gongkai.model import FrontMatter
from gongkai.pipeline import Conversion, convert_file, sha256
from gongkai.read import SUPPORTED_SUFFIXES, InputError, load_bytes
from gongkai.read.base import unsupported_type


@dataclass
class Outcome:
    """What happened to one submitted file, for the console and the review report."""

    source: Path
    status: str  # "added", "duplicate", "failed", "would add"
    message: str = ""
    markdown: Path | None = None
    front_matter: FrontMatter | None = None
    review: list[str] = field(default_factory=list)


def submitted_files(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest under `paths`, sorted; hidden files and folders (.gitkeep, .git) are not submissions."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for candidate in path.rglob("*"):
                relative = candidate.relative_to(path).parts
                if candidate.is_file() and not any(part.startswith(".") for part in relative):
                    found.add(candidate)
        else:
            found.add(path)
    return sorted(found)


@dataclass(frozen=True)
class _Job:
    path: Path
    source_url: str | None


def _convert(job: _Job, config: Config) -> tuple[Conversion | None, str | None, bytes | None]:
    try:
        if job.path.suffix.lower() not in SUPPORTED_SUFFIXES and job.path.suffix:
            raise unsupported_type(job.path, job.path.suffix)
        data = load_bytes(job.path, config.max_file_bytes)
        conversion = convert_file(job.path, config, data=data, source_url=job.source_url, stored_name="-")
        return conversion, None, data
    except InputError as error:
        return None, error.reason, None


def _convert_all(jobs: list[_Job], config: Config, workers: int) -> Iterator[tuple[_Job, tuple[Conversion | None, str | None, bytes | None]]]:
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield job, _convert(job, config)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from zip(jobs, pool.map(_convert, jobs, [config] * len(jobs), chunksize=4))


def _free_slug(directory: Path, front_matter: FrontMatter, suffix: str) -> str:
    """<code>-<type>; if another report holds it, add the hash prefix, which is stable whatever the order."""
    slug = store.base_slug(front_matter)
    for candidate in (slug, f"{slug}-{front_matter.source_sha256[:8]}", f"{slug}-{front_matter.source_sha256[:16]}"):
        if not (directory / f"{candidate}.md").exists() and not (directory / f"{candidate}{suffix}").exists():
            return candidate
    raise RuntimeError(f"no free name for {front_matter.source_sha256} in {directory}")


def place(conversion: Conversion, data: bytes, source: Path, config: Config, dry_run: bool) -> Path:
    """Write original, Markdown and converter state for one report; return the Markdown path."""
    front_matter = conversion.front_matter
    directory = store.report_dir(config.content_dir, front_matter)
    suffix = source.suffix.lower() or f".{front_matter.source_format}"
    if suffix in (".md", ".markdown"):
        suffix += ".txt"  # a Markdown original beside its report would be built as a second page
    slug = _free_slug(directory, front_matter, suffix)
    final = front_matter.model_copy(update={"source_file": f"{slug}{suffix}"})
    markdown_path = directory / f"{slug}.md"
    if dry_run:
        return markdown_path
    final_conversion = Conversion(front_matter=final, body=conversion.body)
    store.atomic_write(directory / f"{slug}{suffix}", data)
    store.atomic_write(markdown_path, final_conversion.markdown.encode("utf-8"))
    store.write_state(markdown_path, final.to_yaml_dict(), conversion.body)
    return markdown_path


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
    files = submitted_files(paths)
    known = store.index_by_hash(config.content_dir)
    outcomes: list[Outcome] = []
    jobs: list[_Job] = []
    for path in files:
        try:
            digest = sha256(load_bytes(path, config.max_file_bytes))
        except InputError as error:
            outcomes.append(Outcome(path, "failed", error.reason))
            progress(outcomes[-1])
            continue
        if digest in known:
            existing = known[digest].relative_to(config.root) if known[digest].is_relative_to(config.root) else known[digest]
            outcomes.append(Outcome(path, "duplicate", f"已收录，与 {existing} 相同（按 SHA-256 判断），跳过", known[digest]))
            _leave_inbox(path, config, keep or dry_run)
            progress(outcomes[-1])
            continue
        known[digest] = path
        jobs.append(_Job(path, source_url))
    for job, (conversion, reason, data) in _convert_all(jobs, config, workers):
        if conversion is None or data is None:
            outcome = Outcome(job.path, "failed", reason or "")
        else:
            markdown_path = place(conversion, data, job.path, config, dry_run)
            outcome = Outcome(
                job.path,
                "would add" if dry_run else "added",
                markdown=markdown_path,
                front_matter=conversion.front_matter,
                review=list(conversion.front_matter.review),
            )
            _leave_inbox(job.path, config, keep or dry_run)
        outcomes.append(outcome)
        progress(outcome)
    return outcomes


def _leave_inbox(path: Path, config: Config, keep: bool) -> None:
    """A file that reached content/ leaves the inbox; files outside the inbox are never touched."""
    if keep or not path.resolve().is_relative_to(config.inbox_dir.resolve()):
        return
    os.unlink(path)


@dataclass
class Reconversion:
    """What `ingest --reconvert` did to one stored report."""

    markdown: Path
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # fields (or "正文") a person edited: left alone
    error: str | None = None


def _comparable(value: object) -> str:
    """Front matter values as text, so a date read back from YAML compares equal to the one written."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def reconvert(config: Config, dry_run: bool = False) -> list[Reconversion]:
    """Convert every stored original again; update only what no person has edited since the last conversion."""
    results: list[Reconversion] = []
    for markdown_path in store.report_files(config.content_dir):
        state = store.read_state(markdown_path)
        if state is None:
            continue
        result = Reconversion(markdown_path)
        results.append(result)
        try:
            current, _raw, current_body = store.split(markdown_path.read_text("utf-8"))
            original = markdown_path.parent / str(current.get("source_file"))
            url = current.get("source_url")
            fresh = convert_file(original, config, source_url=str(url) if url else None, stored_name=original.name)
        except (InputError, store.FrontMatterError, OSError) as error:
            result.error = getattr(error, "reason", None) or str(error)
            continue
        machine_before: dict[str, object] = state["front_matter"]
        machine_now = fresh.front_matter.to_yaml_dict()
        merged: dict[str, object] = {}
        for name, value in machine_now.items():
            untouched = name not in current or _comparable(current.get(name)) == _comparable(machine_before.get(name))
            if name == "source_file" or not untouched:
                merged[name] = current.get(name)
                if not untouched and _comparable(current.get(name)) != _comparable(value):
                    result.kept.append(name)
            else:
                merged[name] = value
                if _comparable(current.get(name)) != _comparable(value):
                    result.updated.append(name)
        body_untouched = current_body.lstrip("\n") == str(state["body"]).lstrip("\n")
        body = fresh.body if body_untouched else current_body.lstrip("\n")
        if body_untouched and body != current_body.lstrip("\n"):
            result.updated.append("正文")
        elif not body_untouched and fresh.body != current_body.lstrip("\n"):
            result.kept.append("正文")
        if dry_run or not (result.updated or _comparable(machine_now) != _comparable(machine_before) or str(state["body"]) != fresh.body):
            continue
        try:
            front_matter = FrontMatter.model_validate(merged)
        except ValueError as error:
            result.error = f"合并后的元数据无效，未改动：{error}"
            continue
        store.atomic_write(markdown_path, Conversion(front_matter, body).markdown.encode("utf-8"))
        store.write_state(markdown_path, machine_now, fresh.body)
    return results
