"""Markdown of the generated pages: home, province, county, county-year and all-places-by-year indexes.

Pages are generated at build time from the catalog (never committed). Links are relative .md links so MkDocs
checks every one of them in a strict build.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import PurePosixPath

from gongkai.site.catalog import Catalog, Report, place_name
from gongkai.write import escape

LATEST_ON_HOME = 10


def _link(from_uri: str, to_uri: str) -> str:
    return os.path.relpath(to_uri, PurePosixPath(from_uri).parent.as_posix() or ".").replace(os.sep, "/")


def _cell(text: str) -> str:
    return escape(text).replace("|", "\\|") if text else "—"


def _value(report: Report, key: str) -> str:
    value = report.meta.get(key)
    if isinstance(value, list):
        value = "、".join(str(item) for item in value)
    return _cell(str(value)) if value not in (None, "", []) else "—"


def report_table(page_uri: str, reports: list[Report], with_place: bool = False) -> str:
    header = "| 标题 | 发文机关 | 成文日期 | 文号 |" if not with_place else "| 标题 | 地区 | 发文机关 | 成文日期 | 文号 |"
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for report in reports:
        title = f"[{_cell(report.title)}]({_link(page_uri, report.src_uri)})"
        place = f" {_cell(''.join(str(report.meta.get(key) or '') for key in ('county', 'town')))} |" if with_place else ""
        lines.append(f"| {title} |{place} {_value(report, 'issuers')} | {_value(report, 'written_date')} | {_value(report, 'doc_number')} |")
    return "\n".join(lines)


def generated_pages(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """(src_uri, Markdown) of every generated page."""
    tree = catalog.by_place()
    years = catalog.by_year()
    yield "index.md", _home(catalog, tree, years)
    for province, counties in sorted(tree.items()):
        province_uri = f"{province}/index.md"
        lines = [f"# {escape(place_name(province))}", "", "| 县（市、区） | 报告数 |", "|---|---|"]
        for county, by_year in sorted(counties.items()):
            total = sum(len(reports) for reports in by_year.values())
            lines.append(f"| [{escape(place_name(county))}]({_link(province_uri, f'{province}/{county}/index.md')}) | {total} |")
        yield province_uri, "\n".join(lines) + "\n"
        for county, by_year in sorted(counties.items()):
            county_uri = f"{province}/{county}/index.md"
            lines = [f"# {escape(place_name(county))}", "", f"{escape(place_name(province))} · {escape(place_name(county))}", ""]
            lines += ["| 年度 | 报告数 |", "|---|---|"]
            for year, reports in sorted(by_year.items(), reverse=True):
                lines.append(f"| [{year}年]({_link(county_uri, f'{province}/{county}/{year}/index.md')}) | {len(reports)} |")
            yield county_uri, "\n".join(lines) + "\n"
            for year, reports in sorted(by_year.items(), reverse=True):
                year_uri = f"{province}/{county}/{year}/index.md"
                heading = f"# {escape(place_name(county))} {year}年度报告"
                yield year_uri, f"{heading}\n\n{report_table(year_uri, reports)}\n"
    for year, reports in years.items():
        uri = f"years/{year}/index.md"
        yield uri, f"# {year}年度报告（全部地区）\n\n{report_table(uri, reports, with_place=True)}\n"
    if years:
        lines = ["# 按年度浏览", "", "| 年度 | 报告数 |", "|---|---|"]
        lines += [f"| [{year}年]({year}/index.md) | {len(reports)} |" for year, reports in years.items()]
        yield "years/index.md", "\n".join(lines) + "\n"


def _home(catalog: Catalog, tree: dict[str, dict[str, dict[int, list[Report]]]], years: dict[int, list[Report]]) -> str:
    lines = [
        "# 法治政府建设年度报告公开平台",
        "",
        "本平台依法公开各地乡镇（街道）、县级人民政府及其部门的法治政府建设年度报告和政府信息公开工作年度报告。"
        "可按地区（省 → 县 → 年度）或按年度浏览，也可在页面顶部的搜索框中全文检索；每篇报告均可下载原件、打印。",
        "",
        f"目前共收录报告 **{len(catalog.reports)}** 篇。",
        "",
        "## 最新发布",
        "",
        report_table("index.md", catalog.latest(LATEST_ON_HOME), with_place=True),
        "",
        "## 按地区浏览",
        "",
        "| 省（自治区、直辖市） | 县（市、区）数 | 报告数 |",
        "|---|---|---|",
    ]
    for province, counties in sorted(tree.items()):
        total = sum(len(reports) for by_year in counties.values() for reports in by_year.values())
        lines.append(f"| [{escape(place_name(province))}]({province}/index.md) | {len(counties)} | {total} |")
    lines += ["", "## 按年度浏览", "", "| 报告年度 | 报告数 |", "|---|---|"]
    lines += [f"| [{year}年](years/{year}/index.md) | {len(reports)} |" for year, reports in years.items()]
    return "\n".join(lines) + "\n"
