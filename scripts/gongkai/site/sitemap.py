"""sitemap.xml of every page in site/, written once all provinces are there.

MkDocs writes a sitemap of the pages one build renders; a sharded or parallel build renders each province in
its own process, so the site's sitemap is made from the pages on disk. Past 50,000 addresses (the protocol's
limit per file) sitemap.xml becomes an index of sitemap-1.xml, sitemap-2.xml, ….
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

from gongkai.site.compression import gzipped

LIMIT = 50_000
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_NAMESPACE = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _addresses(site_dir: Path, site_url: str, elsewhere: Mapping[str, Path]) -> list[str]:
    """Every page's address, of `site_dir` and of the province folders `elsewhere` names; os.walk and folders'
    names by string, as Path.rglob took a second over a site of 10,000 reports and Path.relative_to half of the
    rest."""
    found = []
    roots = [(str(site_dir), ""), *((str(folder), f"{code}/") for code, folder in sorted(elsewhere.items()))]
    for root, above in roots:
        for folder, _subfolders, names in os.walk(root):
            relative_folder = above + folder[len(root) + 1 :].replace(os.sep, "/")
            prefix = f"{relative_folder.rstrip('/')}/" if relative_folder else ""  # .well-known/ keeps its dot
            for name in names:
                if not name.endswith(".html") or (not prefix and name == "404.html"):
                    continue
                found.append(site_url + quote(prefix + ("" if name == "index.html" else name)))
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
