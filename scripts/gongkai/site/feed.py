"""feed.xml: an Atom feed of the newest reports, so readers and aggregators need not scrape the site.

Official portals rarely offer one (CONVENTIONS §4), which is why aggregators scrape them. Entries are dated by
发布日期, else 成文日期; a report with neither cannot be placed in time and is left out.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

from gongkai.site.catalog import Catalog, Report

FEED_FILE = "feed.xml"
_ATOM = "http://www.w3.org/2005/Atom"
_CHINA = dt.timezone(dt.timedelta(hours=8))
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry at all


def _stamp(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(), _CHINA).isoformat()


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{_ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def _entry(feed: ET.Element, report: Report, day: dt.date, site_url: str) -> None:
    entry = _add(feed, "entry")
    url = urljoin(site_url, report.url)
    _add(entry, "id", url)
    _add(entry, "title", report.title)
    _add(entry, "updated", _stamp(day))
    _add(entry, "link", href=url)
    _add(_add(entry, "author"), "name", str(report.meta.get("publisher") or report.place()))
    which = "发布日期" if report.meta.get("published_date") else "成文日期"  # the date it is dated by, said so
    parts = (report.place(), report.meta.get("doc_number"), f"{which} {day:%Y-%m-%d}")
    summary = "，".join(str(part) for part in parts if part)
    _add(entry, "summary", summary)
    if report.meta.get("doc_type"):
        _add(entry, "category", term=str(report.meta["doc_type"]))


def atom_feed(
    catalog: Catalog, site_url: str, site_name: str, size: int = 50, folder: str = "", place: str = ""
) -> bytes:
    """The `size` newest reports that have a date, as an Atom feed; `folder` (500000/ or 500000/500111/) and
    `place` (重庆市大足区) for the feed of one province or county, which a reader follows to watch one place."""
    dated = [(report, day) for report in catalog.latest(size) if (day := report.date()) is not None]
    ET.register_namespace("", _ATOM)
    feed = ET.Element(f"{{{_ATOM}}}feed", {"xml:lang": "zh-CN"})
    home = urljoin(site_url, folder)
    _add(feed, "id", home)
    _add(feed, "title", f"{site_name}：{place}最新发布" if place else f"{site_name}：最新发布")
    _add(feed, "updated", _stamp(dated[0][1]) if dated else _stamp(dt.date(1970, 1, 1)))
    _add(feed, "link", href=urljoin(home, FEED_FILE), rel="self", type="application/atom+xml")
    _add(feed, "link", href=home, rel="alternate", type="text/html")
    _add(_add(feed, "author"), "name", site_name)
    for report, day in dated:
        _entry(feed, report, day, site_url)
    output = io.BytesIO()
    ET.ElementTree(feed).write(output, encoding="utf-8", xml_declaration=True)
    return output.getvalue()
