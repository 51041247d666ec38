"""sitemap.xml of every page in site/, written once all provinces are there.

MkDocs writes a sitemap of the pages one build renders; a sharded or parallel build renders each province in
its own process, so the site's sitemap is made from the pages on disk. Past 50,000 addresses (the protocol's
limit per file) sitemap.xml becomes an index of sitemap-1.xml, sitemap-2.xml, ….
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

from gongkai.site.compression import gzipped

LIMIT = 50_000
PAGES = "sitemap-pages.txt"  # <code>/sitemap-pages.txt: a province's pages, a build intermediate (write_pages)
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_NAMESPACE = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def write_pages(folder: Path) -> None:
    """The pages of a province's folder (its .html files, paths relative to it), listed in it for `write`, which
    reads the list instead of walking the folder: at 50,000 reports walking all of site/ took 2 s of every build,
    also of one that rebuilt a single province. The province's build writes it, in its own process."""
    (folder / PAGES).write_text("".join(f"{page}\n" for page in sorted(_pages_below(folder))), "utf-8")


def _pages_below(folder: Path) -> Iterator[str]:
    """The .html files below `folder`, as paths relative to it."""
    root = str(folder)
    for subfolder, _subfolders, names in os.walk(root):
        yield from (_relative(root, subfolder) + name for name in names if name.endswith(".html"))


def _relative(root: str, folder: str) -> str:
    """`folder` (`root` or below it, as os.walk gives it) relative to root: "" for root, else ending in /."""
    below = folder[len(root) + 1 :].replace(os.sep, "/")
    return f"{below}/" if below else ""


def _address(site_url: str, page: str) -> str:
    """The address of a page by its site-relative path: a folder's index.html by the folder's."""
    return site_url + quote(page.removesuffix("index.html") if page.rpartition("/")[2] == "index.html" else page)


def _addresses(site_dir: Path, site_url: str, elsewhere: Mapping[str, Path]) -> list[str]:
    """Every page's address, of `site_dir` and of the province folders `elsewhere` names: a province folder's from
    the list its build wrote (write_pages), the rest by os.walk and folders' names by string, as Path.rglob took a
    second over a site of 10,000 reports and Path.relative_to half of the rest."""
    found = []
    listed: set[str] = set()
    root = str(site_dir)
    for folder, subfolders, names in os.walk(root):
        if folder == root:
            for code in [name for name in subfolders if os.path.isfile(os.path.join(folder, name, PAGES))]:
                subfolders.remove(code)  # not walked: its list says what it holds
                listed.add(code)
                pages = (site_dir / code / PAGES).read_text("utf-8").splitlines()
                found += [_address(site_url, f"{code}/{page}") for page in pages]
        relative_folder = _relative(root, folder)
        for name in names:
            if name.endswith(".html") and (relative_folder or name != "404.html"):
                found.append(_address(site_url, relative_folder + name))
    for code, province in sorted(elsewhere.items()):
        if code in listed:
            continue
        found += [_address(site_url, f"{code}/{page}") for page in _pages_below(province)]
    return sorted(found)


def _urlset(addresses: list[str]) -> str:
    entries = "".join(f"<url><loc>{escape(address)}</loc></url>\n" for address in addresses)
    return f"{_HEAD}<urlset {_NAMESPACE}>\n{entries}</urlset>\n"


def write(site_dir: Path, site_url: str | None, elsewhere: Mapping[str, Path] | None = None) -> None:
    """The sitemap of `site_dir` and of the province folders `elsewhere` names (moved in later). Without site_url
    (mkdocs.yml) there are no full addresses to list: any stale sitemap is removed."""
    for old in [*site_dir.glob("sitemap-*.xml"), site_dir / "sitemap.xml", site_dir / "sitemap.xml.gz"]:
        old.unlink(missing_ok=True)
    if not site_url:
        return
    base = site_url if site_url.endswith("/") else site_url + "/"
    addresses = _addresses(site_dir, base, elsewhere or {})
    if len(addresses) <= LIMIT:
        text = _urlset(addresses)
    else:
        parts = [addresses[start : start + LIMIT] for start in range(0, len(addresses), LIMIT)]
        for number, part in enumerate(parts, 1):
            (site_dir / f"sitemap-{number}.xml").write_text(_urlset(part), "utf-8")
        entries = "".join(
            f"<sitemap><loc>{escape(base)}sitemap-{number}.xml</loc></sitemap>\n" for number in range(1, len(parts) + 1)
        )
        text = f"{_HEAD}<sitemapindex {_NAMESPACE}>\n{entries}</sitemapindex>\n"
    (site_dir / "sitemap.xml").write_text(text, "utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(gzipped(text.encode()))
