"""`gongkai check`: every report under content/ obeys the schema and the gazetteer, and nothing is missing.

Each problem is one `path:line: problem` line in plain Chinese, so a clerk can open the file at that line.
`gongkai build` runs the same checks first and refuses to publish on any error; two kinds of problem are
warnings there because the site handles them safely: a report whose place is not known yet (listed under
地区待确认) and a file in a report folder that no report names (never published). Late publication (after
1 April of report_year + 1) is a warning everywhere.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import pickle
import re
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from gongkai import gazetteer, store
from gongkai.config import Config
from gongkai.fingerprints import CACHE_FOLDER, code_print, file_stamp
from gongkai.layout import UNPLACED
from gongkai.model import REQUIRED_FOR_PUBLICATION, FrontMatter, explain

# What a report whose place is not known yet may lack and still be published under 地区待确认 (place and organ).
PLACE_FIELDS = frozenset(
    {"province", "province_code", "prefecture", "prefecture_code", "county", "county_code", "issuers", "publisher"}
)
PARALLEL_CHECK_FROM = 1000  # reports to check afresh per process, at least
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The name ingest gives the second of two reports that would share a name: <slug>-<first 8 or 16 hex of its hash>.
_LATER_SLUG = re.compile(r"-[0-9a-f]{8}(?:[0-9a-f]{8})?$")


class CheckResult(NamedTuple):
    errors: list[str]
    warnings: list[str]
    checked: int


@dataclass
class _Problems:
    """One report's problems; `place` ones are errors for `check` and warnings for `build` in _unsorted/."""

    errors: list[tuple[int, str]] = field(default_factory=list)
    place: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)


def _schema_problems(data: dict[str, Any], raw: str) -> tuple[FrontMatter | None, list[tuple[int, str]]]:
    try:
        return FrontMatter.model_validate(data), []
    except ValidationError as error:
        return None, [(store.field_line(raw, name), message) for name, message in explain(error)]


def _place_problems(fm: FrontMatter, raw: str) -> list[tuple[int, str]]:
    problems: list[tuple[int, str]] = []
    pairs = (
        ("province", fm.province, fm.province_code),
        ("prefecture", fm.prefecture, fm.prefecture_code),
        ("county", fm.county, fm.county_code),
        ("town", fm.town, fm.town_code),
    )
    for name, value, code in pairs:
        if code is None:
            continue
        place = gazetteer.lookup(code)
        if place is None:
            problems.append((store.field_line(raw, f"{name}_code"), f"{name}_code {code} 不是有效的行政区划代码"))
        elif value is not None and place.name != value:
            problems.append(
                (store.field_line(raw, f"{name}_code"), f"{name}“{value}”与代码 {code}（{place.name}）不符")
            )
    containment = (
        (fm.province_code, fm.county_code, "county", "省"),
        (fm.prefecture_code, fm.county_code, "county", "地级市"),
        (fm.county_code or fm.prefecture_code, fm.town_code, "town", "县（区）"),
    )
    for parent, child, name, parent_kind in containment:
        if (
            parent
            and child
            and gazetteer.lookup(parent)
            and gazetteer.lookup(child)
            and not gazetteer.contains(parent, child)
        ):
            problems.append(
                (store.field_line(raw, f"{name}_code"), f"{name}_code {child} 不属于所填的{parent_kind} {parent}")
            )
    return problems


def _location_problems(path: Path, fm: FrontMatter, raw: str, config: Config) -> list[tuple[int, str]]:
    expected = store.report_dir(config.content_dir, fm)
    problems: list[tuple[int, str]] = []
    if path.parent != expected:  # both under config.content_dir as given: no need to resolve links
        target = config.shown(expected)
        problems.append((1, f"文件所在目录与元数据不符，应在 {target}/（改了地区或年度后请移动文件及其原件）"))
    original = path.parent / fm.source_file
    if original == path or original.parent != path.parent:
        problems.append((store.field_line(raw, "source_file"), f"原件 {fm.source_file} 应是报告旁边的另一个文件"))
    elif original.is_symlink() or not original.is_file():
        problems.append((store.field_line(raw, "source_file"), f"原件 {fm.source_file} 不在报告旁边"))
    elif store.file_sha256(original) != fm.source_sha256:
        problems.append(
            (store.field_line(raw, "source_sha256"), f"原件 {fm.source_file} 的 SHA-256 与记录不符（原件被替换？）")
        )
    return problems


def _date_problems(fm: FrontMatter, raw: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(errors, warnings) about years and dates a clerk may have mistyped."""
    today = dt.date.today()
    errors, warnings = [], []
    if fm.report_year and fm.report_year > today.year:
        errors.append(
            (store.field_line(raw, "report_year"), f"报告年度 {fm.report_year} 晚于今年（{today.year}），请更正")
        )
    if fm.report_year and fm.published_date and fm.published_date > dt.date(fm.report_year + 1, 4, 1):
        warnings.append(
            (
                store.field_line(raw, "published_date"),
                f"发布日期 {fm.published_date} 晚于 {fm.report_year + 1} 年 4 月 1 日的法定公开期限",
            )
        )
    for name, value in (("written_date", fm.written_date), ("published_date", fm.published_date)):
        if value and value > today:
            warnings.append((store.field_line(raw, name), f"{name} {value} 在今天之后"))
    return errors, warnings


def _read(path: Path) -> tuple[dict[str, Any], str, str]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise store.FrontMatterError("文件不是 UTF-8 编码（可能被另存为 GBK/ANSI）：请用 UTF-8 重新保存") from None
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise store.FrontMatterError(f"文件含不可见的控制字符（U+{ord(control.group()):04X}），请删除", line)
    return store.split(text)


@dataclass(frozen=True)
class _Checked:
    """What checking one report alone found, and what the checks across reports need of it."""

    problems: _Problems
    source_file: str | None
    source_sha256: str | None
    identity: tuple[object, ...] | None  # doc type, year, publisher, title: two reports alike are one too many

    def fresh_problems(self) -> _Problems:
        return _Problems(list(self.problems.errors), list(self.problems.place), list(self.problems.warnings))


class _Memo:
    """Each report's own check, kept in .cache/gongkai/check.pickle while the report's file, its original's size
    and time, the code and the day (some checks compare dates with today) stay the same: a site of 10,000 reports
    is checked again in a second when one has changed. The checks across reports always run."""

    def __init__(self, config: Config) -> None:
        self.path = config.root / CACHE_FOLDER / "check.pickle"
        self.key = f"{code_print()}:{dt.date.today()}:{config.content_dir}"
        self.entries: dict[str, tuple[tuple[object, ...], _Checked]] = {}
        self.used: dict[str, tuple[tuple[object, ...], _Checked]] = {}
        try:
            key, entries = pickle.loads(self.path.read_bytes())  # noqa: S301 - written by this class
            if key == self.key:
                self.entries = entries
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError):
            pass

    @staticmethod
    def _stamp(path: Path, source_file: str | None, own: os.stat_result | None = None) -> tuple[object, ...]:
        """The report's file_stamp (of `own`, else of its stat now) and its original's size and time."""
        own = own or path.lstat()
        original = path.parent / source_file if source_file else None
        try:
            info = original.lstat() if original else None
        except OSError:
            info = None
        return (file_stamp(own), info.st_size if info else None, info.st_mtime_ns if info else None)

    def check_all(self, paths: list[Path], config: Config) -> dict[Path, _Checked]:
        """Each report's own check, from the memo where it still holds; the rest checked afresh, by one process
        per CPU when there are enough of them to repay starting the processes (a first check of 10,000 reports
        took 12 s in one)."""
        results: dict[Path, _Checked] = {}
        fresh: list[Path] = []
        for path in paths:
            entry = self.entries.get(str(path))
            if entry is not None and entry[0] == self._stamp(path, entry[1].source_file):
                self.used[str(path)] = entry
                results[path] = entry[1]
            else:
                fresh.append(path)
        workers = min(os.cpu_count() or 1, len(fresh) // PARALLEL_CHECK_FROM)
        if workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                checked = list(pool.map(_check_one, fresh, itertools.repeat(config), chunksize=200))
        else:
            checked = [_check_one(path, config) for path in fresh]
        for path, (stamp, result) in zip(fresh, checked, strict=True):
            self.used[str(path)] = (stamp, result)
            results[path] = result
        return results

    def save(self) -> None:
        if self.used.keys() == self.entries.keys() and all(self.used[key] is self.entries[key] for key in self.used):
            return  # every report as it was: writing the same memo again took 0.2 s at 10,000 reports
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            store.atomic_write(self.path, pickle.dumps((self.key, self.used)), durable=False)
        except OSError:  # a read-only checkout checks all again next time, nothing worse
            pass


def _check_one(path: Path, config: Config) -> tuple[tuple[object, ...], _Checked]:
    """One report's own check, with the stamp (taken first: a write during the check makes it stale) that keeps it
    in the memo."""
    own = path.lstat()
    fm, _raw, found = _report_problems(path, config)
    checked = _Checked(
        found,
        fm.source_file if fm else _declared_original(path),
        fm.source_sha256 if fm else None,
        (fm.doc_type, fm.report_year, fm.publisher, fm.title) if fm else None,
    )
    return _Memo._stamp(path, checked.source_file, own), checked


def _report_problems(path: Path, config: Config) -> tuple[FrontMatter | None, str, _Problems]:
    found = _Problems()
    try:
        data, raw, _body = _read(path)
    except store.FrontMatterError as error:
        found.errors.append((error.line, str(error)))
        return None, "", found
    fm, schema = _schema_problems(data, raw)
    found.errors += schema
    if fm is None:
        return None, raw, found
    missing = [
        name
        for name in REQUIRED_FOR_PUBLICATION
        if getattr(fm, name) in (None, "", []) and not (name in ("county", "county_code") and not store.has_county(fm))
    ]
    if fm.organ_level in store.ABOVE_COUNTY_VALUES and not fm.organ_level.startswith("省级"):
        missing += [name for name in ("prefecture", "prefecture_code") if getattr(fm, name) is None]
    unplaced = path.parent == config.content_dir / UNPLACED
    place_missing = [name for name in missing if name in PLACE_FIELDS] if unplaced else []
    if place_missing:
        found.place.append(
            (
                store.field_line(raw, place_missing[0]),
                f"所属地区待确认（缺少 {'、'.join(place_missing)}），"
                "在网站上列于“地区待确认”：填好地区和发文机关，并把报告连同原件移到对应目录",
            )
        )
    found.errors += [
        (store.field_line(raw, name), f"缺少必填项 {name}") for name in missing if name not in place_missing
    ]
    found.errors += _place_problems(fm, raw)
    location = _location_problems(path, fm, raw, config)
    if found.place:  # the folder follows the place: the unplaced folder is right while the place is unknown
        location = [problem for problem in location if not problem[1].startswith("文件所在目录")]
    found.errors += location
    date_errors, date_warnings = _date_problems(fm, raw)
    found.errors += date_errors
    found.warnings += date_warnings
    return fm, raw, found


def _first_ingested(paths: list[Path]) -> Path:
    """Of reports that clash, the one ingested first: ingest gives the plain name to the first and a
    hash-suffixed name to later ones. (A sort by path alone picks the later one, as '-' sorts before '.'.)"""
    return min(paths, key=lambda path: (bool(_LATER_SLUG.search(path.stem)), str(path)))


def _stray_files(
    folder: Path, entries: list[tuple[str, bool]], reports: dict[Path, str | None]
) -> list[tuple[Path, str]]:
    """Files in a report folder (its `entries`: each name, and whether it is a folder that is no link) that are
    neither a report, its converter state, nor an original a report names (`reports`: those of this folder)."""
    known = {path.name for path in reports} | {name for name in reports.values() if name}
    known |= {store.state_path(path).name for path in reports}
    unreadable = {path.stem for path, name in reports.items() if name is None}  # their own error is reported
    stray = []
    for name, is_folder in sorted(entries):
        if name in known or is_folder or name.split(".")[0] in unreadable:
            continue
        path = folder / name
        if path.name.endswith(".tmp") and path.name.startswith("."):
            why = "收录中断留下的临时文件，不会发布：运行 gongkai ingest 会自动清理，也可直接删除"
        elif path.name.endswith(".gongkai.json"):
            why = "转换记录没有对应的报告，可以删除"
        elif (path.parent / f"{path.name.split('.')[0]}.md").exists() or path.suffix.lower() in (
            ".docx",
            ".doc",
            ".wps",
            ".pdf",
            ".html",
            ".htm",
            ".txt",
            ".odt",
            ".rtf",
        ):
            why = "原件没有对应的报告（收录中断或报告被删除），不会发布：请把原件重新放入收件箱收录，或删除此文件"
        else:
            why = "不是报告，也不是任何报告的原件，不会发布：请删除或移走"
        stray.append((path, why))
    return stray


def check_content(config: Config, *, shards: Iterable[str] | None = None, for_build: bool = False) -> CheckResult:
    """Errors, warnings and the number of reports checked under content/ (or only these shard folders).

    `for_build`: unplaced reports and stray files are warnings (the site lists the one under 地区待确认 and never
    publishes the other); for `gongkai check` they are errors a clerk must settle.
    """
    result = CheckResult([], [], 0)
    roots = [config.content_dir / shard for shard in shards] if shards is not None else [config.content_dir]
    walked = {root: store.links_and_listings(root) for root in roots if root.is_dir()}
    listings = {folder: entries for _links, listing in walked.values() for folder, entries in listing.items()}
    files = sorted(  # as store.report_files finds them, from the walk that finds links and stray files too
        folder / name
        for folder, entries in listings.items()
        if folder != config.content_dir
        for name, is_folder in entries
        if store.is_report_name(name) and not is_folder
    )
    by_hash: dict[object, list[Path]] = {}
    by_identity: dict[object, list[Path]] = {}
    lines: dict[Path, _Problems] = {}
    originals: dict[Path, str | None] = {}
    memo = _Memo(config)
    checks = memo.check_all(files, config)
    for path in files:
        checked = checks[path]
        lines[path] = checked.problems  # the memo's: copied before anything is added (below)
        originals[path] = checked.source_file
        if checked.source_sha256 is not None and checked.identity is not None:
            by_hash.setdefault(checked.source_sha256, []).append(path)
            by_identity.setdefault(checked.identity, []).append(path)
    if shards is None:
        memo.save()
    raws = _Raws()
    copies = _duplicate_problems(
        by_hash, raws, "source_sha256", "与 {} 是同一原件（重复收录）：保留先收录的那份，删除此报告及其原件", config
    )
    alike = _duplicate_problems(
        by_identity,
        raws,
        "title",
        "与 {} 标题、机关、年度都相同，疑似重复报告（那份先收录）：核对后删除多余的一份",
        config,
    )
    for path, problem in [*copies.items(), *((path, problem) for path, problem in alike.items() if path not in copies)]:
        lines[path] = checks[path].fresh_problems()
        lines[path].errors.append(problem)
    for path in files:
        found = lines[path]
        if not (found.errors or found.place or found.warnings):
            continue
        shown = config.shown(path)
        result.errors.extend(f"{shown}:{line}: {message}" for line, message in sorted(found.errors))
        place = [f"{shown}:{line}: {message}" for line, message in sorted(found.place)]
        (result.warnings if for_build else result.errors).extend(place)
        result.warnings.extend(f"{shown}:{line}: {message}" for line, message in found.warnings)
    folders: dict[Path, dict[Path, str | None]] = {}
    for root, (links, listing) in walked.items():
        for link in links:  # a link in content/ could publish any file of the machine that builds the site
            result.errors.append(f"{config.shown(link)}: 是符号链接，不会发布：请换成文件本身")
        for folder in listing:
            if folder != root:
                folders.setdefault(folder, {})
    for path in files:
        folders.setdefault(path.parent, {})[path] = originals[path]
    for folder, reports in sorted(folders.items()):
        if folder == config.content_dir:
            continue
        for path, why in _stray_files(folder, listings[folder], reports):
            line = f"{config.shown(path)}: {why}"
            (result.warnings if for_build else result.errors).append(line)
    return result._replace(checked=len(files))


class _Raws(dict[Path, str]):
    """Front-matter text read only for the reports a problem across reports needs a line number in."""

    def __missing__(self, path: Path) -> str:
        try:
            self[path] = store.split(path.read_text("utf-8"))[1]
        except (OSError, UnicodeDecodeError, store.FrontMatterError):
            self[path] = ""
        return self[path]


def _declared_original(path: Path) -> str | None:
    """The source_file a report that failed validation still names, so its original is not called a stray."""
    try:
        data, _raw, _body = store.split(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, store.FrontMatterError):
        return None
    value = data.get("source_file")
    return str(value) if isinstance(value, str) else None


def _duplicate_problems(
    groups: dict[object, list[Path]], raws: dict[Path, str], field_name: str, message: str, config: Config
) -> dict[Path, tuple[int, str]]:
    """Every report of a clashing group but the one ingested first gets the problem, naming that first one."""
    found = {}
    for paths in groups.values():
        if len(paths) < 2:
            continue
        first = _first_ingested(paths)
        for path in paths:
            if path != first:
                found[path] = (store.field_line(raws[path], field_name), message.format(config.shown(first)))
    return found
