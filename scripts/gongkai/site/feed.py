"""feed.xml: an Atom feed of the newest reports, so readers and aggregators need not scrape the site.

Official portals rarely offer one (CONVENTIONS §4), which is why aggregators scrape them. Entries are dated by
发布日期, else 成文日期, else the day the site collected the report (收录日期), each entry saying which; a report
with none of them cannot be placed in time and is left out. The site's feed holds every
dated report: the newest in feed.xml, all of them in its archive (RFC 5005 archived feeds: feed-archive/1.xml holds
the oldest ARCHIVE_SIZE, each page links the next and previous), so a reader or an archive can fetch the whole
collection. Each document names an XSLT stylesheet (assets/feed.xsl) so that a browser shows it as a page.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from urllib.parse import urljoin

from gongkai.model import CHINA_TIME, LABELS
from gongkai.site.catalog import Catalog, Report

FEED_FILE = "feed.xml"
ARCHIVE_FOLDER = "feed-archive"
ARCHIVE_SIZE = 500
STYLESHEET = "assets/feed.xsl"
_ATOM = "http://www.w3.org/2005/Atom"
_HISTORY = "http://purl.org/syndication/history/1.0"  # RFC 5005
# What ElementTree escapes in an attribute besides & < > (which escape() does everywhere).
_IN_ATTRIBUTES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry at all


def _stamp(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(), CHINA_TIME).isoformat()


def _element(tag: str, text: str | None = None, **attributes: str) -> str:
    """One element of no children, written as ElementTree writes it (a feed of 10,000 entries took 1.4 s through
    ElementTree, most of the portal's feeds)."""
    attributes_written = (
        "".join([f' {name}="{_escaped(value, attribute=True)}"' for name, value in attributes.items()])
        if attributes
        else ""
    )
    text = _NOT_XML.sub("", text) if text else ""
    if not text:
        return f"<{tag}{attributes_written} />"
    return f"<{tag}{attributes_written}>{_escaped(text)}</{tag}>"


def _escaped(text: str, attribute: bool = False) -> str:
    """What xml.sax.saxutils.escape makes of `text` (with _IN_ATTRIBUTES in an attribute), by str.replace alone:
    its loop over a dict of entities was a third of a feed entry."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    if attribute:
        for character, entity in _IN_ATTRIBUTES.items():
            text = text.replace(character, entity)
    return text


def _author(name: str) -> str:
    return f"<author>{_element('name', name)}</author>"


# A relative path urljoin would do more with than append: empty, absolute, holding an empty segment (dropped) or a
# dot segment (resolved), or characters urllib strips or reads as scheme, query, fragment or parameters.
_NOT_PLAIN_PATH = re.compile(r"^$|^/|//|(?:^|/)\.\.?(?:/|$)|[\x00-\x20\x7f?#;:\\]")


@cache
def _joined_prefix(site_url: str) -> str:
    return urljoin(site_url, "_")[:-1]


def absolute_url(site_url: str, path: str) -> str:
    """urljoin(site_url, path), without parsing both again for each of the archive's entries (a sixth of the site
    feed's time at 50,000 reports): a plain relative path is appended to what urljoin makes of the base."""
    return urljoin(site_url, path) if _NOT_PLAIN_PATH.search(path) else _joined_prefix(site_url) + path


def _entry(report: Report, day: dt.date, site_url: str) -> str:
    url = absolute_url(site_url, report.url)
    which = next(LABELS[key] for key in DATED_BY if report.meta.get(key) == day)  # the date it is dated by, said so
    parts = (report.place(), report.meta.get("doc_number"), f"{which} {day:%Y-%m-%d}")
    doc_type = report.meta.get("doc_type")
    return "".join(
        [
            "<entry>",
            _element("id", url),
            _element("title", report.title),
            _element("updated", _stamp(day)),
            _element("link", href=url),
            _author(str(report.meta.get("publisher") or report.place())),
            _element("summary", "，".join(str(part) for part in parts if part)),
            _element("category", term=str(doc_type)) if doc_type else "",
            "</entry>",
        ]
    )


DATED_BY = ("published_date", "written_date", "collected_date")


def feed_day(report: Report) -> dt.date | None:
    """The day an entry is dated by: 发布日期, else 成文日期, else 收录日期."""
    return next((value for key in DATED_BY if isinstance(value := report.meta.get(key), dt.date)), None)


def atom_feed(
    catalog: Catalog,
    site_url: str,
    site_name: str,
    size: int = 50,
    folder: str = "",
    place: str = "",
    archive_pages: int = 0,
    written: dict[str, str] | None = None,
) -> bytes:
    """The `size` newest reports that have a date, as an Atom feed; `folder` (500000/ or 500000/500111/) and
    `place` (重庆市大足区) for the feed of one province or county, which a reader follows to watch one place;
    `archive_pages`: how many archive documents (archive_feed) hold every report, the newest of them linked;
    `written`: the entries of feeds written before (src_uri → entry), shared by feeds that list the same report
    (a province's and its county's), each entry written once."""
    return _subscription(
        dated_oldest_first(catalog),
        site_url,
        site_name,
        size,
        folder,
        place,
        archive_pages,
        {} if written is None else written,
    )


def site_feeds(catalog: Catalog, site_url: str, site_name: str, size: int) -> dict[str, bytes]:
    """The site's feed and its archive, by path under the site: feed.xml (the `size` newest) and
    feed-archive/1.xml… (every dated report), from one sorting of the catalog."""
    dated = dated_oldest_first(catalog)
    pages = archive_page_count(dated)
    written: dict[str, str] = {}  # the newest reports are in the feed and the last archive document
    files = {FEED_FILE: _subscription(dated, site_url, site_name, size, "", "", pages, written)}
    for page in range(1, pages + 1):
        files[_archive_file(page)] = archive_feed(dated, page, site_url, site_name, written=written)
    return files


def _subscription(
    dated: list[tuple[Report, dt.date]],
    site_url: str,
    site_name: str,
    size: int,
    folder: str,
    place: str,
    archive_pages: int,
    written: dict[str, str],
) -> bytes:
    """atom_feed of reports already dated and sorted, oldest first."""
    newest = dated[-size:][::-1]
    home = urljoin(site_url, folder)
    title = f"{site_name}：{place}最新发布" if place else f"{site_name}：最新发布"
    feed = _feed(site_url, home, urljoin(home, FEED_FILE), home, title, site_name, newest, written)  # id: its page
    if archive_pages:
        feed.append(_element("link", href=urljoin(home, _archive_file(archive_pages)), rel="prev-archive"))
    return _document(feed, folder)


def dated_oldest_first(catalog: Catalog) -> list[tuple[Report, dt.date]]:
    """Every report that has a day to be dated by, oldest first (ties by path): the order of the feed's archive."""
    dated = [(report, day) for report in catalog.reports if (day := feed_day(report)) is not None]
    return sorted(dated, key=lambda pair: (pair[1], pair[0].src_uri))


def archive_feed(
    dated: list[tuple[Report, dt.date]],
    page: int,
    site_url: str,
    site_name: str,
    size: int = ARCHIVE_SIZE,
    written: dict[str, str] | None = None,
) -> bytes:
    """Archive document `page` (1 = the oldest `size` reports) of the site's feed, linked to its neighbours and
    to the subscription document; dated as dated_oldest_first gives them; `written` as atom_feed's."""
    pages = archive_page_count(dated, size)
    title = f"{site_name}：全部报告（第 {page}/{pages} 页，按日期从早到晚）"
    address = urljoin(site_url, _archive_file(page))
    entries = dated[(page - 1) * size : page * size]
    feed = _feed(site_url, address, address, site_url, title, site_name, entries, {} if written is None else written)
    feed.append(_element("fh:archive"))
    feed.append(_element("link", href=urljoin(site_url, FEED_FILE), rel="current"))
    if page > 1:
        feed.append(_element("link", href=urljoin(site_url, _archive_file(page - 1)), rel="prev-archive"))
    if page < pages:
        feed.append(_element("link", href=urljoin(site_url, _archive_file(page + 1)), rel="next-archive"))
    return _document(feed, f"{ARCHIVE_FOLDER}/", archived=True)


def archive_page_count(dated: list[tuple[Report, dt.date]], size: int = ARCHIVE_SIZE) -> int:
    return -(-len(dated) // size)


def _archive_file(page: int) -> str:
    return f"{ARCHIVE_FOLDER}/{page}.xml"


def _feed(
    site_url: str,
    identity: str,
    address: str,
    alternate: str,
    title: str,
    site_name: str,
    dated: list[tuple[Report, dt.date]],
    written: dict[str, str],
) -> list[str]:
    """The elements of an Atom feed of `dated` entries, more to be appended; `identity` its id, `address` where it
    is published, `alternate` the HTML page it stands for (a place's page, or the home page for the archive);
    `written`: entries written before, by src_uri (what it lacks is written and added)."""
    return [
        _element("id", identity),
        _element("title", title),
        _element("updated", _stamp(max(day for _, day in dated)) if dated else _stamp(dt.date(1970, 1, 1))),
        _element("link", href=address, rel="self", type="application/atom+xml"),
        _element("link", href=alternate, rel="alternate", type="text/html"),
        _author(site_name),
        *(_written(report, day, site_url, written) for report, day in dated),
    ]


def _written(report: Report, day: dt.date, site_url: str, written: dict[str, str]) -> str:
    entry = written.get(report.src_uri)
    if entry is None:
        entry = written[report.src_uri] = _entry(report, day, site_url)
    return entry


def _document(feed: list[str], folder: str, archived: bool = False) -> bytes:
    """The feed as a file, naming the stylesheet by a path relative to the file's folder (feeds of one place sit
    deeper than the site's); `archived`: an archive document, which names RFC 5005's namespace."""
    stylesheet = "../" * folder.count("/") + STYLESHEET
    namespaces = f' xmlns="{_ATOM}"' + (f' xmlns:fh="{_HISTORY}"' if archived else "")
    body = "".join(feed)
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet type="text/xsl" href="{stylesheet}"?>\n'
        f'<feed{namespaces} xml:lang="zh-CN">{body}</feed>\n'
    ).encode()
