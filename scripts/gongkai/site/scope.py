"""Which part of content/ one MkDocs run builds: the whole site, a group of provinces, or the portal around them.

`gongkai build` splits a large site into province groups built by separate processes (or CI machines) and the
portal (home, by-year, search pages) built beside them; gongkai.site.build sets the scope on the plugin instance.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from gongkai.site.catalog import shard_of
from gongkai.site.page_reuse import Earlier


class Mode(Enum):
    WHOLE = "whole"  # everything, search index and sitemap included: what a plain `mkdocs build` does
    PROVINCES = "provinces"  # these provinces' pages and search segments, plus the pages above, for navigation
    PORTAL = "portal"  # the pages above the provinces; each province's pages are its own build's


@dataclass(frozen=True)
class ShardScope:
    mode: Mode = Mode.WHOLE
    provinces: frozenset[str] = frozenset()  # PROVINCES: the shards (province codes, _unsorted) built
    catalog_out: Path | None = None  # PROVINCES: where to hand the front matter read over to the portal's build
    catalogs: tuple[Path, ...] = ()  # PORTAL: the front matter the province builds handed over
    earlier: Earlier | None = None  # what the last builds left to reuse pages from (gongkai.site.page_reuse)
    # Set when MkDocs lists only what this build renders (docs_dir: links into content/, gongkai.site.build): the
    # shards of the site it leaves out (a stub page each in its sidebar), and content/ itself.
    left_out: frozenset[str] = frozenset()
    content_dir: Path | None = None

    @classmethod
    def of_provinces(
        cls, codes: list[str], catalog_out: Path | None = None, earlier: Earlier | None = None
    ) -> ShardScope:
        return cls(Mode.PROVINCES, provinces=frozenset(codes), catalog_out=catalog_out, earlier=earlier)

    @classmethod
    def portal(cls, catalogs: list[Path], earlier: Earlier | None = None) -> ShardScope:
        return cls(Mode.PORTAL, catalogs=tuple(catalogs), earlier=earlier)

    @property
    def lists_rendered_only(self) -> bool:
        """Whether MkDocs need list only the shards this build renders: it reads no other shard's files (a portal
        without catalogs reads every report's front matter itself)."""
        return self.mode is Mode.PROVINCES or (self.mode is Mode.PORTAL and bool(self.catalogs))

    @property
    def sharded(self) -> bool:
        return self.mode is not Mode.WHOLE

    def renders(self, src_uri: str) -> bool:
        """Whether this build renders the file (a province build also renders the pages above the provinces, for
        its navigation, and publishes only its provinces' folders)."""
        shard = shard_of(src_uri)
        if shard is None:
            return True
        if self.mode is Mode.PROVINCES:
            return shard in self.provinces
        return self.mode is Mode.WHOLE
