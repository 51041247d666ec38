"""The site's view of content/: every report's front matter, grouped by province → county → year.

Read once per build from the files MkDocs found; the site never parses documents, only front matter.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import cast

from gongkai import gazetteer, store
from gongkai.layout import UNPLACED, is_shard
from gongkai.model import FrontMatter, PlaceLevel, ReportMeta

# The front matter's dates, read as text (as the check reads them, which reports a bad one by its field) and made
# dates here: a date-like value of another field stays the text it is (PyYAML's date reading made `title:
# 2025-13-45`, which the check passes as a title, fail the whole build).
DATE_FIELDS = tuple(name for name, field in FrontMatter.model_fields.items() if field.annotation == dt.date | None)

PLACE_LEVELS: tuple[PlaceLevel, ...] = ("province", "prefecture", "county", "town")
UNPLACED_TITLE = "地区待确认"
Tree = dict[str, dict[str, dict[int, list["Report"]]]]


@dataclass(frozen=True)
class Report:
    src_uri: str  # content-relative path of the Markdown file, e.g. 500000/500111/2024/500111116-fzzf.md
    meta: ReportMeta

    @property
    def url(self) -> str:
        """Site-relative URL with directory URLs: 500000/500111/2024/500111116-fzzf/. What
        PurePosixPath(src_uri).with_suffix("") gives for MkDocs' normalised src_uri, by string operations: every
        index, feed and data row asks it of every report (a tenth of the site feed's time at 50,000 reports)."""
        folder, slash, name = self.src_uri.rpartition("/")
        dot = name.rfind(".")
        stem = name[:dot] if 0 < dot < len(name) - 1 else name
        return f"{folder}{slash}{stem}/"

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or "")

    def date(self) -> dt.date | None:
        """The date a reader would call "published": the portal's 发布日期, else the 成文日期."""
        value = self.meta.get("published_date") or self.meta.get("written_date")
        return value if isinstance(value, dt.date) else None

    def place(self) -> str:
        return place_of(self.meta)


@dataclass
class Catalog:
    reports: list[Report] = field(default_factory=list)
    # src_uri → share of its sentences also in the same publisher's previous-year report, where the site holds one
    # (gongkai.site.compliance.repetition, computed where the report's text is read: its province's build)
    repeat_shares: dict[str, float] = field(default_factory=dict)

    def by_place(self) -> Tree:
        """province_code → county_code → year → reports (sorted by title), from the content folder layout."""
        tree: Tree = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
        for report in self.reports:
            parts = PurePosixPath(report.src_uri).parts
            if len(parts) == 4 and parts[2].isdigit():
                tree[parts[0]][parts[1]][int(parts[2])].append(report)
        for counties in tree.values():
            for years in counties.values():
                for reports in years.values():
                    reports.sort(key=lambda report: (report.title, report.src_uri))
        return tree

    def by_year(self) -> dict[int, list[Report]]:
        """report_year → reports in place-code order (newest year first)."""
        years: dict[int, list[Report]] = defaultdict(list)
        for report in self.reports:
            year = report.meta.get("report_year")
            if isinstance(year, int):
                years[year].append(report)
        for reports in years.values():
            reports.sort(key=lambda report: report.src_uri)
        return dict(sorted(years.items(), reverse=True))

    def unplaced(self) -> list[Report]:
        """Reports in content/_unsorted/ (sorted by title)."""
        found = [report for report in self.reports if shard_of(report.src_uri) == UNPLACED]
        return sorted(found, key=lambda report: (report.title, report.src_uri))

    def latest(self, count: int) -> list[Report]:
        """The `count` newest reports; undated ones (no 发布日期 nor 成文日期) come last."""
        ordered = sorted(self.reports, key=lambda report: (report.date() or dt.date.min, report.src_uri), reverse=True)
        return ordered[:count]


def handover(reports: Iterable[Report], repeat_shares: Mapping[str, float]) -> bytes:
    """What a province build hands the portal's build, and the cache keeps: its reports' front matter and repeat
    shares (the portal reads no report's text)."""
    return pickle.dumps(({report.src_uri: report.meta for report in reports}, dict(repeat_shares)))


def taken_over(data: bytes) -> tuple[dict[str, ReportMeta], dict[str, float]]:
    """(front matter by src_uri, repeat shares by src_uri) of a handover."""
    metas, shares = pickle.loads(data)  # noqa: S301 - written by our own build processes
    return metas, shares


def load_report(src_uri: str, text: str) -> tuple[Report, str] | None:
    """(the Report, its Markdown body) if `text` is a report page (its front matter names a source file)."""
    match = store.FRONT_MATTER.match(text)
    if not match:
        return None
    meta = store.FRONT_MATTER_YAML.load(match.group(1))
    if not isinstance(meta, dict) or "source_sha256" not in meta:
        return None
    for name in DATE_FIELDS:
        if isinstance(value := meta.get(name), str):
            with suppress(ValueError):  # not a date: only a build the check did not pass (plain `mkdocs build`)
                meta[name] = dt.date.fromisoformat(value)
    return Report(src_uri=src_uri, meta=cast(ReportMeta, meta)), text[match.end() :]  # `gongkai check` validated it


def place_of(meta: ReportMeta, levels: tuple[PlaceLevel, ...] = PLACE_LEVELS) -> str:
    """重庆市大足区邮亭镇: the place as a reader writes it, from the front matter's names at these levels."""
    return "".join(str(meta.get(level) or "") for level in levels)


def place_name(code: str) -> str:
    place = gazetteer.lookup(code)
    return place.name if place else code


_OWN_LEVEL = {"province": "省本级", "prefecture": "市本级"}


def folder_title(code: str) -> str:
    """A province's second-level folder: a county, or the province's or a prefecture's own reports (湖北省（省本级）,
    as portals say), which sit beside the counties."""
    place = gazetteer.lookup(code)
    if place is None:
        return code
    if place.level not in _OWN_LEVEL or gazetteer.without_counties(place.code):  # 东莞市 is its townships' folder
        return place.name
    return f"{place.name}（{_OWN_LEVEL[place.level]}）"


def shard_of(src_uri: str) -> str | None:
    """The shard a content path belongs to (500000 for 500000/500111/2024/…), None above the provinces."""
    first, slash, _rest = src_uri.partition("/")
    return first if slash and is_shard(first) else None


def shard_title(code: str) -> str:
    return UNPLACED_TITLE if code == UNPLACED else place_name(code)
