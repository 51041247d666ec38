"""Theme output rendered once for every page that shows the same: the primary sidebar (Material's
partials/nav.html), the breadcrumbs (partials/path.html) and the theme's `config` block.

Material renders the whole sidebar for each page: a fifth of the build at 2,000 reports. After our on_nav the
sidebar of most pages is the same: it differs only in the items marked active and in its links, which the `url`
filter makes relative to the page (everything else it reads, config and titles, is the same for every page).
site_overrides/partials/nav.html calls the cache below, which renders Material's own partial (the file our
override shadows) and reuses the output for pages that agree in those; tests/test_site.py builds the site again
without the override and compares every page. The breadcrumbs of the reports of one folder are the same too: the
same ancestors, linked by the same relative addresses (site_overrides/partials/path.html calls PathCache).

Material's `config` block (the JSON its scripts read: translations, features, the search worker's address)
depends only on the page's depth, through `base_url`, and so do its `styles`, `libs`, `fonts`, `scripts` and
`analytics` blocks (links made relative by the url filter) and its footer while it shows no previous/next links;
site_overrides/main.html renders each through BlockPerDepth. And each translation (`lang.t(key)`, ~16 a page, each
building a dict of every key of the language) is looked up once: site_overrides/partials/language.html calls
Translations, which asks Material's own partial. The masthead (Material's header and our search form) shows the
page's title and links relative to it: rendered once per depth and first folder with a placeholder for the title
(HeaderPerFolder), called by site_overrides/main.html's header block.

Pages that the plugin writes itself, outside MkDocs' pages (an organ's history among its county's,
gongkai.site.organ_pages), show the theme's output of the other pages of their folder but for their title, address
and content: main.html is rendered once per folder with placeholders for those, each page's own put in
(ShellPerFolder).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import normalize_url

PARTIAL = "partials/nav.html"
GLOBAL_NAME = "gongkai_nav"  # what site_overrides/partials/nav.html calls
PATH_PARTIAL = "partials/path.html"
PATH_NAME = "gongkai_path"  # what site_overrides/partials/path.html calls
PER_DEPTH_NAME = "gongkai_per_depth"  # what site_overrides/main.html calls
HEADER_NAME = "gongkai_header"  # what site_overrides/main.html calls
LANGUAGE = "partials/language.html"
TRANSLATION_NAME = "gongkai_translation"  # what site_overrides/partials/language.html calls


def _items(items: list[StructureItem]) -> Iterator[StructureItem]:
    """Every item the sidebar can show or link to: the top level and everything below a section."""
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _items(item.children)


def _first_folder(url: str) -> str:
    return url.split("/", 1)[0]


class _RenderedOnce:
    """A Jinja global: a theme partial for the calling template's page, rendered once for all the pages that agree
    in what its output depends on (their _key)."""

    def __init__(self, template: Template) -> None:
        self._template = template
        self._rendered: dict[tuple[object, ...], Markup] = {}

    @pass_context
    def __call__(self, context: Context) -> Markup:
        page = context.get("page")
        nav = context.get("nav")
        key = self._key(page, nav) if isinstance(page, Page) and isinstance(nav, Navigation) else None
        if key is None:
            return self._render(context)
        html = self._rendered.get(key)
        if html is None:
            html = self._rendered[key] = self._render(context)
        return html

    def _key(self, page: Page, nav: Navigation) -> tuple[object, ...] | None:
        """What the output depends on; None: render it for this page alone."""
        raise NotImplementedError

    def _render(self, context: Context) -> Markup:
        return Markup(self._template.render(context.get_all()))


class NavCache(_RenderedOnce):
    """A Jinja global: Material's sidebar for the calling template's page, from the cache when it can be."""

    def __init__(self, template: Template, config: MkDocsConfig) -> None:
        super().__init__(template)
        self._config = config
        self._nav: Navigation | None = None
        self._shown: list[StructureItem] = []
        self._shown_ids: set[int] = set()
        self._targets: dict[str, list[str]] = {}  # first folder of each link target → those targets

    def _learn(self, nav: Navigation) -> None:
        self._nav = nav
        self._shown = list(_items(nav.items))
        self._shown_ids = {id(item) for item in self._shown}
        homepage = str(self._config.extra.get("homepage") or (nav.homepage.url if nav.homepage else ""))
        targets = [homepage, str(self._config.theme.get("logo") or "")]
        targets += [item.url for item in self._shown if isinstance(item, (Page, Link))]
        self._targets = {}
        for target in targets:
            self._targets.setdefault(_first_folder(target), []).append(target)
        self._rendered = {}

    def _key(self, page: Page, nav: Navigation) -> tuple[object, ...] | None:
        """What the sidebar depends on. A link to a target outside the page's first folder climbs to the site
        root and goes down from there: the link to the root stands for all of those."""
        if nav is not self._nav:
            self._learn(nav)
        if id(page) in self._shown_ids:  # it shows in the sidebar with its own table of contents
            return None
        folder = _first_folder(page.url)
        links = [normalize_url(target, page) for target in self._targets.get(folder, [])]
        return normalize_url("", page), folder, *links, *(getattr(item, "active", False) for item in self._shown)


class PathCache(_RenderedOnce):
    """A Jinja global: Material's breadcrumbs for the calling template's page, from the cache when another page
    showed the same ancestors with links that read the same from it."""

    def _key(self, page: Page, nav: Navigation) -> tuple[object, ...] | None:
        hide = (page.meta or {}).get("hide")
        shown = [*([nav.homepage] if nav.homepage else []), *page.ancestors]
        links = [normalize_url(_breadcrumb_target(item), page) for item in shown]
        return repr(hide), *(id(item) for item in shown), *links


def _breadcrumb_target(item: StructureItem) -> str:
    """Where Material's partials/path-item.html links a breadcrumb: a section to its first page (descending into
    first children that are sections), a page to itself."""
    while isinstance(item, Section) and item.children:
        item = item.children[0]
    return str(getattr(item, "url", "") or "")


class BlockPerDepth:
    """A Jinja global: a theme block whose output depends on nothing but `base_url`, rendered once per value.
    Called as `gongkai_per_depth("config", base_url, super)` from the block's override."""

    def __init__(self) -> None:
        self._rendered: dict[tuple[str, str], Markup] = {}

    def __call__(self, block: str, base_url: str, render: Callable[[], str]) -> Markup:
        html = self._rendered.get((block, base_url))
        if html is None:
            html = self._rendered[(block, base_url)] = Markup(render())
        return html


class HeaderPerFolder:
    """A Jinja global: our masthead (Material's partials/header.html and our search form beside it), which shows of
    the page its title (page.meta.title, else page.title) and links made relative to it by the url filter: rendered
    once per depth and first folder (a link to the page's own first folder reads differently from inside it) with a
    placeholder title, the page's own title put in its place. Called as `gongkai_header(page, base_url,
    self.masthead)`; a page whose rendered masthead does not hold the placeholder exactly once is rendered alone."""

    _PLACEHOLDER = "\x00gongkai-page-title\x00"

    def __init__(self) -> None:
        self._rendered: dict[tuple[str, str], str | None] = {}

    def __call__(self, page: Page | None, base_url: str, render: Callable[[], str]) -> Markup:
        if not isinstance(page, Page):
            return Markup(render())
        key = (base_url, _first_folder(page.url))
        if key not in self._rendered:
            self._rendered[key] = self._with_placeholder(page, render)
        html = self._rendered[key]
        if html is None:
            return Markup(render())
        title = page.meta["title"] if page.meta and page.meta.get("title") else page.title
        return Markup(html.replace(self._PLACEHOLDER, str(title)))

    def _with_placeholder(self, page: Page, render: Callable[[], str]) -> str | None:
        """The masthead rendered for `page` with the placeholder as its title (page.meta's title, which Material
        shows first), None if the placeholder is not in it exactly once."""
        missing = object()
        title = page.meta.get("title", missing)
        page.meta["title"] = self._PLACEHOLDER
        try:
            html = str(render())
        finally:
            if title is missing:
                del page.meta["title"]
            else:
                page.meta["title"] = title
        return html if html.count(self._PLACEHOLDER) == 1 else None


class ShellPerFolder:
    """main.html for a page, taken from its folder's shell when it can be: the theme's output rendered once with
    placeholders for the page's title, canonical address and content, which are all that differs between two pages
    of one folder whose meta is empty, whose breadcrumbs and tables of contents read the same and that have no edit
    link and no previous or next page (any link to a target outside the folder reads the same from both). The
    placeholders are put in as the templates print them, unfiltered: a title that Material's filters (striptags, e)
    would change is rendered alone, and so is every page when the theme prints more of each page (its neighbours'
    titles in the footer, feature navigation.footer; its address in the feedback widget of extra.analytics).

    `finish` is what the plugin does to every page once rendered (compact_page): done to each shell once, placeholders
    in, so a page's own title and content must come out of it as they went in (no whitespace at their ends, none
    that it would take out within them), else the page is rendered alone."""

    _TITLE = "\x00gongkai-shell-title\x00"
    _CONTENT = "\x00gongkai-shell-content\x00"
    _CANONICAL = "\x00gongkai-shell-canonical\x00"
    _SLOTS = re.compile("(" + "|".join(map(re.escape, (_TITLE, _CONTENT, _CANONICAL))) + ")")

    def __init__(self, env: Environment, config: MkDocsConfig, finish: Callable[[str], str]) -> None:
        self._env = env
        self._finish = finish
        features = config.theme.get("features") or []
        self._more_of_each_page = "navigation.footer" in features or bool(config.extra.get("analytics"))
        self._shells: dict[tuple[object, ...], list[str] | None] = {}

    def page_html(self, page: Page, context: Mapping[str, Any]) -> str:
        """main.html rendered for `page` in its template `context` (mkdocs.commands.build.get_context's), finished."""
        key = self._key(page, context)
        if key is None:
            return self._finish(self._main(context))
        if key not in self._shells:
            self._shells[key] = self._shell(page, context)
        pieces = self._shells[key]
        title, content = str(page.title), page.content or ""
        if pieces is None or not (self._as_finished(title) and self._as_finished(content)):
            return self._finish(self._main(context))
        filled = {self._TITLE: title, self._CONTENT: content, self._CANONICAL: page.canonical_url or ""}
        return "".join(filled[piece] if index % 2 else piece for index, piece in enumerate(pieces))

    def _key(self, page: Page, context: Mapping[str, Any]) -> tuple[object, ...] | None:
        """What a page's shell depends on; None: render it alone."""
        title = str(page.title or "")
        if self._more_of_each_page or page.meta or page.edit_url or page.previous_page or page.next_page or not title:
            return None
        if title != Markup(title).striptags() or title != escape(title) or "\x00" in title:
            return None
        return (
            context.get("base_url"),
            posixpath.dirname(page.url.rstrip("/")),
            page.canonical_url is not None,
            "<h1" in (page.content or ""),  # else Material prints the title as a heading
            _toc_shown(page.toc),
            *(id(item) for item in page.ancestors),
        )

    def _shell(self, page: Page, context: Mapping[str, Any]) -> list[str] | None:
        """main.html for `page` with placeholders in place of its own, cut at them (the literal text at even
        places, the placeholder at odd ones); None if the title or the content is not among them."""
        own = page.title, page.content, page.canonical_url
        page.title, page.content = self._TITLE, self._CONTENT + ("<h1" if "<h1" in (page.content or "") else "")
        page.canonical_url = self._CANONICAL if page.canonical_url is not None else None
        try:
            html = self._main(context)
        finally:
            page.title, page.content, page.canonical_url = own
        pieces = self._SLOTS.split(self._finish(html).replace(self._CONTENT + "<h1", self._CONTENT))
        return pieces if self._TITLE in pieces and self._CONTENT in pieces else None

    def _as_finished(self, text: str) -> bool:
        """Whether `text` comes out of `finish` as it is, whatever stands around it in a page."""
        return text == text.strip() and self._finish(text) == text

    def _main(self, context: Mapping[str, Any]) -> str:
        return self._env.get_template("main.html").render(context)


def _toc_shown(toc: list[AnchorLink] | Any) -> tuple[object, ...]:
    """What of a page's table of contents Material prints: the first entry's address (the skip link) and, below a
    first entry of level 1, that entry's children only (partials/toc.html), every other entry in full."""
    items = list(toc)
    if not items:
        return ()
    first = items[0]
    shown = first.children if first.level == 1 else items
    return first.url, first.level == 1, _toc_tree(shown)


def _toc_tree(items: list[AnchorLink]) -> tuple[object, ...]:
    return tuple((item.url, item.title, item.level, _toc_tree(item.children)) for item in items)


class Translations:
    """A Jinja global: Material's `lang.t(key)` for the site's language, each key asked of the theme once."""

    def __init__(self, theme_macros: Any) -> None:
        self._theme_macros = theme_macros
        self._found: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        text = self._found.get(key)
        if text is None:
            text = self._found[key] = self._theme_macros.t(key)
        return text


def _theme_template(env: Environment, config: MkDocsConfig, name: str) -> Template:
    """The theme's own template `name` (the first one after our custom_dir's, which shadows it), compiled."""
    dirs = [Path(folder) for folder in config.theme.dirs if folder != config.theme.custom_dir]
    original = next(folder / name for folder in dirs if (folder / name).is_file())
    return env.from_string(original.read_text("utf-8"))


def install(env: Environment, config: MkDocsConfig) -> None:
    """Offer the caches to templates (new ones for each build)."""
    env.globals[GLOBAL_NAME] = NavCache(_theme_template(env, config, PARTIAL), config)
    env.globals[PATH_NAME] = PathCache(_theme_template(env, config, PATH_PARTIAL))
    env.globals[PER_DEPTH_NAME] = BlockPerDepth()
    env.globals[HEADER_NAME] = HeaderPerFolder()
    env.globals[TRANSLATION_NAME] = Translations(_theme_template(env, config, LANGUAGE).make_module({"config": config}))
