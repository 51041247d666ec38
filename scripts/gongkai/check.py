"""`gongkai check`: every report under content/ obeys the schema and the gazetteer, and nothing is missing.

Each problem is one `path:line: problem` line in plain Chinese, so a clerk can open the file at that line.
Late publication (after 1 April of report_year + 1) is a warning, not an error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gongkai import gazetteer, store
from gongkai.config import Config
from gongkai.model import LABELS, REQUIRED_FOR_PUBLICATION, FrontMatter


def _label(name: str) -> str:
    return f"{LABELS[name]}（{name}）" if name in LABELS else name


def _schema_problems(data: dict[str, Any], raw: str) -> tuple[FrontMatter | None, list[tuple[int, str]]]:
    try:
        return FrontMatter.model_validate(data), []
    except ValidationError as error:
        problems = []
        for item in error.errors():
            name = str(item["loc"][0]) if item["loc"] else ""
            if item["type"] == "extra_forbidden":
                message = f"未知字段 {name}（拼写错误？字段表见 schema/front-matter.schema.json）"
            else:
                message = f"{_label(name)} 的值无效：{item['msg']}（现为 {item.get('input')!r}）"
            problems.append((store.field_line(raw, name), message))
        return None, problems


def _place_problems(fm: FrontMatter, raw: str) -> list[tuple[int, str]]:
    problems: list[tuple[int, str]] = []
    pairs = (("province", fm.province, fm.province_code), ("prefecture", fm.prefecture, fm.prefecture_code),
             ("county", fm.county, fm.county_code), ("town", fm.town, fm.town_code))
    for name, value, code in pairs:
        if code is None:
            continue
        place = gazetteer.lookup(code)
        line = store.field_line(raw, f"{name}_code")
        if place is None:
            problems.append((line, f"{_label(name + '_code')} {code} 不是有效的行政区划代码"))
        elif value is not None and place.name != value:
            problems.append((line, f"{_label(name)}“{value}”与代码 {code}（{place.name}）不符"))
    containment = ((fm.province_code, fm.county_code, "county", "省"), (fm.prefecture_code, fm.county_code, "county", "地级市"),
                   (fm.county_code, fm.town_code, "town", "县（区）"))
    for parent, child, name, parent_kind in containment:
        if parent and child and gazetteer.lookup(parent) and gazetteer.lookup(child) and not gazetteer.contains(parent, child):
            problems.append((store.field_line(raw, f"{name}_code"), f"{_label(name + '_code')} {child} 不属于所填的{parent_kind} {parent}"))
    return problems


def _location_problems(path: Path, fm: FrontMatter, raw: str, config: Config) -> list[tuple[int, str]]:
    expected = store.report_dir(config.content_dir, fm)
    problems: list[tuple[int, str]] = []
    if path.parent.resolve() != expected.resolve():
        target = expected.relative_to(config.root)
        problems.append((1, f"文件所在目录与元数据不符，应在 {target}/（改了地区或年度后请移动文件及其原件）"))
    original = path.parent / fm.source_file
    if not original.is_file():
        problems.append((store.field_line(raw, "source_file"), f"原件 {fm.source_file} 不在报告旁边"))
    elif hashlib.sha256(original.read_bytes()).hexdigest() != fm.source_sha256:
        problems.append((store.field_line(raw, "source_sha256"), f"原件 {fm.source_file} 的 SHA-256 与记录不符（原件被替换？）"))
    return problems


def _date_warnings(fm: FrontMatter, raw: str) -> list[tuple[int, str]]:
    warnings = []
    if fm.report_year and fm.published_date and fm.published_date > dt.date(fm.report_year + 1, 4, 1):
        warnings.append((store.field_line(raw, "published_date"), f"发布日期 {fm.published_date} 晚于 {fm.report_year + 1} 年 4 月 1 日的法定公开期限"))
    if fm.written_date and fm.written_date > dt.date.today():
        warnings.append((store.field_line(raw, "written_date"), f"成文日期 {fm.written_date} 在今天之后"))
    return warnings


def check_content(config: Config) -> tuple[list[str], list[str], int]:
    """(errors, warnings, number of reports checked) for every report Markdown file under content/."""
    errors: list[str] = []
    warnings: list[str] = []
    seen_hash: dict[str, Path] = {}
    seen_identity: dict[tuple[object, ...], tuple[Path, str]] = {}
    files = [path for path in store.report_files(config.content_dir) if path.parent != config.content_dir]
    for path in files:
        shown = path.relative_to(config.root) if path.is_relative_to(config.root) else path
        try:
            data, raw, _body = store.split(path.read_text("utf-8"))
        except (store.FrontMatterError, UnicodeDecodeError) as error:
            errors.append(f"{shown}:{getattr(error, 'line', 1)}: {error}")
            continue
        fm, problems = _schema_problems(data, raw)
        if fm is not None:
            for name in REQUIRED_FOR_PUBLICATION:
                if getattr(fm, name) in (None, "", []):
                    problems.append((store.field_line(raw, name), f"缺少必填项 {_label(name)}"))
            problems += _place_problems(fm, raw) + _location_problems(path, fm, raw, config)
            warnings += [f"{shown}:{line}: {message}" for line, message in _date_warnings(fm, raw)]
            first = seen_hash.setdefault(fm.source_sha256, path)
            if first != path:
                problems.append((store.field_line(raw, "source_sha256"), f"与 {first.relative_to(config.root)} 是同一原件（重复收录）"))
            identity = (fm.doc_type, fm.report_year, fm.publisher, fm.title)
            other, other_sha = seen_identity.setdefault(identity, (path, fm.source_sha256))
            if other != path and other_sha != fm.source_sha256:
                problems.append((store.field_line(raw, "title"), f"与 {other.relative_to(config.root)} 标题、机关、年度都相同，疑似重复报告"))
        errors += [f"{shown}:{line}: {message}" for line, message in sorted(problems)]
    return errors, warnings, len(files)

