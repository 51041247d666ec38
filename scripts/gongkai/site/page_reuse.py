"""Pages kept from the last build: when one report of a province changes, the province's other pages are linked
from the cache instead of rendered again, unless something they show changed; the same for the portal's pages.

gongkai.site.cache reuses a province whole while none of its inputs changed; a province that did change is built
again, and most of its pages are the same as before (one new report changes its county-year's lists, not the 3,000
other reports of the province). Each page a province build or the portal build publishes, report or generated, gets
a key: a hash of everything its HTML and its search fragment are made from,
- what every page shares (cache.shared_inputs: the code, templates, mkdocs.yml, versions, address, provinces),
- its source: a report's file (every byte of it) and the size of its original (the download link shows it), a
  generated page's Markdown (lists, statistics: everything they show is written into it),
- its address, the previous and next pages (Material links them in <head>, and in the footer if it is on),
- its breadcrumbs (each ancestor's title and link) and its sidebar (Sidebars),
- for a report, what the page says of the rules (gongkai.site.compliance: timeliness, parts, repeat shares and their
  peer, the link to the organ's history).
Each build records the keys beside its output (KEYS, a build intermediate kept in the cache); the next build links
a page's HTML (and a report's search fragment) from the cache when its key is the recorded one, and renders it
otherwise. A report is always rendered when its Markdown holds a link (MkDocs writes a relative link by what other
files exist); a generated page links only to pages made from the same catalog. Anything not in the key must not
change a page: tests/test_incremental.py compares incremental builds with clean ones after each kind of change.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from gongkai.site import search_index
from gongkai.site.pages import title_only
from gongkai.store import link_or_copy

KEYS = "page-keys.pickle"  # <code>/page-keys.pickle (the portal's: page-keys.pickle): src_uri → Recorded
_FORMAT = b"gongkai-page-key-1\0"
# Markdown MkDocs may rewrite by what other files exist: links and images, inline or by reference (raw HTML is
# stashed away from its link rewriting).
_LINKED = re.compile(r"\]\s*[(:\[]")


@dataclass(frozen=True)
class Earlier:
    """What a build may reuse: the hash of the inputs every page shares, and by province (or "": the portal) the
    folder of its last output (.cache/gongkai/<code>/site/, .cache/gongkai/portal/site/, each holding its KEYS) if
    there is one."""

    shared: str
    folders: Mapping[str, Path]

    def as_json(self) -> dict[str, Any]:
        return {"shared": self.shared, "folders": {code: str(path) for code, path in self.folders.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Earlier:
        return cls(str(data["shared"]), {code: Path(path) for code, path in data["folders"].items()})


@dataclass(frozen=True)
class Recorded:
    """What a build records of a page it published, for the next build to keep it: its key, its search fragment's
    number (a report's; -1: none), and what other pages show of it (its title in their sidebars and breadcrumbs,
    its meta for Material's sidebar), which a kept page, never rendered, would not know."""

    key: str
    fragment: int
    title: Any
    meta: dict[str, Any]


@dataclass(frozen=True)
class Kept:
    html: Path
    fragment: Path | None
    recorded: Recorded


class EarlierPages:
    """The last output of a province (or of the portal) and what it recorded of each page."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        try:
            found = pickle.loads((folder / KEYS).read_bytes())  # noqa: S301 - written by write_keys
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, TypeError):
            found = {}
        self.pages: dict[str, Recorded] = found if isinstance(found, dict) else {}

    def output(self, src_uri: str, key: str, dest_in_folder: str) -> Kept | None:
        """The page's HTML and its search fragment (a report's) in the last output, if the page's key is the one
        recorded there."""
        recorded = self.pages.get(src_uri)
        if not isinstance(recorded, Recorded) or recorded.key != key:
            return None
        html = self.folder / dest_in_folder
        fragment = (
            self.folder / search_index.FOLDER / f"{recorded.fragment}.json.gz" if recorded.fragment >= 0 else None
        )
        if not html.is_file() or (fragment is not None and not fragment.is_file()):
            return None
        return Kept(html, fragment, recorded)


def write_keys(folder: Path, pages: Mapping[str, Recorded]) -> None:
    (folder / KEYS).write_bytes(pickle.dumps(dict(sorted(pages.items())), protocol=pickle.HIGHEST_PROTOCOL))


def reusable_markdown(body: str) -> bool:
    """Whether the page's Markdown is rendered the same whatever other files exist (no link or image)."""
    return _LINKED.search(body) is None


class Sidebars:
    """What the sidebar of a page shows (Material's partials/nav.html), hashed. With navigation.prune and neither
    navigation.sections nor navigation.tabs, Material renders a section that is not the page's ancestor as its title
    and a link to its first page: only the ancestors' children are rendered (so one more year of reports leaves the
    sidebar of a report page as it was). With other features, every item counts."""

    def __init__(self, nav: Navigation, features: Iterable[str]) -> None:
        features = set(features)
        self._nav = nav
        self._pruned = "navigation.prune" in features and not {"navigation.sections", "navigation.tabs"} & features
        self._openings: dict[int, bytes] = {}
        self._known: dict[tuple[int, ...], bytes] = {}

    def of(self, page: Page) -> bytes:
        """The hash of the sidebar `page` shows (its ancestors are the active sections)."""
        ancestors = tuple(id(ancestor) for ancestor in page.ancestors)
        found = self._known.get(ancestors)
        if found is None:
            digest = hashlib.blake2b(_FORMAT)
            for line in self._lines(self._nav.items, set(ancestors)):
                digest.update(line + b"\n")
            found = self._known[ancestors] = digest.digest()
        return found

    def _lines(self, items: list[StructureItem], active: set[int]) -> Iterable[bytes]:
        for item in items:
            if isinstance(item, Section):
                if self._pruned and id(item) not in active:
                    yield f"pruned\0{item.title}\0{_first_leaf_url(item)}\0{bool(item.children)}".encode()
                    continue
                yield f"section\0{item.title}\0{id(item) in active}".encode()
                yield from self._lines(item.children, active)
                yield b"end"
            elif isinstance(item, Page):  # the sidebar shows its title and meta (icon, status), from its opening
                yield f"page\0{item.url}\0{item.file.src_uri}\0".encode() + self._opening(item)
            elif isinstance(item, Link):
                yield f"link\0{item.title}\0{item.url}".encode()
            else:
                yield repr(item).encode()

    def _opening(self, page: Page) -> bytes:
        found = self._openings.get(id(page))
        if found is None:
            found = self._openings[id(page)] = title_only(page.file.content_string).encode()
        return found


def page_key(
    shared: str,
    sidebar: bytes,
    page: Page,
    source: bytes,
    original_size: int | None,
    title: str | None,
    neighbour_titles: tuple[str | None, str | None],
    compliance: str,
) -> str:
    """The key of a page: see the module's docstring. `sidebar`: Sidebars.of(page); `source`: the hash of its file
    or generated Markdown; `compliance`: what a report page says of the rules (report_view.compliance_section)."""
    digest = hashlib.blake2b(_FORMAT + shared.encode() + b"\0" + sidebar + source)
    previous, following = page.previous_page, page.next_page
    parts: list[object] = [
        page.file.src_uri,
        page.url,
        original_size,
        title,
        previous.url if previous else None,
        neighbour_titles[0],
        following.url if following else None,
        neighbour_titles[1],
        [(str(ancestor.title), _first_leaf_url(ancestor)) for ancestor in page.ancestors],
        compliance,
    ]
    digest.update(repr(parts).encode())
    return digest.hexdigest()


def _first_leaf_url(item: StructureItem) -> str | None:
    """Where a breadcrumb links: Material's partials/path-item.html follows first children down to a page."""
    while isinstance(item, Section) and item.children:
        item = item.children[0]
    return getattr(item, "url", None)


def link_output(html: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    link_or_copy(html, target)
