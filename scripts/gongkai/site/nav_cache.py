"""The primary sidebar (Material's partials/nav.html), rendered once for every page that shows the same one.

Material renders the whole sidebar for each page: a fifth of the build at 2,000 reports. After our on_nav the
sidebar of most pages is the same: it differs only in the items marked active and in its links, which the `url`
filter makes relative to the page (everything else it reads, config and titles, is the same for every page).
site_overrides/partials/nav.html calls the cache below, which renders Material's own partial (the file our
override shadows) and reuses the output for pages that agree in those; tests/test_site.py builds the site again
without the override and compares every page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from jinja2 import Environment, Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

PARTIAL = "partials/nav.html"
GLOBAL_NAME = "gongkai_nav"  # what site_overrides/partials/nav.html calls


def _items(items: list[StructureItem]) -> Iterator[StructureItem]:
    """Every item the sidebar can show or link to: the top level and everything below a section."""
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _items(item.children)


def _first_folder(url: str) -> str:
    return url.split("/", 1)[0]


class NavCache:
    """A Jinja global: Material's sidebar for the calling template's page, from the cache when it can be."""

    def __init__(self, template: Template, config: MkDocsConfig) -> None:
        self._template = template
        self._config = config
        self._nav: Navigation | None = None
        self._shown: list[StructureItem] = []
        self._shown_ids: set[int] = set()
        self._targets: dict[str, list[str]] = {}  # first folder of each link target → those targets
        self._rendered: dict[tuple[object, ...], Markup] = {}

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

    def _key(self, page: Page) -> tuple[object, ...]:
        """What the sidebar depends on. A link to a target outside the page's first folder climbs to the site
        root and goes down from there: the link to the root stands for all of those."""
        folder = _first_folder(page.url)
        links = [normalize_url(target, page) for target in self._targets.get(folder, [])]
        return normalize_url("", page), folder, *links, *(getattr(item, "active", False) for item in self._shown)

    @pass_context
    def __call__(self, context: Context) -> Markup:
        page = context.get("page")
        nav = context.get("nav")
        if not isinstance(page, Page) or not isinstance(nav, Navigation):
            return self._render(context)
        if nav is not self._nav:
            self._learn(nav)
        if id(page) in self._shown_ids:  # it shows in the sidebar with its own table of contents
            return self._render(context)
        key = self._key(page)
        html = self._rendered.get(key)
        if html is None:
            html = self._rendered[key] = self._render(context)
        return html

    def _render(self, context: Context) -> Markup:
        return Markup(self._template.render(context.get_all()))


def install(env: Environment, config: MkDocsConfig) -> None:
    """Compile the theme's own partial (the first one after our custom_dir's) and offer the cache to templates."""
    dirs = [Path(folder) for folder in config.theme.dirs if folder != config.theme.custom_dir]
    original = next(folder / PARTIAL for folder in dirs if (folder / PARTIAL).is_file())
    env.globals[GLOBAL_NAME] = NavCache(env.from_string(original.read_text("utf-8")), config)
