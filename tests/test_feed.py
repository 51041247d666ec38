"""The site's Atom feed and its RFC 5005 archive, from a catalog alone (the built site's feeds: test_site.py)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any, cast
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from hypothesis import example, given
from hypothesis import strategies as st

from gongkai.model import ReportMeta
from gongkai.site import feed
from gongkai.site.catalog import Catalog, Report

SITE = "https://example.gov.cn/gongkai/"
NS = {"atom": "http://www.w3.org/2005/Atom"}


def _report(number: int, **dates: Any) -> Report:
    meta = {"title": f"第{number}篇报告", "publisher": "某镇人民政府", "province": "重庆市", **dates}
    return Report(f"500000/500111/2024/{number:03d}-fzzf.md", cast(ReportMeta, meta))


def _links(document: bytes) -> dict[str, str]:
    root = ET.fromstring(document)
    return {link.get("rel", ""): link.get("href", "") for link in root.findall("atom:link", NS)}


def _ids(document: bytes) -> list[str]:
    return [
        entry.findtext("atom:id", namespaces=NS) or "" for entry in ET.fromstring(document).findall("atom:entry", NS)
    ]


def test_the_archive_pages_hold_every_dated_report_once_oldest_first_and_link_each_other() -> None:
    reports = [_report(n, published_date=dt.date(2025, 3, 28 - n)) for n in range(7)]
    reports += [_report(7, written_date=dt.date(2025, 1, 8)), _report(8)]  # dated by 成文日期; no date at all
    dated = feed.dated_oldest_first(Catalog(reports))
    assert feed.archive_page_count(dated, size=3) == 3
    pages = [feed.archive_feed(dated, page, SITE, "平台", size=3) for page in (1, 2, 3)]
    held = [entry for page in pages for entry in _ids(page)]
    assert held == [SITE + report.url for report in [reports[7], *reversed(reports[:7])]]  # the undated one left out
    assert _links(pages[0]) == {
        "self": SITE + "feed-archive/1.xml",
        "alternate": SITE,
        "current": SITE + "feed.xml",
        "next-archive": SITE + "feed-archive/2.xml",
    }
    assert _links(pages[1])["prev-archive"] == SITE + "feed-archive/1.xml"
    assert "next-archive" not in _links(pages[2])
    assert b"<fh:archive" in pages[2] and b"\xe7\xac\xac 3/3 \xe9\xa1\xb5" in pages[2]  # 第 3/3 页


def test_the_subscription_feed_links_the_newest_archive_page_and_its_stylesheet() -> None:
    catalog = Catalog([_report(n, published_date=dt.date(2025, 3, 1 + n)) for n in range(4)])
    subscription = feed.atom_feed(catalog, SITE, "平台", size=2, archive_pages=2)
    assert _ids(subscription) == [SITE + report.url for report in reversed(catalog.reports[2:])]
    assert _links(subscription)["prev-archive"] == SITE + "feed-archive/2.xml"
    assert subscription.startswith(
        b'<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet type="text/xsl" href="assets/feed.xsl"?>'
    )
    county = feed.atom_feed(catalog, SITE, "平台", folder="500000/500111/", place="重庆市大足区")
    assert b'href="../../assets/feed.xsl"' in county and "prev-archive" not in _links(county)


def test_a_report_with_no_date_of_its_own_is_dated_by_the_day_it_was_collected() -> None:
    collected_only = _report(1, collected_date=dt.date(2025, 4, 2))
    catalog = Catalog([_report(0, written_date=dt.date(2025, 1, 8)), collected_only, _report(2)])
    subscription = ET.fromstring(feed.atom_feed(catalog, SITE, "平台"))
    summaries = [
        entry.findtext("atom:summary", namespaces=NS) or "" for entry in subscription.findall("atom:entry", NS)
    ]
    assert summaries == ["重庆市，收录日期 2025-04-02", "重庆市，成文日期 2025-01-08"]  # the undated one left out


@given(
    st.sampled_from(
        ["https://example.gov.cn/gongkai/", "https://例子.中国", "https://x.cn/a/./b/?q=1#f", "http://x/g", ""]
    ),
    st.text(st.sampled_from("ab/.:?#;%\\ \t\n重"), max_size=12),
)
@example("https://example.gov.cn/gongkai/", "500000/500111/2024/500111116-fzzf/")
@example("https://x.cn/g/", "a:b/")
@example("https://x.cn/g/", "a?b/")
@example("https://x.cn/g/", "a#b/")
@example("https://x.cn/g/", "a;b/")
@example("https://x.cn/g/", " a/")
@example("https://x.cn/g/", "./a/")
@example("https://x.cn/g/", "a/../b/")
@example("https://x.cn/g/", "//a/")
@example("https://x.cn/g/", "a//b/")
@example("https://example.gov.cn/gongkai/", "%//")
@example("https://x.cn/g/", "")
def test_an_entrys_address_is_what_urljoin_makes_of_it(site_url: str, path: str) -> None:
    assert feed.absolute_url(site_url, path) == urljoin(site_url, path)


@given(st.lists(st.sampled_from([*"&<>\"'\r\n\t a;#汉", "&amp;", "&#13;"])).map("".join))
def test_feed_text_is_escaped_as_xml_sax_escapes_it(text: str) -> None:
    """feed._escaped, a replace chain for speed, writes what xml.sax.saxutils.escape (ElementTree's escaping) does."""
    assert feed._escaped(text) == escape(text)
    assert feed._escaped(text, attribute=True) == escape(text, feed._IN_ATTRIBUTES)
