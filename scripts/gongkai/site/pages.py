"""Markdown of the generated pages: home, search, province, county, county-year and all-places-by-year indexes.

Pages are generated at build time from the catalog (never committed). Their lists are HTML tables written
here, links already the addresses MkDocs gives the pages (directory URLs): Python-Markdown's table and inline
parsing of thousands of rows was most of the time of these pages, and every target comes from the catalog, so
there is nothing for MkDocs to check. Other links are relative .md links MkDocs checks in a strict build. Long
lists are cut into pages of ROWS_PER_PAGE rows (`2024/index.md`, `2024/page/2/index.md` …) so no page grows with
the number of reports.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal

from gongkai.layout import UNPLACED
from gongkai.site import compliance
from gongkai.site.card_tables import labelled_cells
from gongkai.site.catalog import UNPLACED_TITLE, Catalog, Report, Tree, folder_title, place_name, shard_of
from gongkai.write import escape

ROWS_PER_PAGE = 50  # a 5-column row of the by-year view is up to ~450 bytes: 50 rows keep a page well under 50 KB
PAGE_FOLDER = "page"  # …/2024/page/2/index.md; the plugin's on_nav keeps these folders out of the sidebar
SEARCH_PAGE = "search/index.md"
# A place's own Atom feed beside its page (written by the plugin after the build, so a raw link: not a page).
_FEED_LINK = '<a href="feed.xml">订阅本地区的新报告（Atom）</a>'
_UNPLACED_NOTE = "以下报告的所属地区尚待核实，核实后将归入相应地区栏目。"
_PAGER_REACH = 2  # page links shown either side of the current one


def _link(from_uri: str, to_uri: str) -> str:
    """The relative link from one content file to another: os.path.relpath's answer without its look at the
    working directory (a tenth of the time; tens of thousands of links at 10,000 reports)."""
    base, target = from_uri.split("/")[:-1], to_uri.split("/")
    common = 0
    while common < len(base) and common < len(target) - 1 and base[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:])


def relative_url(page_url: str, target_url: str) -> str:
    """The address of one page relative to another's, both site-relative directory URLs (500000/500111/2024/x/ →
    ../../organs/ab12/): what posixpath.relpath gives, and a trailing slash, in a tenth of the time."""
    return _link(page_url, target_url) or "./"


def _address(link: str) -> str:
    """A relative .md link as the address MkDocs gives its page with directory URLs: ../x/index.md → ../x/,
    ../2024/500111116-fzzf.md → ../2024/500111116-fzzf/."""
    if link == "index.md" or link.endswith("/index.md"):
        return link.removesuffix("index.md") or "./"
    return link.removesuffix(".md") + "/"


def _href(page_uri: str, target_uri: str) -> str:
    """The address of a content file relative to a generated page's (an index.md)."""
    return _address(_link(page_uri, target_uri))


def title_only(markdown: str) -> str:
    """A generated page cut after its title (front matter and first heading): what the navigation shows of it."""
    end = markdown.find("\n", markdown.find("\n# ") + 1)
    return markdown if end < 0 else markdown[: end + 1]


def cell_text(value: object) -> str:
    return html.escape(str(value)) if value not in (None, "", []) else "—"


def cell_link(page_uri: str, target_uri: str, text: str) -> str:
    return f'<a href="{html.escape(_href(page_uri, target_uri))}">{html.escape(text)}</a>'


def html_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table as Python-Markdown would render it (cells already HTML), left alone by Markdown as a raw block;
    marked up as card_tables.as_cards would mark it (a wide table: its cells labelled for phones) as it is written,
    not found again in the page's HTML (a tenth of an organ's history page)."""
    head = "".join(f"<th>{cell}</th>" for cell in header)
    labelled = labelled_cells(header)
    opening = ["<td>"] * len(header) if labelled is None else labelled
    body = "".join(
        "<tr>" + "".join(f"{td}{cell}</td>" for td, cell in zip(opening, row, strict=True)) + "</tr>\n" for row in rows
    )
    table = "<table>" if labelled is None else '<table class="gk-cards">'
    return f"{table}\n<thead>\n<tr>{head}</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>"


def _value(report: Report, key: Literal["issuers", "written_date", "doc_number"]) -> str:
    value = report.meta.get(key)
    return cell_text("、".join(str(item) for item in value) if isinstance(value, list) else value)


def report_table(page_uri: str, reports: list[Report], with_place: bool = False) -> str:
    header = (
        ["标题", "地区", "发文机关", "成文日期", "文号"] if with_place else ["标题", "发文机关", "成文日期", "文号"]
    )
    return html_table(
        header,
        (
            [
                cell_link(page_uri, report.src_uri, report.title),
                *([cell_text(report.place())] if with_place else []),
                _value(report, "issuers"),
                _value(report, "written_date"),
                _value(report, "doc_number"),
            ]
            for report in reports
        ),
    )


def latest_table(page_uri: str, reports: list[Report]) -> str:
    """The newest reports with the date they are sorted by: 发布日期, else 成文日期 (said so), else 日期不详."""
    rows = []
    for report in reports:
        published, written = report.meta.get("published_date"), report.meta.get("written_date")
        day = f"{published}" if published else f"{written}（成文日期）" if written else "日期不详"
        rows.append(
            [
                cell_link(page_uri, report.src_uri, report.title),
                cell_text(report.place()),
                day,
                _value(report, "doc_number"),
            ]
        )
    return html_table(["标题", "地区", "发布日期", "文号"], rows)


def _pager(uris: list[str], current: int) -> str:
    """上一页 1 … 4 [5] 6 … 20 下一页, as a paragraph of relative links (current page index is 0-based)."""
    here = uris[current]
    near = range(max(current - _PAGER_REACH, 0), min(current + _PAGER_REACH + 1, len(uris)))
    shown = sorted({0, len(uris) - 1, *near})
    items: list[str] = []
    if current > 0:
        items.append(f"[上一页]({_link(here, uris[current - 1])})")
    for position, number in enumerate(shown):
        if position and number - shown[position - 1] > 1:
            items.append("…")
        items.append(
            f'**{number + 1}**{{: aria-current="page" }}'
            if number == current
            else f"[{number + 1}]({_link(here, uris[number])})"
        )
    if current < len(uris) - 1:
        items.append(f"[下一页]({_link(here, uris[current + 1])})")
    return " ".join(items) + '\n{: .gk-pager role="navigation" aria-label="分页" }'


def coverage(folder: str, county: str, year: int, reports: list[Report], deadline: tuple[int, int]) -> str:
    """Every township (乡、镇) the gazetteer holds for this county, and its 街道 apart, with the status of its
    report of `year`: 按时公开 / 逾期公开 / 日期不详, or 未收录 — not in this collection, which is all it says."""
    towns = compliance.townships(county, reports, deadline)
    if not towns:
        return ""
    page_uri = f"{folder}/index.md"
    sections = []
    for title, kind in (("乡、镇", "乡镇"), ("街道（街道办事处是区、县的派出机关，不是一级政府，单独列出）", "街道")):
        rows = []
        for township in (township for township in towns if township.kind == kind):
            report, name = township.report, township.town.name
            if report is None or township.timeliness is None:
                rows.append([html.escape(name), "未收录（本站尚未收集到该报告）", "—"])
            else:
                status = compliance.status_text(township.timeliness)
                rows.append(
                    [cell_link(page_uri, report.src_uri, name), status, cell_text(report.meta.get("published_date"))]
                )
        if rows:
            sections.append(f"### {title}\n\n" + html_table(["乡镇（街道）", "公开情况", "发布日期"], rows))
    covered = sum(1 for township in towns if township.report is not None)
    intro = (
        f"## 各乡镇（街道）{year}年度报告公开情况\n\n本县（市、区）共有 {len(towns)} 个乡镇（街道），"
        f"本站收录其中 {covered} 个的报告。“未收录”只表示本站尚未收集到，不表示该单位未公开。"
    )
    return "\n\n".join([intro, *sections])


def _paged_table(
    folder: str, heading: str, reports: list[Report], with_place: bool, intro: str = "", after_first: str = ""
) -> Iterator[tuple[str, str]]:
    """The report table of `folder`, ROWS_PER_PAGE rows per page: folder/index.md, folder/page/2/index.md …"""
    chunks = [reports[start : start + ROWS_PER_PAGE] for start in range(0, len(reports), ROWS_PER_PAGE)] or [[]]
    uris = [f"{folder}/index.md"]
    uris += [f"{folder}/{PAGE_FOLDER}/{number}/index.md" for number in range(2, len(chunks) + 1)]
    for index, (uri, chunk) in enumerate(zip(uris, chunks, strict=True)):
        title = heading if index == 0 else f"{heading}（第 {index + 1} 页）"
        first = index * ROWS_PER_PAGE + 1
        count = f"共 {len(reports)} 篇" + (f"，本页第 {first}–{first + len(chunk) - 1} 篇" if len(chunks) > 1 else "")
        parts = [f"# {title}", intro + count + "。", report_table(uri, chunk, with_place)]
        if len(chunks) > 1:
            parts.append(_pager(uris, index))
        if index == 0 and after_first:
            parts.append(after_first)
        yield uri, "\n\n".join(parts) + "\n"


def _count_table(page_uri: str, header: str, rows: list[tuple[str, str, int]]) -> str:
    """A two-column table (name linking to its index page, number of reports)."""
    return html_table(
        [header, "报告数"], ([cell_link(page_uri, target, name), str(count)] for name, target, count in rows)
    )


def _total(by_year: dict[int, list[Report]]) -> int:
    return sum(len(reports) for reports in by_year.values())


_MD_LINK = re.compile(r"\]\(([^)\s]+\.md)\)")


def _links_into_shards_as_urls(page_uri: str, markdown: str) -> str:
    """In a portal build the province pages and reports are built elsewhere (`gongkai build --province`): link to
    their URLs (…/2024/500111116-fzzf/) instead of to Markdown files this build does not have."""

    def url(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), match.group(1)))
        if shard_of(target) is None:
            return match.group(0)
        return f"]({_address(match.group(1))})"

    return _MD_LINK.sub(url, markdown)


def generated_pages(
    catalog: Catalog, portal: bool = False, latest_on_home: int = 10, deadline: tuple[int, int] = (4, 1)
) -> Iterator[tuple[str, str]]:
    """(src_uri, Markdown) of every generated page; a portal build makes only the pages above the provinces."""
    tree = catalog.by_place()
    years = catalog.by_year()
    if not portal:
        yield from _all_pages(catalog, tree, years, latest_on_home, deadline)
        return
    for src_uri, markdown in _all_pages(catalog, tree, years, latest_on_home, deadline, with_shards=False):
        yield src_uri, _links_into_shards_as_urls(src_uri, markdown)


def _all_pages(
    catalog: Catalog,
    tree: Tree,
    years: dict[int, list[Report]],
    latest_on_home: int,
    deadline: tuple[int, int],
    with_shards: bool = True,
) -> Iterator[tuple[str, str]]:
    yield "index.md", _home(catalog, tree, years, latest_on_home)
    yield SEARCH_PAGE, "---\ntemplate: search.html\nhide: [toc]\n---\n\n# 全文检索\n"
    if with_shards:
        yield from _shard_pages(catalog, tree, deadline)
    for year, reports in years.items():
        yield from _paged_table(f"years/{year}", f"{year}年度报告（全部地区）", reports, with_place=True)
    if years:
        rows = [(f"{year}年", f"years/{year}/index.md", len(reports)) for year, reports in years.items()]
        yield "years/index.md", f"# 按年度浏览\n\n{_count_table('years/index.md', '报告年度', rows)}\n"


def _shard_pages(catalog: Catalog, tree: Tree, deadline: tuple[int, int]) -> Iterator[tuple[str, str]]:
    """The pages of each province (its counties, their years) and of the unplaced reports."""
    for province, counties in sorted(tree.items()):
        province_uri = f"{province}/index.md"
        rows = [
            (folder_title(county), f"{province}/{county}/index.md", _total(by_year))
            for county, by_year in sorted(counties.items())
        ]
        total = sum(count for _name, _target, count in rows)
        yield (
            province_uri,
            (
                f"# {escape(place_name(province))}\n\n共 {len(rows)} 个县（市、区），{total} 篇报告。"
                f"{_FEED_LINK}\n\n{_count_table(province_uri, '县（市、区）', rows)}\n"
            ),
        )
        for county, by_year in sorted(counties.items()):
            county_uri = f"{province}/{county}/index.md"
            rows = [
                (f"{year}年", f"{province}/{county}/{year}/index.md", len(reports))
                for year, reports in sorted(by_year.items(), reverse=True)
            ]
            yield (
                county_uri,
                (
                    f"# {escape(folder_title(county))}\n\n{escape(place_name(province))}"
                    f"{escape(folder_title(county))}，共 {_total(by_year)} 篇报告。{_FEED_LINK}\n\n"
                    f"{_count_table(county_uri, '报告年度', rows)}\n"
                ),
            )
            for year, reports in sorted(by_year.items(), reverse=True):
                folder = f"{province}/{county}/{year}"
                yield from _paged_table(
                    folder,
                    f"{escape(folder_title(county))} {year}年度报告",
                    reports,
                    with_place=False,
                    after_first=coverage(folder, county, year, reports, deadline),
                )
    unplaced = catalog.unplaced()
    if unplaced:
        yield from _paged_table(UNPLACED, UNPLACED_TITLE, unplaced, with_place=False, intro=_UNPLACED_NOTE)


def _home(catalog: Catalog, tree: Tree, years: dict[int, list[Report]], latest: int) -> str:
    lines = [
        "---",
        "title: 首页  # the name in breadcrumbs and the sidebar; the heading below names the site",
        "---",
        "",
        "# 法治政府建设年度报告公开平台",
        "",
        (
            "本平台依法公开各地乡镇（街道）、县级人民政府及其部门的法治政府建设年度报告和政府信息公开工作年度报告。"
            "可按地区（省 → 县 → 年度）或按年度浏览，也可全文检索；每篇报告均附政府信息公开元数据，可下载原件、打印。"
        ),
        "",
        (
            f"目前共收录 {len(tree)} 个省（自治区、直辖市）"
            f" {sum(len(counties) for counties in tree.values())} 个县（市、区）的报告 **{len(catalog.reports)}** 篇。"
        ),
        "",
        "## 最新发布",
        "",
        "按发布日期排列，未注明发布日期的按成文日期。",
        "",
        latest_table("index.md", catalog.latest(latest)),
        "",
        "## 按地区浏览",
        "",
        html_table(
            ["省（自治区、直辖市）", "县（市、区）数", "报告数"],
            (
                [
                    cell_link("index.md", f"{province}/index.md", place_name(province)),
                    str(len(counties)),
                    str(sum(_total(by_year) for by_year in counties.values())),
                ]
                for province, counties in sorted(tree.items())
            ),
        ),
    ]
    unplaced = catalog.unplaced()
    if unplaced:
        lines += ["", f"另有 [{len(unplaced)} 篇报告]({UNPLACED}/index.md)的所属地区待确认。"]
    lines += [
        "",
        "各地按时公开、内容齐全的情况见[统计](stats/index.md)；全部报告的信息可"
        "[下载数据](data/index.md)（CSV、JSON）。",
    ]
    lines += [
        "",
        "## 按年度浏览",
        "",
        _count_table(
            "index.md",
            "报告年度",
            [(f"{year}年", f"years/{year}/index.md", len(reports)) for year, reports in years.items()],
        ),
    ]
    return "\n".join(lines) + "\n"
