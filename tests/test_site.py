"""The built site, read as files: generated pages, report pages, originals, meta tags, feed, sitemap, 404, search
index, and the policies (nothing fetched from outside, no inline script, every page under the size budget)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import posixpath
import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET
import zlib
from collections import Counter
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import cast
from urllib.parse import urljoin, urlsplit

import pytest
import segno
import yaml
from bs4 import BeautifulSoup, Tag
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from gongkai import gazetteer, script, store
from gongkai.config import load
from gongkai.site import open_data, plugin, qr, search_index, sitemap
from gongkai.site.build import _mkdocs_build
from gongkai.site.catalog import Report
from gongkai.site.pages import ROWS_PER_PAGE, _link, relative_url
from gongkai.site.plugin import compact_page
from gongkai.site.report_view import gov_meta_tags, qr_svg
from site_fixtures import (
    BEIZI,
    HOSTILE,
    HOSTILE_TITLE,
    JIAQIAO,
    ROOT,
    SHUANGLU,
    SITE_PATH,
    SITE_URL,
    SYNTHETIC_COUNT,
    SYNTHETIC_YEAR,
    UNPLACED,
    UNPLACED_COUNT,
    YOUTING,
    BuiltSite,
    Sample,
)

pytestmark = pytest.mark.slow

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
PAGE_BUDGET = 50 * 1024
URL_ATTRIBUTES = ("src", "href", "srcset", "action", "formaction", "poster", "data", "xlink:href")


def soup_of(site: BuiltSite, url: str) -> BeautifulSoup:
    return BeautifulSoup(site.html(url), "lxml")


def table_rows(table: Tag) -> list[dict[str, str]]:
    headers = [cell.get_text(strip=True) for cell in table.select("thead th")]
    return [
        dict(zip(headers, (cell.get_text(strip=True) for cell in row.select("td")), strict=True))
        for row in table.select("tbody tr")
    ]


def resolve(page_url: str, href: str) -> str:
    """A relative link of a page as a site path (directory URLs)."""
    return urlsplit(urljoin("https://site.invalid/" + page_url, href)).path.lstrip("/")


def html_pages(site: BuiltSite) -> list[Path]:
    return sorted(site.site.rglob("*.html"))


# --- generated pages ---------------------------------------------------------------------------------------------


def test_index_pages_are_generated_at_build_time(built_site: BuiltSite) -> None:
    for url in ("", "500000/", "500000/500111/", "500000/500111/2024/", "years/", "years/2024/", "search/"):
        assert (built_site.site / url / "index.html").is_file(), url
    assert not (built_site.root / "content" / "index.md").exists()
    assert not (built_site.root / "content" / "500000" / "index.md").exists()


def test_every_file_and_folder_of_the_site_has_the_permissions_of_one_made_plainly(
    built_site: BuiltSite, tmp_path: Path
) -> None:
    """A web server running as another user reads the site: no file may be private to the builder (the search
    index and the open data once were, 0600, as the temporary files they are renamed from)."""
    plain, folder = tmp_path / "plain", tmp_path / "folder"
    plain.write_bytes(b"")
    folder.mkdir()
    modes = Counter(path.stat().st_mode & 0o777 for path in built_site.site.rglob("*") if path.is_file())
    assert set(modes) == {plain.stat().st_mode & 0o777}, modes
    folders = Counter(path.stat().st_mode & 0o777 for path in [built_site.site, *built_site.site.rglob("*/")])
    assert set(folders) == {folder.stat().st_mode & 0o777}, folders


def test_home_shows_latest_reports_counts_and_a_search_box(built_site: BuiltSite) -> None:
    home = soup_of(built_site, "")
    assert home.select_one(".gk-hero form[role=search] input[name=q]")
    latest, provinces, years = home.select("article table")
    assert len(table_rows(latest)) == 10
    assert table_rows(latest)[0]["标题"] == JIAQIAO.title  # newest 发布日期 (2025-03-28)
    assert table_rows(latest)[0]["发布日期"] == "2025-03-28"  # the date it is sorted by, shown
    assert any(row["发布日期"].endswith("（成文日期）") for row in table_rows(latest))  # the fallback, said so
    chongqing = built_site.root / "content" / "500000"
    expected = {
        "省（自治区、直辖市）": "重庆市",
        "县（市、区）数": str(len(list(chongqing.iterdir()))),
        "报告数": str(len(list(chongqing.glob("*/*/*.md")))),
    }
    assert expected in table_rows(provinces)
    assert table_rows(years) == [
        {"报告年度": "2024年", "报告数": str(5 + UNPLACED_COUNT)},
        {"报告年度": f"{SYNTHETIC_YEAR}年", "报告数": str(SYNTHETIC_COUNT)},
    ]


def test_county_year_page_lists_its_reports(built_site: BuiltSite) -> None:
    page = soup_of(built_site, "500000/500111/2024/")
    table = page.select_one("article table")
    assert table is not None
    assert table_rows(table) == [
        {
            "标题": YOUTING.title,
            "发文机关": "中共重庆市大足区邮亭镇委、重庆市大足区邮亭镇人民政府",
            "成文日期": "2025-01-08",
            "文号": "邮亭委文〔2025〕1号",
        }
    ]
    link = table.select_one("a")
    assert link is not None and resolve("500000/500111/2024/", str(link["href"])) == YOUTING.url


def test_province_and_county_pages_link_down(built_site: BuiltSite) -> None:
    content = built_site.root / "content"
    province = soup_of(built_site, "500000/")
    counties = sorted(f"500000/{folder.name}/" for folder in (content / "500000").iterdir())
    assert [resolve("500000/", str(a["href"])) for a in province.select("article table a")] == counties
    county = soup_of(built_site, "500000/500230/")
    years = sorted((f"{folder.name}年" for folder in (content / "500000" / "500230").iterdir()), reverse=True)
    assert [a.get_text() for a in county.select("article table a")] == years


_CONTENT_PATH = st.builds(
    lambda folders, name: "/".join([*folders, name]),
    st.lists(st.sampled_from(["500000", "500111", "2024", "page", "2", "years"]), max_size=4),
    st.sampled_from(["index.md", "500111116-fzzf.md", "2024.md"]),
)


@given(_CONTENT_PATH, _CONTENT_PATH)
def test_links_between_generated_pages_are_relpaths(from_uri: str, to_uri: str) -> None:
    assert _link(from_uri, to_uri) == os.path.relpath(to_uri, posixpath.dirname(from_uri) or ".")


@given(_CONTENT_PATH, _CONTENT_PATH)
def test_addresses_between_pages_are_relpaths_ending_in_a_slash(from_path: str, to_path: str) -> None:
    """A report page's links to its organ's history and to its peer: directory URLs relative to its own."""
    page_url, target_url = from_path + "/", to_path + "/"
    assert relative_url(page_url, target_url) == posixpath.relpath(target_url, page_url) + "/"


_SEGMENT = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1).filter(
    lambda segment: segment not in (".", "..")
)


@given(st.lists(_SEGMENT, min_size=1, max_size=4))
@example(["500000", "500111", "2024", "500111116-fzzf.md"])
@example(["a", ".md"])
@example(["a", "b."])
@example(["a.b", "c.d.md"])
def test_a_reports_url_is_its_path_without_suffix_as_pathlib_gives_it(segments: list[str]) -> None:
    src_uri = "/".join(segments)
    assert Report(src_uri, {}).url == str(PurePosixPath(src_uri).with_suffix("")) + "/"


def test_by_year_view_is_paginated_across_places(built_site: BuiltSite) -> None:
    folder = f"years/{SYNTHETIC_YEAR}/"
    urls = [folder, f"{folder}page/2/", f"{folder}page/3/"]
    counts = []
    for url in urls:
        page = soup_of(built_site, url)
        table = page.select_one("article table")
        assert table is not None
        counts.append(len(table_rows(table)))
        assert "地区" in table_rows(table)[0]
    assert counts == [ROWS_PER_PAGE, ROWS_PER_PAGE, SYNTHETIC_COUNT - 2 * ROWS_PER_PAGE]
    pager = soup_of(built_site, urls[1]).select_one(".gk-pager")
    assert pager is not None
    assert {a.get_text(): resolve(urls[1], str(a["href"])) for a in pager.select("a")} == {
        "上一页": urls[0],
        "1": urls[0],
        "3": urls[2],
        "下一页": urls[2],
    }


@pytest.mark.parametrize(
    ("url", "crumbs"),
    [
        ("500000/", ["首页", "重庆市"]),
        ("500000/500111/", ["首页", "重庆市", "大足区"]),
        ("500000/500111/2024/", ["首页", "重庆市", "大足区", "2024年"]),
        (YOUTING.url, ["首页", "重庆市", "大足区", "2024年"]),
        ("years/2024/", ["首页", "按年度浏览", "2024年"]),
        (f"years/{SYNTHETIC_YEAR}/page/2/", ["首页", "按年度浏览", f"{SYNTHETIC_YEAR}年"]),
        ("search/", ["首页", "全文检索"]),
    ],
)
def test_every_page_has_breadcrumbs(built_site: BuiltSite, url: str, crumbs: list[str]) -> None:
    assert [a.get_text(strip=True) for a in soup_of(built_site, url).select("nav.md-path a")] == crumbs


def test_sidebar_does_not_grow_with_the_number_of_places(built_site: BuiltSite) -> None:
    """Counties, years and reports are reached through index pages and breadcrumbs, not listed in every sidebar."""
    sidebar = soup_of(built_site, YOUTING.url).select_one(".md-nav--primary")
    assert sidebar is not None
    targets = {resolve(YOUTING.url, str(a["href"])) for a in sidebar.select("a[href]")}
    assert "500000/500230/" not in targets and "500000/500111/" not in targets
    assert "500000/" in targets


def test_unplaced_reports_have_a_page_of_their_own_and_stay_out_of_the_sidebar(built_site: BuiltSite) -> None:
    """Reports whose county ingest could not tell are published in _unsorted/ until staff settle the place: listed
    on one page the home page links, findable by search, and not one sidebar entry each (that sidebar grew with
    their number: 98 KB pages at 275 of them)."""
    home = soup_of(built_site, "")
    link = home.find("a", string=f"{UNPLACED_COUNT} 篇报告")
    assert link is not None and resolve("", str(link["href"])) == "_unsorted/"
    listing = soup_of(built_site, "_unsorted/")
    assert listing.select_one("h1").get_text(strip=True) == "地区待确认"
    table = listing.select_one("article table")
    assert table is not None and len(table_rows(table)) == UNPLACED_COUNT
    assert table_rows(table)[0]["标题"] == UNPLACED.title
    report = soup_of(built_site, UNPLACED.url)
    assert [a.get_text(strip=True) for a in report.select("nav.md-path a")] == ["首页", "地区待确认"]
    sidebar = report.select_one(".md-nav--primary")
    assert sidebar is not None
    targets = {resolve(UNPLACED.url, str(a["href"])) for a in sidebar.select("a[href]")}
    assert "_unsorted/" in targets and not any(target.startswith("_unsorted/fzzf-") for target in targets)
    assert "unsorted" not in sidebar.get_text()
    assert _fragment(built_site, UNPLACED.url)["title"] == UNPLACED.title


def test_what_is_rendered_once_for_many_pages_is_what_mkdocs_and_material_render_for_each(
    built_site: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gongkai.site.render_cache reuses a rendered sidebar, breadcrumbs, Material's blocks that depend on the page's
    depth alone (config, styles, scripts, footer …), the masthead with each page's title and its translations
    across pages, gongkai.site.markdown_pages
    one Markdown converter (and report bodies rendered without it), and the templates are compiled without their
    indentation (plugin.UnindentedSource): built again with Material's own partials/nav.html, partials/path.html,
    partials/language.html and blocks, MkDocs' own pages and the templates as written, every page (sidebar links,
    breadcrumbs, active items, tables of contents, labels, body) is the same."""
    project = tmp_path / "project"
    shutil.copytree(built_site.root, project, ignore=shutil.ignore_patterns("site"))
    (project / "site_overrides" / "partials" / "nav.html").unlink()
    (project / "site_overrides" / "partials" / "language.html").unlink()
    (project / "site_overrides" / "partials" / "path.html").unlink()
    main = project / "site_overrides" / "main.html"
    per_depth = re.compile(r'gongkai_per_depth\("(\w+)", base_url, super\)')
    assert {"styles", "config", "scripts", "footer"} <= set(per_depth.findall(main.read_text("utf-8")))
    main.write_text(per_depth.sub("super()", main.read_text("utf-8")), "utf-8")  # each block as Material renders it
    header = "gongkai_header(page, base_url, self.masthead)"
    assert header in main.read_text("utf-8")
    main.write_text(main.read_text("utf-8").replace(header, "self.masthead()"), "utf-8")  # each page's own masthead
    monkeypatch.setattr(plugin, "share_markdown", lambda files, config: None)
    monkeypatch.setattr(plugin.UnindentedSource, "preprocess", lambda self, source, name, filename=None: source)
    monkeypatch.setattr(plugin.UnindentedSource, "version", classmethod(lambda cls: "as-written"))
    assert _mkdocs_build(load(project), project / "site", strict=True) is not None
    pages = html_pages(built_site)
    assert len(pages) > 100
    for path in pages:
        relative = path.relative_to(built_site.site)
        assert path.read_text("utf-8") == (project / "site" / relative).read_text("utf-8"), relative


# --- report pages ------------------------------------------------------------------------------------------------


def test_report_page_shows_the_disclosure_metadata_table(built_site: BuiltSite) -> None:
    page = soup_of(built_site, YOUTING.url)
    table = page.select_one("table.report-meta")
    assert table is not None
    rows = [
        (row.th.get_text(strip=True), row.td.get_text(strip=True)) for row in table.select("tr") if row.th and row.td
    ]
    assert rows == [  # the rows and order of a 政府信息公开目录 entry, whatever is known
        ("索引号", "未注明"),  # never invented
        ("发布机构", "重庆市大足区邮亭镇人民政府"),
        ("发文字号", "邮亭委文〔2025〕1号"),
        ("成文日期", "2025年1月8日"),
        ("发布日期", "未注明"),  # unknown: said so, not a missing row
        ("主题分类", "综合政务"),
        ("发文机关", "中共重庆市大足区邮亭镇委、重庆市大足区邮亭镇人民政府"),
        ("报告年度", "2024年"),
        ("所属地区", "重庆市大足区邮亭镇"),
    ]


def test_report_page_keeps_the_document_structure(built_site: BuiltSite) -> None:
    page = soup_of(built_site, YOUTING.url)
    assert [h1.get_text(strip=True) for h1 in page.select("article h1")] == [YOUTING.title]
    headings = [h2.get_text(strip=True) for h2 in page.select("article h2")]
    assert headings[0] == "一、学习宣传贯彻落实习近平法治思想"
    toc = [a.get_text(strip=True) for a in page.select(".md-sidebar--secondary .md-nav__link")]
    assert headings[0] in toc
    closing = [p.get_text(strip=True) for p in page.select("article p.closing")]
    assert closing == ["中共重庆市大足区邮亭镇委", "2025年1月8日"]
    assert page.select_one("button[data-gk-print]") is not None
    assert page.select_one(".report-qr svg") is not None


@pytest.mark.parametrize("url", [SITE_URL + YOUTING.url, SITE_URL + HOSTILE.url, "https://例子.中国/报告/第一篇/"])
def test_qr_code_is_the_one_segno_draws(url: str) -> None:
    """qr_svg draws segno's matrix itself: its markup must be what segno's own writer gives for the address."""
    qr = segno.make_qr(url, error="m", boost_error=False, mask=4)
    assert qr_svg(url) == qr.svg_inline(scale=3, title="用手机扫码打开本页", dark="#000", light="#fff")


def test_qr_matrix_is_segnos_in_every_version() -> None:
    """gongkai.site.qr computes segno's code faster: module for module the same, for addresses of every length
    up to version 10 and past it (left to segno)."""
    for length in range(1, 230):
        url = SITE_URL + "".join(
            "abcdefghijklmnopqrstuvwxyz0123456789/-._%"[(length * 7 + index) % 41] for index in range(length)
        )
        expected = segno.make_qr(url, error="m", boost_error=False, mask=4, mode="byte").matrix
        assert [bytes(row) for row in qr.matrix(url)] == [bytes(row) for row in expected], length


def test_report_page_qr_code_leads_to_the_page(built_site: BuiltSite) -> None:
    assert str(qr_svg(SITE_URL + YOUTING.url)) in built_site.html(YOUTING.url)


@pytest.mark.parametrize(
    ("sample", "original", "published", "format_name"),
    [
        (BEIZI, "410423208-fzzf.docx", "410423208-fzzf.docx", "Word 文档"),
        (JIAQIAO, "430725115-fzzf.html", "430725115-fzzf.html.txt", "网页（文本形式）"),  # a saved portal page, inert
        (SHUANGLU, "500230111-fzzf.txt", "500230111-fzzf.txt", "文本文件"),
    ],
)
def test_download_link_serves_the_original_bytes(
    built_site: BuiltSite, sample: Sample, original: str, published: str, format_name: str
) -> None:
    actions = soup_of(built_site, sample.url).select_one(".report-actions")
    assert actions is not None
    link = actions.select_one("a[download]")
    assert link is not None and link["download"] == sample.title + published.removeprefix(published.split(".")[0])
    target = built_site.site / resolve(sample.url, str(link["href"]))
    assert target.name == published
    assert target.read_bytes() == (built_site.root / "content" / Path(sample.src).parent / original).read_bytes()
    assert format_name in actions.get_text()


@pytest.mark.parametrize(("sample", "original"), [(JIAQIAO, "430725115-fzzf.html"), (SHUANGLU, "500230111-fzzf.txt")])
def test_a_gbk_or_gb18030_original_is_also_offered_as_utf8_text(
    built_site: BuiltSite, sample: Sample, original: str
) -> None:
    """The original's own bytes stay downloadable; a browser would show them as 乱码, so a UTF-8 copy is linked."""
    folder = built_site.root / "content" / Path(sample.src).parent
    meta = yaml.safe_load((built_site.root / "content" / sample.src).read_text("utf-8").split("---")[1])
    actions = soup_of(built_site, sample.url).select_one(".report-actions")
    assert actions is not None
    copy = actions.select_one("a.report-actions__text")
    if meta["source_encoding"].lower() in ("utf-8", "ascii"):
        assert copy is None
        return
    assert copy is not None
    target = built_site.site / resolve(sample.url, str(copy["href"]))
    assert target.read_bytes().decode("utf-8") == (folder / original).read_bytes().decode(meta["source_encoding"])


def test_a_report_from_a_portal_links_to_its_page(built_site: BuiltSite) -> None:
    meta = yaml.safe_load((built_site.root / "content" / JIAQIAO.src).read_text("utf-8").split("---")[1])
    link = soup_of(built_site, JIAQIAO.url).select_one("a.report-actions__source")
    assert meta["source_url"].startswith("http") and link is not None and link["href"] == meta["source_url"]
    assert "noopener" in link["rel"] and soup_of(built_site, BEIZI.url).select_one("a.report-actions__source") is None


def test_original_with_masked_personal_data_is_not_published(built_site: BuiltSite) -> None:
    actions = soup_of(built_site, YOUTING.url).select_one(".report-actions")
    assert actions is not None and actions.select_one("a[download]") is None
    assert "原件含有个人信息" in actions.get_text()
    assert not list(built_site.site.rglob("500111116-fzzf.docx"))  # not even at a guessable address
    assert not list(built_site.site.rglob("430725115-fzzf.html"))  # saved portal pages only as .txt


def test_report_page_carries_the_gov_site_meta_tags(built_site: BuiltSite) -> None:
    page = soup_of(built_site, YOUTING.url)
    meta = {str(tag["name"]): str(tag["content"]) for tag in page.select("meta[name]")}
    assert meta["ArticleTitle"] == YOUTING.title
    assert meta["PubDate"] == "2025-01-08 00:00"
    assert meta["ContentSource"] == meta["Author"] == "重庆市大足区邮亭镇人民政府"
    assert meta["ColumnName"] == "法治政府建设年度报告"
    assert meta["Keywords"] == "法治政府建设,年度报告,邮亭镇"
    assert meta["Description"].startswith("2024年以来，在区委、区政府的正确领导下")
    assert meta["description"] == meta["Description"]
    assert meta["Url"] == SITE_URL + YOUTING.url
    canonical = page.select_one("link[rel=canonical]")
    assert canonical is not None and canonical["href"] == meta["Url"]
    assert not {"SiteName", "SiteDomain", "SiteIDCode"} & meta.keys()  # unset in mkdocs.yml: omitted


def test_site_identifiers_come_from_mkdocs_yml_only() -> None:
    page = cast(Page, SimpleNamespace(canonical_url=SITE_URL + "a/"))
    gov_site = {"SiteName": "某县人民政府", "SiteIDCode": "5001110001", "SiteDomain": ""}
    registered = cast(MkDocsConfig, SimpleNamespace(extra={"gov_site": gov_site}))
    tags = dict(gov_meta_tags(page, {"title": "报告"}, registered, "摘要"))
    assert tags["SiteName"] == "某县人民政府" and tags["SiteIDCode"] == "5001110001"
    assert "SiteDomain" not in tags and "PubDate" not in tags


def test_submitted_text_is_escaped_everywhere(built_site: BuiltSite) -> None:
    for url in (HOSTILE.url, "500000/500230/2024/", "years/2024/", ""):
        page = soup_of(built_site, url)
        assert not page.find("script", string=re.compile("alert")), url
        assert page.find(string=re.compile(re.escape('<script>alert("x")</script>'))), url
    page = soup_of(built_site, HOSTILE.url)  # escaped once, not twice
    assert page.title is not None and page.title.get_text().startswith(HOSTILE_TITLE)
    assert page.select(".md-header__topic")[-1].get_text(strip=True) == HOSTILE_TITLE
    assert page.select_one("meta[name=ArticleTitle]")["content"] == HOSTILE_TITLE  # type: ignore[index]
    table = soup_of(built_site, "500000/500230/2024/").select_one("article table")
    assert table is not None
    row = {
        "标题": HOSTILE_TITLE,
        "发文机关": "丰都县双路镇人民政府",
        "成文日期": "—",
        "文号": "丰府|发〔2025〕<b>2</b>号",
    }  # the | did not split the cell
    assert row in table_rows(table)


# --- feed, sitemap, 404 ------------------------------------------------------------------------------------------


def test_atom_feed_lists_the_newest_dated_reports(built_site: BuiltSite) -> None:
    feed = ET.parse(built_site.site / "feed.xml").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    entries = feed.findall("atom:entry", ATOM)
    assert len(entries) == 50
    updated = [entry.findtext("atom:updated", namespaces=ATOM) or "" for entry in entries]
    assert updated == sorted(updated, reverse=True)
    titles = [entry.findtext("atom:title", namespaces=ATOM) for entry in entries]
    assert titles[:3] == [JIAQIAO.title, HOSTILE_TITLE, YOUTING.title]
    assert BEIZI.title not in titles  # no date at all: cannot be placed in a feed
    links = [link.get("href", "") for link in feed.findall("atom:entry/atom:link", ATOM)]
    assert all(link.startswith(SITE_URL) for link in links)
    assert links[2] == SITE_URL + YOUTING.url
    summaries = [entry.findtext("atom:summary", namespaces=ATOM) or "" for entry in entries]
    assert "发布日期 2025-03-28" in summaries[0] and "成文日期 2025-01-08" in summaries[2]  # which date, said so


def test_the_feed_archive_holds_every_dated_report_once(built_site: BuiltSite) -> None:
    """RFC 5005: feed.xml links the newest archive page; the archive pages, linked to each other and to feed.xml,
    hold every report that has a date, oldest first, each once."""
    feed = ET.parse(built_site.site / "feed.xml").getroot()
    newest = feed.find("atom:link[@rel='prev-archive']", ATOM)
    assert newest is not None and newest.get("href") == SITE_URL + "feed-archive/1.xml"
    archive = ET.parse(built_site.site / "feed-archive" / "1.xml").getroot()
    assert archive.find("{http://purl.org/syndication/history/1.0}archive") is not None
    assert archive.find("atom:link[@rel='current']", ATOM).get("href") == SITE_URL + "feed.xml"  # type: ignore[union-attr]
    assert archive.find("atom:link[@rel='next-archive']", ATOM) is None  # the only page: no neighbours
    entries = archive.findall("atom:entry", ATOM)
    rows = json.loads((built_site.site / "data" / "reports.json").read_text("utf-8"))
    dated = {row["page_url"] for row in rows if row["published_date"] or row["written_date"]}
    assert len(dated) > 50 and [entry.findtext("atom:id", namespaces=ATOM) for entry in entries] != []
    assert sorted(entry.findtext("atom:id", namespaces=ATOM) or "" for entry in entries) == sorted(dated)
    updated = [entry.findtext("atom:updated", namespaces=ATOM) or "" for entry in entries]
    assert updated == sorted(updated)
    assert BEIZI.title not in {entry.findtext("atom:title", namespaces=ATOM) for entry in entries}


def test_feeds_name_a_stylesheet_that_a_browser_shows_them_with(built_site: BuiltSite) -> None:
    for feed, stylesheet in (
        ("feed.xml", "assets/feed.xsl"),
        ("feed-archive/1.xml", "../assets/feed.xsl"),
        ("500000/feed.xml", "../assets/feed.xsl"),
        ("500000/500111/feed.xml", "../../assets/feed.xsl"),
    ):
        head = (built_site.site / feed).read_text("utf-8")[:200]
        assert f'<?xml-stylesheet type="text/xsl" href="{stylesheet}"?>' in head
        assert (built_site.site / posixpath.normpath(posixpath.join(posixpath.dirname(feed), stylesheet))).is_file()


def test_a_report_page_says_when_the_site_collected_it(built_site: BuiltSite) -> None:
    source = next((built_site.root / "content").glob(f"*/*/{SYNTHETIC_YEAR}/*.md"))
    meta, _raw, _body = store.split(source.read_text("utf-8"))
    page = soup_of(built_site, source.relative_to(built_site.root / "content").with_suffix("").as_posix() + "/")
    collected = page.select_one(".report-actions__collected")
    assert collected is not None and collected.get_text() == f"本站于 {meta['collected_date']} 收录"
    assert soup_of(built_site, YOUTING.url).select_one(".report-actions__collected") is None  # not recorded


def test_every_page_links_the_feed(built_site: BuiltSite) -> None:
    for url in ("", YOUTING.url, "years/2024/"):
        link = soup_of(built_site, url).find("link", rel="alternate", type="application/atom+xml")
        assert isinstance(link, Tag) and resolve(url, str(link["href"])) == "feed.xml"


def test_sitemap_uses_the_site_url(built_site: BuiltSite) -> None:
    locations = [
        loc.text or ""
        for loc in ET.parse(built_site.site / "sitemap.xml")
        .getroot()
        .iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert SITE_URL + YOUTING.url in locations
    assert all(location.startswith(SITE_URL) for location in locations)
    assert not list(built_site.site.rglob(sitemap.PAGES))  # a build intermediate, not published


def test_sitemap_lists_each_page_once_by_its_address(tmp_path: Path) -> None:
    """Folders' index pages by the folder, other pages by name, a dotted folder with its dot, never 404.html."""
    for page in ("index.html", "404.html", "2024/index.html", ".well-known/a.html"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text("<p>x</p>", "utf-8")
    sitemap.write(tmp_path, "https://example.gov.cn/g/")
    text = (tmp_path / "sitemap.xml").read_text("utf-8")
    locations = re.findall(r"<loc>(.*?)</loc>", text)
    assert locations == [
        "https://example.gov.cn/g/",
        "https://example.gov.cn/g/.well-known/a.html",
        "https://example.gov.cn/g/2024/",
    ]


def test_a_province_listing_its_pages_gives_the_sitemap_its_walk_gives(tmp_path: Path) -> None:
    """A province's build lists its pages (sitemap.write_pages) so that the sitemap need not walk its folder: the
    same addresses, also for a province moved in from the last site (`elsewhere`)."""
    pages = (
        "index.html",
        "404.html",
        "500000/index.html",
        "500000/404.html",
        "500000/500111/2024/a b/index.html",
        "500000/x.html",
        "500000/.well-known/y.html",
        "510000/index.html",
        "510000/z/index.html",
    )
    walked, listed, moved = tmp_path / "walked", tmp_path / "listed", tmp_path / "moved"
    for site in (walked, listed):
        for page in pages:
            (site / page).parent.mkdir(parents=True, exist_ok=True)
            (site / page).write_text("<p>x</p>", "utf-8")
        (site / "500000" / "feed.xml").write_text("<feed/>", "utf-8")
    sitemap.write_pages(listed / "500000")
    (listed / "510000").rename(moved)  # as the last build left it: the merge reads it where it is
    sitemap.write(walked, SITE_URL)
    sitemap.write(listed, SITE_URL, {"510000": moved})
    assert (listed / "sitemap.xml").read_text("utf-8") == (walked / "sitemap.xml").read_text("utf-8")
    assert "500111/2024/a%20b/" in (walked / "sitemap.xml").read_text("utf-8")
    assert SITE_URL + "500000/404.html" in (walked / "sitemap.xml").read_text("utf-8")


def test_404_page_is_in_chinese_and_links_from_the_site_root(built_site: BuiltSite) -> None:
    page = BeautifulSoup((built_site.site / "404.html").read_text("utf-8"), "lxml")
    assert page.html is not None and page.html["lang"] == "zh"
    assert page.h1 is not None and page.h1.get_text() == "页面未找到（404）"
    assert page.title is not None and page.title.get_text().startswith("页面未找到")
    hrefs = [str(a["href"]) for a in page.select("article a")]
    assert hrefs and all(href.startswith(SITE_PATH) for href in hrefs)


# --- search ------------------------------------------------------------------------------------------------------


def _fragment(built_site: BuiltSite, url: str) -> dict[str, str]:
    """The search fragment of the report at `url` (what a result shows)."""
    index = json.loads((built_site.site / "search-index" / "index.json").read_text("utf-8"))
    for segment in index["segments"]:
        for fragment in (built_site.site / segment["path"] / "search-index").glob("*.json.gz"):
            data: dict[str, str] = json.loads(gzip.decompress(fragment.read_bytes()))
            if data["url"] == url:
                return data
    raise AssertionError(f"no search fragment for {url}")


def test_search_index_holds_every_report_and_nothing_else(built_site: BuiltSite) -> None:
    index = json.loads((built_site.site / "search-index" / "index.json").read_text("utf-8"))
    reports = [path for path in built_site.site.rglob("*fzzf*/index.html")]
    assert index["docs"] == len(reports) == sum(segment["docs"] for segment in index["segments"])
    assert (
        not (built_site.site / "pagefind").exists() and not (built_site.site / "search" / "search_index.json").exists()
    )
    assert not list(built_site.site.glob("*/search-index/segment.bin"))  # build intermediates, merged and removed
    youting = _fragment(built_site, YOUTING.url)
    assert youting["title"] == YOUTING.title and youting["doc_number"] == "邮亭委文〔2025〕1号"
    assert youting["place"] == "重庆市大足区邮亭镇" and youting["year"] == "2024年"
    assert youting["fields"] == (
        f"{YOUTING.title} 重庆市大足区邮亭镇 重庆市大足区邮亭镇人民政府 "
        "中共重庆市大足区邮亭镇委 重庆市大足区邮亭镇人民政府 邮亭委文〔2025〕1号"
    )
    assert "普法" in youting["text"] and "<" not in youting["text"]
    table = json.loads(gzip.decompress((built_site.site / "search-index" / "docs.json.gz").read_bytes()))
    assert set(table) == {"province", "county", "year", "doc_type"}
    assert "重庆市" in table["province"]["values"] and "法治政府建设年度报告" in table["doc_type"]["values"]
    assert sum(table["year"]["runs"][1::2]) == index["docs"]


def test_every_indexed_term_is_in_the_chunk_its_hash_names(built_site: BuiltSite) -> None:
    """The browser finds a term's chunk from CRC-32 alone: every term of a report must be where it looks."""
    index = json.loads((built_site.site / "search-index" / "index.json").read_text("utf-8"))
    text = search_index.fold(_fragment(built_site, YOUTING.url)["text"])
    chunks = {
        int(path.name.split(".")[0]): gzip.decompress(path.read_bytes())
        for path in (built_site.site / "search-index" / "t").glob("*.bin.gz")
    }
    for term in set(search_index.term_counts(text)):
        encoded = term.encode()
        chunk = zlib.crc32(encoded) >> (32 - index["bits"]) if index["bits"] else 0
        assert bytes([len(encoded)]) + encoded in chunks[chunk], term


def test_chinese_text_is_cut_into_character_pairs_and_words() -> None:
    assert search_index.term_counts(search_index.fold("邮亭委文〔２０２５〕1号")) == {
        "邮亭": 1,
        "亭委": 1,
        "委文": 1,
        "2025": 1,
        "1": 1,
    }
    assert "普法" in search_index.term_counts("开展普法宣传")
    assert search_index.term_counts(search_index.fold("ＰＤＦ格式，格式")) == {"pdf": 1, "格式": 2}


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"法治政府〇𠀀㐀豈号 ,，。_-ab12Ｂ\n"]) | st.characters()))
def test_terms_are_the_pairs_of_each_han_run_and_the_other_words(text: str) -> None:
    expected: Counter[str] = Counter()
    for run in re.findall(rf"[{search_index._HAN}]+|[^\W_{search_index._HAN}]+", text):
        if re.match(rf"[{search_index._HAN}]", run):
            expected.update(run[start : start + 2] for start in range(len(run) - 1))
        else:
            expected[run] += 1
    assert search_index.term_counts(text) == expected


# Characters NFKC changes, or that combine with their neighbours: full-width letters and digits, compatibility
# ideographs and radicals, circled and parenthesised numbers, ligatures, combining marks, Hangul jamo.
_COMPATIBILITY = [
    *"ＡＢｃ１２３４５６７８９０＿",
    "\uf900",
    "\ufa10",
    "\u2f00",
    "\u2e80",
    "①",
    "⑴",
    "㈠",
    "㊀",
    "Ⅻ",
    "ﬁ",
    "²",
    "\u0301",
    "\u0308",
    "\u0327",
    "\u1100",
    "\u1161",
    "\u11a8",
    "ｶ",
    "\uff9e",
    "…",
    "‗",
    "\u3000",
    "℃",
    "㎡",
    "№",
    "\u00a0",
    "é",
    "ﾟ",
    "\u20dd",
]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"法治政府 号,，。（）：a1Z_-\n", *_COMPATIBILITY]) | st.characters()))
@example("cafe\u0301 ２０２５年 ﬁle ① \u1100\u1161\u11a8 \uf900")
def test_folding_cuts_the_terms_nfkc_would(text: str) -> None:
    """fold normalises only runs of characters outside the term-stable set, and simplifies only texts holding a
    traditional character: the terms must be those of NFKC, lower case and the whole t2s table applied to all."""
    simplified = str.maketrans(script.character_map())
    expected = search_index.term_counts(unicodedata.normalize("NFKC", text).lower().translate(simplified))
    assert search_index.term_counts(search_index.fold(text)) == expected


def test_plain_text_keeps_paragraphs_and_cells_apart() -> None:
    html = "<h2>一、概况</h2><p>依法&amp;行政</p><table><tr><td>甲</td><td>乙</td></tr></table>"
    assert search_index.plain_text(html) == "一、概况\n依法&行政\n甲 乙"


# --- policies ----------------------------------------------------------------------------------------------------


def _host(url: str) -> str | None:
    """The host of an absolute or protocol-relative http(s) URL; None for the site's own relative URLs."""
    parts = urlsplit(url.strip())
    return parts.hostname or url if parts.scheme in ("http", "https") or url.strip().startswith("//") else None


def _html_urls(tag: Tag) -> list[str]:
    values = [str(tag.get(attribute) or "") for attribute in URL_ATTRIBUTES]
    srcset = [candidate.split()[0] for candidate in str(tag.get("srcset") or "").split(",") if candidate.strip()]
    return [value for value in values if value] + srcset


def test_built_site_requests_nothing_outside_itself(built_site: BuiltSite) -> None:
    """Only canonical and feed links may name the site's own public address; nothing may name another host but a
    report's 原文链接, a link a reader may follow to the portal it came from, never loaded by the page."""
    site_host = urlsplit(SITE_URL).hostname
    css_url = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
    js_url = re.compile(
        r"""(?:\b(?:src|href)\s*[=:]\s*|\burl\(\s*|\b(?:fetch|import)\(\s*)"""
        r"""["'`]((?:https?:)?//[^"'`\s]+)"""
    )
    found: list[str] = []

    def css(where: str, text: str) -> None:
        found.extend(f"{where}: {url}" for pair in css_url.findall(text) for url in pair if url and _host(url))

    for path in built_site.site.rglob("*"):
        if path.suffix == ".html":
            page = BeautifulSoup(path.read_text("utf-8"), "lxml")
            for tag in page.find_all(True):
                own_link = tag.name == "link" and bool({"canonical", "alternate"} & set(tag.get("rel") or []))
                if tag.name == "a" and "report-actions__source" in (tag.get("class") or []):
                    assert {"noopener", "noreferrer", "nofollow"} <= set(tag.get("rel") or []), path
                    continue
                for url in _html_urls(tag):
                    if _host(url) and not (own_link and _host(url) == site_host):
                        found.append(f"{path}: <{tag.name}> {url}")
                css(f"{path}: style=", str(tag.get("style") or ""))
            for style in page.find_all("style"):
                css(f"{path}: <style>", style.get_text())
        elif path.suffix == ".css":
            css(str(path), path.read_text("utf-8"))
        elif path.suffix in (".js", ".mjs"):
            found.extend(f"{path}: {url}" for url in js_url.findall(path.read_text("utf-8")))
    assert not found, "\n".join(found[:20])


def test_no_inline_script_or_event_handler_attributes(built_site: BuiltSite) -> None:
    for path in html_pages(built_site):
        page = BeautifulSoup(path.read_text("utf-8"), "lxml")
        for tag in page.find_all(True):
            handlers = [name for name in tag.attrs if name.lower().startswith("on")]
            assert not handlers, f"{path}: <{tag.name} {handlers}>"
            for attribute in ("href", "src", "action"):
                value = str(tag.get(attribute) or "").strip().lower()
                assert not value.startswith("javascript:"), f"{path}: <{tag.name} {attribute}>"
        for script_tag in page.find_all("script"):
            if not script_tag.get("src"):
                assert script_tag.get("id") == "__config" and script_tag.get("type") == "application/json", (
                    f"{path}: {script_tag}"
                )


def test_every_page_fits_the_size_budget(built_site: BuiltSite) -> None:
    sizes = {str(path.relative_to(built_site.site)): path.stat().st_size for path in html_pages(built_site)}
    assert {page: size for page, size in sizes.items() if size > PAGE_BUDGET} == {}


@pytest.mark.parametrize(
    "text",
    [
        "<p>\n    <a>x</a> \t\r\n\n  y  \n",
        "\n\n",
        " \u3000\n\u3000正文",
        "x",
        "",
        "a\u2028\n\x85b",
        "  <pre>  kept\n  as is</pre>\n  <textarea>\n </textarea> \n",
    ],
)
def test_template_indentation_is_dropped_outside_pre_and_textarea(text: str) -> None:
    """The plugin's on_post_page compaction: each whitespace run holding a line break becomes one line break, and
    nothing comes before the page's first character."""
    parts = re.split(r"(<(pre|textarea)\b.*?</\2>)", text.lstrip(), flags=re.DOTALL)
    expected = "".join(part if index % 3 else re.sub(r"\s*\n\s*", "\n", part) for index, part in enumerate(parts))
    assert compact_page(text) == expected


def test_repository_config_has_no_lunr_search() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    assert config["plugins"] == ["gongkai"]  # naming only ours switches off MkDocs' default search plugin
    assert not [feature for feature in config["theme"]["features"] if feature.startswith("search.")]


def test_reports_above_the_counties_have_folders_named_as_portals_name_them() -> None:
    from gongkai.site.catalog import folder_title

    assert (folder_title("420000"), folder_title("420100"), folder_title("500111")) == (
        "湖北省（省本级）",
        "武汉市（市本级）",
        "大足区",
    )


def test_open_data_has_a_row_per_report_with_its_compliance(built_site: BuiltSite) -> None:
    rows = json.loads((built_site.site / "data" / "reports.json").read_text("utf-8"))
    reports = [path for path in (built_site.root / "content").rglob("*.md") if not path.name.startswith(".")]
    assert len(rows) == len(reports)
    with (built_site.site / "data" / "reports.csv").open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.DictReader(stream))
    assert len(table) == len(rows) and "review" not in table[0]
    assert {"page_url", "original_url", "publication_status", "days_late", "parts_missing"} <= set(table[0])
    youting = next(row for row in rows if row["page_url"] == SITE_URL + YOUTING.url)
    assert youting["publication_status"] == "日期不详" and youting["original_url"] is None  # withheld original
    jiaqiao = next(row for row in rows if row["page_url"] == SITE_URL + JIAQIAO.url)
    assert jiaqiao["publication_status"] == "按时公开" and jiaqiao["deadline"] == "2025-03-31"
    assert not list(built_site.site.glob("*/data-segment"))  # merged, then removed


_CSV_VALUES = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(st.sampled_from('a,"\n\r 、县\t')),
    st.text(),
    st.lists(st.text(max_size=4), max_size=3),
)


@given(st.lists(st.lists(_CSV_VALUES, min_size=3, max_size=3), max_size=4))
@example([["a\rb", 'say "x"', ["1", "2"]]])
def test_open_data_csv_is_what_the_csv_module_writes_and_reads(cells: list[list[object]]) -> None:
    columns = ["x", "y", "z"]
    rows = [dict(zip(columns, row, strict=True)) for row in cells]
    written = open_data._csv(rows, columns, header=True)
    fields = [
        [
            "、".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
            for value in row
        ]
        for row in cells
    ]
    assert list(csv.reader(io.StringIO(written, newline=""))) == [columns, *fields]
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\n").writerows([columns, *fields])
    if "\r" not in written:  # a field holding a lone \r is quoted here; Python 3.11's csv.writer leaves it bare
        assert written == expected.getvalue()


def test_a_report_page_says_how_it_meets_the_rules(built_site: BuiltSite) -> None:
    section = soup_of(built_site, JIAQIAO.url).select_one("section.report-compliance")
    assert section is not None
    text = section.get_text(" ", strip=True)
    assert "按时公开" in text and "2025年3月31日前" in text
    assert all(word in text for word in ("主要举措和成效", "下一年度的主要安排"))  # each part named in words
    assert "《政府信息公开条例》第二十六条" in text


def test_a_county_year_page_covers_every_township_of_the_county(built_site: BuiltSite) -> None:
    page = soup_of(built_site, "500000/500111/2024/")
    towns = gazetteer.towns_in("500111")
    rows = [table_rows(table) for table in page.select("article table")][1:]  # after the report table
    listed = {row["乡镇（街道）"]: row["公开情况"] for table in rows for row in table}
    assert set(listed) == {town.name for town in towns}
    assert listed["邮亭镇"] == "日期不详"  # held, its 发布日期 unknown
    assert listed["龙水镇"].startswith("未收录") and not any("未公开" in status for status in listed.values())
    streets = rows[-1]
    assert all(row["乡镇（街道）"].endswith("街道") for row in streets)  # 街道 apart: not governments


def test_the_statistics_page_has_charts_and_the_same_figures_as_tables(built_site: BuiltSite) -> None:
    page = soup_of(built_site, "stats/")
    images = {str(image["src"]): str(image.get("alt") or "") for image in page.select("article img")}
    assert set(images) == {"on-time.svg", "weeks.svg"} and all("数据见下表" in alt for alt in images.values())
    for name in images:
        svg = (built_site.site / "stats" / name).read_text("utf-8")
        assert svg.startswith("<svg") and "<script" not in svg and "uuid" not in svg  # static, allowed by the CSP
        assert "<!--" not in svg  # pygal's comment dated the build: the same site gave other bytes the next day
    rows = table_rows(page.select("article table")[0])
    assert {row["省份"] for row in rows} >= {"重庆市", "河南省", "湖南省"}
    hunan = next(row for row in rows if row["省份"] == "湖南省" and row["报告年度"] == "2024年")
    assert hunan["按时公开"] == "1/1（100%）"
    # One year per table (31 provinces × every year outgrew 50 KB): the latest here, each earlier year a page.
    assert {row["报告年度"] for row in rows} == {"2024年"}
    earlier = page.select_one("article a[href='2023/']")
    assert earlier is not None
    rows_2023 = table_rows(soup_of(built_site, "stats/2023/").select("article table")[0])
    assert rows_2023 and {row["报告年度"] for row in rows_2023} == {"2023年"}
    home = soup_of(built_site, "")
    assert home.select_one("a[href='stats/']") is not None or home.select_one("a[href='stats/index.html']") is not None


def test_the_data_page_explains_every_column(built_site: BuiltSite) -> None:
    from gongkai.site.open_data import COLUMNS

    page = soup_of(built_site, "data/")
    explained = {row["字段"]: row["含义"] for row in table_rows(page.select("article table")[0])}
    assert set(explained) == set(COLUMNS) and all(explained.values())
    links = {str(link["href"]) for link in page.select("article a[href]")}
    assert {"reports.csv", "reports.json", "front-matter.schema.json"} <= links
    schema = json.loads((built_site.site / "data" / "front-matter.schema.json").read_text("utf-8"))
    assert set(schema["properties"]) >= {"title", "county_code", "source_format"}


def test_each_province_and_county_has_its_own_feed(built_site: BuiltSite) -> None:
    """A journalist follows one place: its feed holds that place's reports only, and its page links it."""
    for folder, place in (("500000", "重庆市"), ("500000/500111", "重庆市大足区")):
        feed = ET.parse(built_site.site / folder / "feed.xml").getroot()
        assert place in (feed.findtext("atom:title", namespaces=ATOM) or "")
        links = [link.get("href", "") for link in feed.findall("atom:entry/atom:link", ATOM)]
        assert links and all(link.startswith(f"{SITE_URL}{folder}/") for link in links)
        page = soup_of(built_site, f"{folder}/")
        assert page.select_one("article a[href='feed.xml']") is not None
    assert not (built_site.site / "_unsorted" / "feed.xml").exists()  # no place: no place feed


def test_compliance_csv_lists_every_township_of_each_covered_county_and_year(built_site: BuiltSite) -> None:
    with (built_site.site / "data" / "compliance.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    dazu = [row for row in rows if row["county_code"] == "500111" and row["report_year"] == "2024"]
    assert {row["town_code"] for row in dazu if row["town_code"]} == {
        town.code for town in gazetteer.towns_in("500111")
    }
    youting = next(row for row in dazu if row["organ"] == "邮亭镇")
    assert youting["publication_status"] == "日期不详" and youting["page_url"] == SITE_URL + YOUTING.url
    assert {row["publication_status"] for row in dazu if row["organ"] != "邮亭镇"} == {"未收录"}
    assert {row["organ_kind"] for row in dazu if row["town_code"]} == {"乡镇", "街道"}
    held = {row["county_code"] for row in json.loads((built_site.site / "data" / "reports.json").read_text("utf-8"))}
    assert {row["county_code"] for row in rows} <= held  # only counties the site holds a report of


def test_each_province_has_a_full_text_bundle(built_site: BuiltSite) -> None:
    lines = [
        json.loads(line)
        for line in gzip.decompress((built_site.site / "data" / "text" / "500000.jsonl.gz").read_bytes())
        .decode("utf-8")
        .splitlines()
    ]
    assert [line["page"] for line in lines] == sorted(
        path.relative_to(built_site.root / "content").as_posix()
        for path in (built_site.root / "content" / "500000").rglob("*.md")
        if not path.name.startswith(".")
    )
    youting = next(line for line in lines if line["page"] == YOUTING.src)
    assert youting["front_matter"]["title"] == YOUTING.title and "review" not in youting["front_matter"]
    assert "法治" in youting["markdown"] and not youting["markdown"].startswith("---")
    assert not list(built_site.site.glob("*/text.jsonl.gz"))  # moved into data/text/
