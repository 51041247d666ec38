"""本机关历年报告: a page for each organ with reports of two or more years, listing them with their statuses.

A county's organ pages (<province>/<county>/organs/<key>/) read as its other pages but for their title, address and
content; there are about two for every ten reports. They are written by the plugin once MkDocs has built its own
pages, outside MkDocs' pages: each through the theme's main.html as MkDocs would render it (the context MkDocs
gives, the county's section as parent, so its sidebar and breadcrumbs are the county's), taken from one shell a
county (render_cache.ShellPerFolder). As MkDocs pages they cost about 1 ms each (reading, Markdown, sanitising,
template, compacting): 2.0 s of CPU at 10,000 reports, a quarter of what issue 17's features added. Not being
MkDocs' pages, they are in no previous/next chain and are written at each build of their province (not kept by
page_reuse: writing is what keeping one would cost); the sitemap lists them as it lists every page on disk.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from gongkai.model import ReportMeta
from gongkai.site import compliance
from gongkai.site.catalog import Report, Tree
from gongkai.site.pages import cell_link, cell_text, html_table
from gongkai.site.render_cache import ShellPerFolder

ORGAN_FOLDER = "organs"  # <province>/<county>/organs/<key>/: an organ's reports of every year
_HEADING_ID = "_1"  # the id Python-Markdown's toc gives a first heading of Chinese text


@dataclass(frozen=True)
class OrganPage:
    county: str  # its county's folder, <province>/<county>
    key: str  # organ_key of the organ
    title: str
    content: str  # its body, HTML

    @property
    def src_uri(self) -> str:
        return _src_uri(self.county, self.key)

    @property
    def url(self) -> str:
        """Its address, site-relative, as directory URLs give it."""
        return self.src_uri.removesuffix("index.md")


def _src_uri(county: str, key: str) -> str:
    return f"{county}/{ORGAN_FOLDER}/{key}/index.md"


def organ_key(meta: ReportMeta) -> str:
    """A stable folder name for the organ that published a report: a hash of its full name and type."""
    return _organ_key(str(meta.get("publisher") or ""), str(meta.get("doc_type") or ""))


@lru_cache(maxsize=1 << 14)  # asked of each report by its organ's history and by its own page
def _organ_key(publisher: str, doc_type: str) -> str:
    return hashlib.blake2b(f"{publisher}|{doc_type}".encode(), digest_size=6).hexdigest()


def organ_history(reports: Iterable[Report]) -> dict[str, list[Report]]:
    """Each organ's reports (newest year first), for organs with reports of two or more years: their history."""
    by_organ: dict[str, list[Report]] = {}
    for report in reports:
        if report.meta.get("publisher"):
            by_organ.setdefault(organ_key(report.meta), []).append(report)
    return {
        key: sorted(found, key=lambda report: (-(report.meta.get("report_year") or 0), report.src_uri))
        for key, found in by_organ.items()
        if len({report.meta.get("report_year") for report in found}) >= 2
    }


def organ_pages(tree: Tree, deadline: tuple[int, int]) -> Iterator[OrganPage]:
    """The organ pages of every county of `tree` (the reports a build renders, by province, county and year)."""
    for province, counties in sorted(tree.items()):
        for county, by_year in sorted(counties.items()):
            folder = f"{province}/{county}"
            for key, reports in sorted(organ_history(report for found in by_year.values() for report in found).items()):
                yield _organ_page(folder, key, reports, deadline)


def _organ_page(county: str, key: str, reports: list[Report], deadline: tuple[int, int]) -> OrganPage:
    uri = _src_uri(county, key)
    rows = [
        [
            f"{report.meta.get('report_year') or '—'}年",
            cell_link(uri, report.src_uri, report.title),
            compliance.status_text(compliance.timeliness(report.meta, deadline)),
            cell_text(report.meta.get("published_date")),
        ]
        for report in reports
    ]
    organ = html.escape(str(reports[0].meta.get("publisher")))
    content = (
        f'<h1 id="{_HEADING_ID}">{organ}历年报告</h1>\n<p>本站收录{organ}的报告 {len(reports)} 篇。</p>\n'
        + html_table(["报告年度", "报告", "公开情况", "发布日期"], rows)
    )
    return OrganPage(county, key, f"{organ}历年报告", content)


def write(
    found: Iterable[OrganPage], nav: Navigation, files: Files, config: MkDocsConfig, shells: ShellPerFolder
) -> Iterator[tuple[Path, str]]:
    """Each organ page's file and HTML, rendered as MkDocs renders a page of its county's folder (its parent the
    county's section, made active while it renders, as MkDocs does for the page being built) and compacted as the
    plugin compacts every page (the shells' `finish`)."""
    pages = files.documentation_pages()
    for organ in found:
        county_index = files.get_file_from_path(f"{organ.county}/index.md")
        file = File.generated(config, organ.src_uri, content="")
        page = Page(Markup(organ.title), file, config)  # escaped when made, as the plugin escapes every title
        page.parent = county_index.page.parent if county_index is not None and county_index.page else None
        page.markdown, page.content = "", organ.content
        page.toc = TableOfContents([])  # mkdocs.yml's toc_depth leaves h1 out: no heading below it
        context: Any = get_context(nav, pages, config, page)
        page.active = True  # its ancestors too: the sidebar opens at its county
        try:
            yield Path(file.abs_dest_path), shells.page_html(page, context)
        finally:
            page.active = False
