"""The site layer: a MkDocs plugin (registered as `gongkai` in pyproject's mkdocs.plugins entry points, named in
mkdocs.yml `plugins:`), holding one build's state on the instance.

on_config: Markdown's inline patterns kept off plain text (gongkai.site.plain_inline: same HTML, less time); heading
anchors from the official numbering (gongkai.site.anchors); no MkDocs sitemap (ours covers every shard).
on_files: read every report's front matter into a Catalog, publish originals by gongkai.site.originals, keep this
build's scope (gongkai.site.scope), add the generated pages. on_nav: place names instead of code folder names; a
sidebar whose size does not grow with the reports; neighbours in other provinces by their index pages; in a rebuilt
province or portal, the pages an earlier build left unchanged kept, not rendered (gongkai.site.page_reuse). on_env:
the sidebar rendered once for all pages that show the same one (gongkai.site.render_cache). on_page_content: sanitise, and hand report text to the search index.
on_page_context: give report pages their view. on_post_page: drop the templates' indentation. on_post_build: the
organs' history pages (gongkai.site.organ_pages, written outside MkDocs' pages), the open data, the Atom feeds
and the search segments; for the whole site also the merged search index and the sitemap, so a plain `mkdocs
build` gives the site `gongkai build` gives.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import inspect
import json
import logging
import os
import re
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping
from importlib import metadata
from itertools import chain
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.ext import Extension
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from gongkai.fingerprints import compiled_templates
from gongkai.layout import UNPLACED, is_shard
from gongkai.model import LABELS, ReportMeta, json_schema
from gongkai.site import (
    compliance,
    feed,
    open_data,
    organ_pages,
    originals,
    page_reuse,
    render_cache,
    search_index,
    sitemap,
)
from gongkai.site.anchors import NumberedAnchors
from gongkai.site.card_tables import TablesAside, as_cards
from gongkai.site.catalog import (
    Catalog,
    Report,
    Tree,
    folder_title,
    handover,
    load_report,
    place_name,
    shard_of,
    shard_title,
    taken_over,
)
from gongkai.site.markdown_pages import SharedMarkdownPage, share_markdown
from gongkai.site.options import SiteOptions
from gongkai.site.pages import (
    PAGE_FOLDER,
    generated_pages,
    relative_url,
    title_only,
)
from gongkai.site.plain_inline import PlainTextInline
from gongkai.site.readings import READINGS, Readings
from gongkai.site.report_view import compliance_section, report_view, search_record
from gongkai.site.sanitize import clean_html
from gongkai.site.scope import Mode, ShardScope
from gongkai.site.search_index import SiteIndexer
from gongkai.site.statistics import statistics_files
from gongkai.store import atomic_write, links_and_listings

log = logging.getLogger("mkdocs.plugins.gongkai")
_CODE = re.compile(r"^\d{6}$")
_YEAR = re.compile(r"^\d{4}$")
_KEEP_SPACING = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
# What MkDocs reads as a report's front matter: the catalog's parse is handed to the page instead, as parsing
# 10,000 front matters again cost seconds. An empty YAML mapping, so no body line is ever taken for metadata.
_PARSED_ALREADY = "---\n{}\n---\n"
_PAGES_LOGGER = "mkdocs.structure.pages"  # where MkDocs speaks of links between pages
# Pages rendered between two gc.freeze(): the collector's walks of the oldest generation, which grows with every
# page, took 0.64–0.75 s of a group's 38 s at 10,000 reports and 4.6–5.0 s of 158 s at 50,000; freezing every 2,000
# pages, 0.24–0.27 s at 10,000, for the same peak memory.
FREEZE_EVERY = 2000


# What each province's build leaves in site/<code>/ for finish_site, which merges them and (keep_segments=False)
# removes them.
INTERMEDIATES = (f"{search_index.FOLDER}/{search_index.SEGMENT}", open_data.SEGMENT, open_data.TEXTS, sitemap.PAGES)


def finish_site(
    site_dir: Path, site_url: str | None, keep_segments: bool, elsewhere: Mapping[str, Path] | None = None
) -> int:
    """Whatever spans every province, once all are in `site_dir` (or, with their INTERMEDIATES there, in the
    folders `elsewhere` names by province): one search index, one sitemap, the open data. The number of reports
    indexed."""
    started = time.perf_counter()
    codes = search_index.segments_in(site_dir)
    indexed = search_index.merge(site_dir, codes)
    if not keep_segments:  # build intermediates: the merged index holds everything a reader needs
        for code in codes:
            (site_dir / code / search_index.FOLDER / search_index.SEGMENT).unlink()
    sitemap.write(site_dir, site_url, elsewhere or {})
    if not keep_segments:
        for name in (sitemap.PAGES, page_reuse.KEYS, READINGS):
            for intermediate in site_dir.glob(f"*/{name}"):
                intermediate.unlink()
    open_data.merge(site_dir, keep_segments)
    log.info("检索索引与站点地图用时 %.1f 秒，全文检索收录报告 %d 篇", time.perf_counter() - started, indexed)
    return indexed


class GongkaiPlugin(BasePlugin[SiteOptions]):  # type: ignore[no-untyped-call]  # MkDocs' own hook
    """One build of the site. `scope` is set by gongkai.site.build for a sharded build; MkDocs' own commands
    build the whole site."""

    def __init__(self) -> None:
        self.scope = ShardScope()
        self.catalog = Catalog()
        self.meta_of: dict[str, ReportMeta] = {}  # src_uri → front matter of each page rendered here
        self.indexer: SiteIndexer | None = None
        self.sentences: dict[str, frozenset[int]] = {}  # src_uri → hashed sentences of each report rendered here
        self.repeats: dict[str, compliance.Repetition] = {}
        self.rendered_tree: Tree = {}  # the reports rendered here by province, county and year (Catalog.by_place)
        self.organs: list[organ_pages.OrganPage] = []  # the 本机关历年报告 pages, written after MkDocs' own
        self.histories: dict[tuple[str, str], organ_pages.OrganPage] = {}  # each of them by county folder, organ key
        self.nav, self.files = Navigation([], []), Files([])  # as on_nav gave them: the organ pages' place
        self.shells: render_cache.ShellPerFolder | None = None  # the organ pages' theme output, one shell a county
        self.texts: dict[str, str] = {}  # src_uri → the Markdown body of each report, for its full-text bundle
        self.tables_aside = TablesAside()  # generated pages' tables, between their Markdown and their HTML
        # Each generated page's HTML, compressed, between its rendering and its template: MkDocs renders every page
        # before it builds any (reports wait for their turn instead: SharedMarkdownPage.defer).
        self.held: dict[str, bytes] = {}
        # With scope.earlier (gongkai.site.page_reuse): each report's source hashed, and each page's key and address.
        self.sources: dict[str, bytes] = {}
        self.readings = Readings()  # what on_files read of each report rendered here (gongkai.site.readings)
        self.page_keys: dict[str, tuple[str, str]] = {}
        # What other pages show of each keyed page (its title, a generated page's meta), once rendered or kept.
        self.title_and_meta: dict[str, tuple[Any, dict[str, Any]]] = {}
        self.compliance_views: dict[str, Markup] = {}  # computed for the key, until the page is rendered
        self.kept_links = _LinksToKeptPages()  # on MkDocs' logger while pages are kept
        self.rendered = 0  # pages rendered by this build so far
        self.deadline = (4, 1)  # (month, day) of the plugin's `deadline` option, read by on_config

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:  # the generated lists and the portal's links are written as …/name/
            raise PluginError("gongkai 的页面链接按目录形式的网址生成：请在 mkdocs.yml 中保留 use_directory_urls: true")
        self.deadline = _month_day(self.config.deadline)
        config.markdown_extensions.append(PlainTextInline())  # type: ignore[arg-type]  # Markdown takes instances
        config.markdown_extensions.append(NumberedAnchors())  # type: ignore[arg-type]
        # gongkai.site.sitemap writes sitemap.xml from every shard's pages: MkDocs' own would only be overwritten.
        config.theme.static_templates.discard("sitemap.xml")
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.catalog, self.meta_of, self.sentences, self.texts, self.held = Catalog(), {}, {}, {}, {}  # serve reuses it
        self.rendered = 0
        self.sources, self.page_keys, self.title_and_meta, self.compliance_views = {}, {}, {}, {}
        # Provinces another build renders: a stub page each keeps them in this build's sidebar. Their files go
        # first (a province's build looked at all 20,000 files of 10,000 reports), unless this build reads their
        # front matter itself: a portal built after the provinces (`gongkai build --portal`).
        elsewhere = {shard_of(file.src_uri) for file in files if not self.scope.renders(file.src_uri)}
        elsewhere |= self.scope.left_out
        reads_elsewhere = self.scope.mode is Mode.PORTAL and not self.scope.catalogs
        if elsewhere and not reads_elsewhere:
            files = Files([file for file in files if self.scope.renders(file.src_uri)])
        _drop_links(files, config.docs_dir, self.scope.content_dir or Path(config.docs_dir))
        # What the build holds until it ends (MkDocs, the theme, the catalog read here), left out of the garbage
        # collector's walks until on_post_build: they were 0.3 s of a portal's 1.6 s at 10,000 reports. Reading
        # makes no garbage worth a walk meanwhile: paused, a 50,000-report portal's collections took 1.1 s, not 2.1 s.
        with _collector_paused():
            searchable = self._read_reports(files)
        gc.freeze()
        self.repeats = compliance.repetition((uri, self.meta_of[uri], prints) for uri, prints in self.sentences.items())
        self.catalog.repeat_shares.update(compliance.previous_shares(self.repeats))
        self.rendered_tree = Catalog(
            [report for report in self.catalog.reports if report.src_uri in self.meta_of]
        ).by_place()
        self.organs = list(organ_pages.organ_pages(self.rendered_tree, self.deadline))
        self.histories = {(organ.county, organ.key): organ for organ in self.organs}
        # The originals of the reports rendered here (a portal's catalog holds every report, none of their files).
        originals.apply(
            files, (report for report in self.catalog.reports if self.scope.renders(report.src_uri)), config
        )
        if reads_elsewhere:
            files = Files([file for file in files if self.scope.renders(file.src_uri)])
        for src_uri, markdown in self._generated(elsewhere, config.site_name):
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=markdown))
        self.indexer = SiteIndexer.for_reports(Path(config.site_dir), searchable)
        if self.scope.catalog_out is not None:
            catalog = handover(self.catalog.reports, self.catalog.repeat_shares)
            atomic_write(self.scope.catalog_out, catalog, durable=False)  # whole, or not there: the portal waits
        share_markdown(files, config)
        return files

    def _read_reports(self, files: Files) -> list[str]:
        """Every report's front matter into the catalog (a portal build takes what the province builds handed
        over); the URLs of the reports this build renders, for the search index."""
        handed_over: dict[str, ReportMeta] = {}
        for path in self.scope.catalogs:
            metas, shares = taken_over(path.read_bytes())
            handed_over.update(metas)
            self.catalog.repeat_shares.update(shares)
        # A portal build: each page itself is rendered by its province's build, whose files this one left out.
        self.catalog.reports.extend(Report(src_uri, meta) for src_uri, meta in sorted(handed_over.items()))
        searchable: list[str] = []
        self.readings = Readings.left_by(self.scope.earlier, self.scope.provinces)
        for file in list(files.documentation_pages()):  # other provinces' files are out already (on_files)
            try:
                text = file.content_string  # read from disk on each use: read once
                if self.scope.renders(file.src_uri):
                    reading = self.readings.read(file.src_uri, text)
                    loaded = (reading.report, text[reading.body_at :]) if reading is not None else None
                else:  # a report another build renders (a portal reading every province's front matter): parsed only
                    reading, loaded = None, load_report(file.src_uri, text)
            except (yaml.YAMLError, UnicodeDecodeError) as error:  # `gongkai build` checks first; mkdocs may not
                log.warning("%s：元数据无法读取，未发布（%s）", file.src_uri, type(error).__name__)
                loaded = None
            if loaded is None:
                if shard_of(file.src_uri):  # in a report folder, only reports are published
                    files.remove(file)
                continue
            report, body = loaded
            self.catalog.reports.append(report)
            if reading is not None:  # a page this build renders (not a portal's view of a shard)
                self.meta_of[file.src_uri] = report.meta
                if self.scope.earlier is not None:
                    self.sources[file.src_uri] = reading.source
                file.content_string = _PARSED_ALREADY + body
            if shard_of(file.src_uri) and self.scope.mode is not Mode.PORTAL:
                searchable.append(file.url)
        self.sentences = self.readings.sentences()
        return searchable

    def _generated(self, elsewhere: set[str | None], site_name: str) -> Iterable[tuple[str, str]]:
        generated: Iterable[tuple[str, str]] = chain(
            generated_pages(
                self.catalog,
                portal=self.scope.mode is Mode.PORTAL,
                latest_on_home=self.config.latest_on_home,
                deadline=self.deadline,
            ),
            statistics_files(self.catalog, self.deadline, whole=self.scope.mode is not Mode.PROVINCES),
            [
                ("data/index.md", open_data.data_page(LABELS).replace("{site}", str(escape(site_name)))),
                ("data/front-matter.schema.json", json.dumps(json_schema(), ensure_ascii=False, indent=1) + "\n"),
            ],
        )
        if self.scope.mode is Mode.PROVINCES:  # the pages above the provinces are the portal's: here their titles
            generated = (
                (src_uri, markdown if shard_of(src_uri) else title_only(markdown))
                for src_uri, markdown in generated
                if src_uri.endswith(".md") and (shard_of(src_uri) or f"/{PAGE_FOLDER}/" not in src_uri)
            )
        if self.scope.sharded:
            generated = chain(
                generated,
                (
                    (f"{code}/index.md", f"# {escape(shard_title(code))}\n")
                    for code in sorted(code for code in elsewhere if code)
                ),
            )
        return generated

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        nav = _place_names_in(nav)
        _neighbours_across_shards(nav)
        self.nav, self.files = nav, files
        if self.scope.earlier is not None:
            self._keep_pages(self.scope.earlier, nav, files, config)
        return nav

    def _keep_pages(self, earlier: page_reuse.Earlier, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
        """Each page's key (gongkai.site.page_reuse): the reports and generated pages this build publishes. The
        pages whose key is the one the last build of their province (or of the portal) recorded are linked from its
        output, their search fragments indexed again, and not rendered."""
        sidebars = page_reuse.Sidebars(nav, config.theme.get("features") or [])
        # Another plugin may make a page from what no key holds (a git date, another file): then nothing is kept.
        others = [name for name in config.plugins if config.plugins[name] is not self]
        kept = {} if others else {area: page_reuse.EarlierPages(folder) for area, folder in earlier.folders.items()}
        reused = 0
        for file in files.documentation_pages():
            uri, page = file.src_uri, file.page
            meta = self.meta_of.get(uri)
            area = shard_of(uri) or ""  # a province, or "" for the portal's own pages
            if page is None or (meta is None and not (file.generated_by and self._publishes(area))):
                continue
            key = self._page_key(earlier.shared, sidebars.of(page), page, meta, config)
            self.page_keys[uri] = (key, page.url)
            last = kept.get(area)
            # A report's Markdown may link to other files; a generated page links only to what it was made with.
            body = _report_markdown(file) if meta is not None else ""
            if last is None or not page_reuse.reusable_markdown(body):
                continue
            found = last.output(uri, key, file.dest_uri.removeprefix(f"{area}/" if area else ""))
            if found is None:
                continue
            searched = meta is not None and self.indexer is not None and page.url in self.indexer.urls
            if searched and found.fragment is None:
                continue  # a report the last build did not index: rendered, so that search holds it
            page_reuse.link_output(found.html, Path(file.abs_dest_path))
            file.inclusion = InclusionLevel.EXCLUDED  # nor read nor rendered by MkDocs
            page.title, page.meta = found.recorded.title, dict(found.recorded.meta)  # as rendering would set them
            self.title_and_meta[uri] = (page.title, page.meta)
            reused += 1
            if meta is not None:
                self.texts[uri] = body.lstrip("\n")  # the Markdown MkDocs would have read
                if searched and found.fragment is not None and self.indexer is not None:
                    self.indexer.add_kept(search_record(meta, page.url), found.fragment)
        if kept:
            log.info("沿用上次构建的页面 %d 个，重新生成 %d 个", reused, len(self.page_keys) - reused)
        if reused:
            self.kept_links.uris = {file.src_uri for file in files if file.inclusion is InclusionLevel.EXCLUDED}
            logging.getLogger(_PAGES_LOGGER).addFilter(self.kept_links)

    def _publishes(self, area: str) -> bool:
        """Whether this build's pages in `area` (a province, or "" for those above) are published, and so kept."""
        if self.scope.mode is Mode.PROVINCES:
            return area in self.scope.provinces
        return self.scope.mode is Mode.PORTAL and not area

    def _page_key(self, shared: str, sidebar: bytes, page: Page, meta: ReportMeta | None, config: MkDocsConfig) -> str:
        """The key of a report page or a generated one (whose Markdown is all it is made from)."""
        neighbours = (_title_of(page.previous_page, self.meta_of), _title_of(page.next_page, self.meta_of))
        if meta is None:
            source = hashlib.blake2b(page.file.content_bytes).digest()
            return page_reuse.page_key(shared, sidebar, page, source, None, None, neighbours, "")
        uri = page.file.src_uri
        name = str(meta.get("source_file") or "")
        original = Path(config.docs_dir, uri).parent / name
        section = self.compliance_views[uri] = self._compliance_view(uri, page.url, meta)
        return page_reuse.page_key(
            shared,
            sidebar,
            page,
            self.sources[uri],
            original.stat().st_size if name and original.is_file() else None,
            meta.get("title"),
            neighbours,
            section,
        )

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        env.add_extension(UnindentedSource)  # before any template is compiled (and cached: see _template_cache)
        render_cache.install(env, config)
        self.shells = render_cache.ShellPerFolder(env, config, finish=compact_page)
        env.bytecode_cache = _template_cache(config)
        gc.freeze()  # every page is read: what they hold lives until the build ends too (on_files); 0.25 s a group
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.meta_of:  # a copy: on_page_context changes the page's, the feed the catalog's
            page.meta = dict(self.meta_of[page.file.src_uri])
            self.texts[page.file.src_uri] = markdown
        elif page.file.generated_by:
            markdown = self.tables_aside.take(page.file.src_uri, markdown)
        # Titles come from submissions and the templates print them unescaped (nav, breadcrumbs): escape them.
        if page.meta.get("title") is not None:
            page.title = Markup(escape(str(page.meta["title"])))
            if page.file.src_uri in self.meta_of and isinstance(page, SharedMarkdownPage):
                # Titled by its front matter, a report is read by its own template alone: rendered then, in
                # on_page_context, not held from now until then (compressing and decompressing it was 3 % of a page).
                page.defer()
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not (isinstance(page, SharedMarkdownPage) and page.deferred):
            self.held[page.file.src_uri] = zlib.compress(self._cleaned(html, page).encode(), 1)
        page.markdown = ""  # read (and rendered, unless deferred); not None, which MkDocs takes for a page never read
        return ""

    def _cleaned(self, html: str, page: Page) -> str:
        """A page's rendered Markdown made safe to publish, and indexed if it is a report."""
        meta = self.meta_of.get(page.file.src_uri)
        generated = meta is None and bool(page.file.generated_by)  # our own pages: lists, statistics
        clean = clean_html(html, images=generated)
        if generated:  # our generated lists (never a report's own tables), escaped when written
            clean = as_cards(self.tables_aside.put_back(page.file.src_uri, clean))
        if self.indexer is not None and meta is not None and page.url in self.indexer.urls:
            self.indexer.add(search_record(meta, page.url), clean)
        return clean

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        held = self.held.pop(page.file.src_uri, None)
        if held is not None:
            page.content = zlib.decompress(held).decode()
        elif isinstance(page, SharedMarkdownPage) and page.deferred:  # a report: its Markdown is its file's
            page.render_deferred(config, _report_markdown(page.file))
            page.content = self._cleaned(page.content or "", page)
        meta = self.meta_of.get(page.file.src_uri)
        if meta is not None:
            folder = Path(config.docs_dir, page.file.src_uri).parent  # where the original lies beside the Markdown
            view = report_view(page, meta, config, folder)
            uri = page.file.src_uri
            view["compliance"] = self.compliance_views.pop(uri, None) or self._compliance_view(uri, page.url, meta)
            context["report"] = view  # type: ignore[typeddict-unknown-key]  # our template's own variable
            page.meta["description"] = view["description"]  # Material prints it in <meta name="description">
        if page.meta.get("title") is not None:
            # Material prints page.meta.title in <title> and the header, unescaped; the view used the raw value.
            page.meta["title"] = page.title
        return context

    def _compliance_view(self, uri: str, page_url: str, meta: ReportMeta) -> Markup:
        """What the report page says of the rules: when it was published, its parts, what it repeats."""
        repeat = self.repeats.get(uri)
        peer = self.meta_of.get(repeat.peer) if repeat and repeat.peer else None
        return compliance_section(
            compliance.timeliness(meta, self.deadline),
            compliance.parts_present(meta),
            repeat,
            self._history_url(uri, page_url, meta),
            (relative_url(page_url, Report(repeat.peer, peer).url), str(peer.get("title") or ""))
            if repeat and repeat.peer and peer
            else None,
        )

    def _history_url(self, uri: str, page_url: str, meta: ReportMeta) -> str | None:
        """The relative address of the page of this report's organ listing its reports of every year, if any."""
        parts = uri.split("/")  # a src_uri: no leading, trailing or doubled slash
        history = self.histories.get(("/".join(parts[:2]), organ_pages.organ_key(meta))) if len(parts) == 4 else None
        return relative_url(page_url, history.url) if history else None

    def _open_data(self, config: MkDocsConfig) -> dict[str, tuple[list[dict[str, Any]], list[str]]]:
        """Each province's rows of the open data and lines of its full-text bundle, from the reports this build
        rendered (both from one copy of each report's public front matter)."""
        found: dict[str, tuple[list[dict[str, Any]], list[str]]] = {}
        site_url = config.site_url or ""
        for uri, meta in sorted(self.meta_of.items()):
            rows, lines = found.setdefault(shard_of(uri) or "", ([], []))
            row = open_data.public(meta)
            if (markdown := self.texts.get(uri)) is not None:  # its line written before the row adds to the same dict
                lines.append(json.dumps({"front_matter": row, "page": uri, "markdown": markdown}, ensure_ascii=False))
            timely = compliance.timeliness(meta, self.deadline)
            parts = compliance.parts_present(meta)
            repeat = self.repeats.get(uri)
            source = str(meta.get("source_file") or "")
            row.update(
                page_url=site_url + Report(uri, meta).url,
                original_url=site_url + "".join(uri.rpartition("/")[:2]) + originals.published_name(source)
                if source and not originals.original_withheld(meta)
                else None,
                publication_status=timely.status,
                deadline=open_data.cell(timely.deadline),
                days_late=timely.days_late,
                working_days_written_to_published=timely.working_days,
                parts_present=[label for label, present in parts if present],
                parts_missing=[label for label, present in parts if not present],
                repeat_share_previous_year=round(repeat.previous_share, 3)
                if repeat and repeat.previous_share is not None
                else None,
                repeat_share_same_county_year=round(repeat.peer_share, 3)
                if repeat and repeat.peer_share is not None
                else None,
            )
            rows.append(row)
        return found

    def _coverage_rows(self, config: MkDocsConfig) -> dict[str, list[dict[str, Any]]]:
        """compliance.csv's rows of each province: every township of each county and year held here, and each
        county-level organ's report."""
        rows: dict[str, list[dict[str, Any]]] = {}
        for province, counties in sorted(self.rendered_tree.items()):
            for county, by_year in sorted(counties.items()):
                for year, reports in sorted(by_year.items()):
                    entries: list[tuple[str | None, str, str, Report | None, compliance.Timeliness | None]] = [
                        (township.town.code, township.town.name, township.kind, township.report, township.timeliness)
                        for township in compliance.townships(county, reports, self.deadline)
                    ]
                    entries += [
                        (
                            None,
                            str(own.meta.get("publisher") or ""),
                            str(own.meta.get("organ_level") or ""),
                            own,
                            compliance.timeliness(own.meta, self.deadline),
                        )
                        for own in reports
                        if not own.meta.get("town_code")
                    ]
                    rows.setdefault(province, []).extend(
                        _coverage_row(config, province, county, year, *entry) for entry in entries
                    )
        return rows

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.page_keys:  # a report's meta is read by its own page only, kept whole
            self.title_and_meta[page.file.src_uri] = (
                page.title,
                {} if page.file.src_uri in self.meta_of else dict(page.meta),
            )
        page.content = None  # written out: no page's template reads another's content
        self.rendered += 1
        if self.rendered % FREEZE_EVERY == 0:  # what the rendered pages left lives until the build ends too (on_env)
            gc.collect(1)  # the young garbage first, which frozen would stay until then
            gc.freeze()
        return compact_page(output)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own pages (404.html) compacted as every other page, whatever UnindentedSource left."""
        return compact_page(output_content) if template_name.endswith(".html") else output_content

    def on_build_error(self, error: Exception) -> None:
        logging.getLogger(_PAGES_LOGGER).removeFilter(self.kept_links)
        gc.unfreeze()

    def on_post_build(self, config: MkDocsConfig) -> None:
        try:
            self._write_outputs(config)
        finally:
            gc.unfreeze()  # what on_files froze is collected again: `gongkai serve` builds in one process, again

    def _write_outputs(self, config: MkDocsConfig) -> None:
        """What is written once every page is: search segments, page keys, open data, feeds (and, for the whole
        site, its search index and sitemap)."""
        logging.getLogger(_PAGES_LOGGER).removeFilter(self.kept_links)  # every page is rendered: no link is made after
        if self.shells is not None:  # before the sitemap lists the pages on disk
            for destination, html in organ_pages.write(self.organs, self.nav, self.files, config, self.shells):
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(html.encode("utf-8", errors="xmlcharrefreplace"))
        if self.indexer is not None:
            self.indexer.write()
            for code in self.indexer.segments:  # every province rendered here, each now holding all its pages
                sitemap.write_pages(Path(config.site_dir) / code)
        if self.scope.earlier is not None:
            self._write_keys(Path(config.site_dir))
            for code in self.indexer.segments if self.indexer is not None else ():
                self.readings.write(Path(config.site_dir) / code, code)
        coverage = self._coverage_rows(config)
        for code, (rows, lines) in self._open_data(config).items():
            if code:
                open_data.write_segment(Path(config.site_dir) / code, rows, coverage.get(code, []))
                open_data.write_texts(Path(config.site_dir) / code, lines)
        if self.scope.mode is Mode.WHOLE:
            finish_site(Path(config.site_dir), config.site_url, keep_segments=False)
        if not config.site_url:
            log.warning(
                "mkdocs.yml 未设置 site_url：无法生成 %s（订阅源需要完整网址），请在 mkdocs.yml 中设置 site_url",
                feed.FEED_FILE,
            )
            return
        if self.scope.mode is not Mode.PROVINCES:  # a province group's pages above its provinces are discarded
            for path, document in feed.site_feeds(
                self.catalog, config.site_url, config.site_name, self.config.feed_size
            ).items():
                Path(config.site_dir, path).parent.mkdir(exist_ok=True)
                Path(config.site_dir, path).write_bytes(document)
        self._place_feeds(config)

    def _write_keys(self, site_dir: Path) -> None:
        """What each page's next build needs to keep it (page_reuse.Recorded), by province (or "": the portal)."""
        numbers = self.indexer.numbers() if self.indexer is not None else {}
        by_area: dict[str, dict[str, page_reuse.Recorded]] = {}
        for uri, (key, url) in self.page_keys.items():
            if uri not in self.title_and_meta:  # neither rendered nor kept: nothing to keep next time
                continue
            title, meta = self.title_and_meta[uri]
            recorded = page_reuse.Recorded(key, numbers.get(url, -1), title, meta)
            by_area.setdefault(shard_of(uri) or "", {})[uri] = recorded
        for area, pages in by_area.items():
            page_reuse.write_keys(site_dir / area, pages)

    def _place_feeds(self, config: MkDocsConfig) -> None:
        """A feed for each province and county this build renders (<code>/feed.xml, <code>/<county>/feed.xml)."""
        places: dict[str, list[Report]] = {}
        for report in self.catalog.reports:
            if report.src_uri not in self.meta_of or shard_of(report.src_uri) in (None, UNPLACED):
                continue
            province, county = report.src_uri.split("/", 2)[:2]
            places.setdefault(f"{province}/", []).append(report)
            places.setdefault(f"{province}/{county}/", []).append(report)
        written: dict[str, str] = {}  # a report is in its province's feed and its county's: its entry written once
        for folder, reports in sorted(places.items()):
            codes = folder.strip("/").split("/")
            name = "".join(place_name(code) if index == 0 else folder_title(code) for index, code in enumerate(codes))
            document = feed.atom_feed(
                Catalog(reports),
                str(config.site_url),
                config.site_name,
                self.config.feed_size,
                folder,
                name,
                written=written,
            )
            Path(config.site_dir, folder, feed.FEED_FILE).write_bytes(document)


class _LinksToKeptPages(logging.Filter):
    """MkDocs says, at INFO, of each link to a page it does not render that the page is "excluded from the built
    site"; a page kept from the last build (`uris`) is published all the same, so that is not said of it."""

    _MESSAGE = re.compile(r"contains a link to '(.*)' which is excluded from the built site")

    def __init__(self) -> None:
        super().__init__()
        self.uris: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.uris:
            return True
        found = self._MESSAGE.search(record.getMessage())
        return found is None or found.group(1) not in self.uris


def _coverage_row(
    config: MkDocsConfig,
    province: str,
    county: str,
    year: int,
    town_code: str | None,
    organ: str,
    kind: str,
    report: Report | None,
    timely: compliance.Timeliness | None,
) -> dict[str, Any]:
    """One row of compliance.csv: a township's or a county organ's report of a year, or 未收录."""
    return {
        "province_code": province,
        "county_code": county,
        "town_code": town_code,
        "organ": organ,
        "organ_kind": kind,
        "report_year": year,
        "publication_status": timely.status if timely else "未收录",
        "published_date": open_data.cell(report.meta.get("published_date")) if report else None,
        "days_late": timely.days_late if timely else None,
        "parts_present": [label for label, present in compliance.parts_present(report.meta) if present]
        if report
        else [],
        "page_url": (config.site_url or "") + report.url if report else None,
    }


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _template_cache(config: MkDocsConfig) -> FileSystemBytecodeCache | None:
    """Material's templates compiled once for the project, not again by every build process (0.35 s each)."""
    if not config.config_file_path:
        return None
    # Jinja's own checks cover the source and Python's version; a folder per Jinja version covers its compiler, and
    # per UnindentedSource.version what on_env does to the source first (which Jinja's checks do not see).
    folder = compiled_templates(Path(config.config_file_path).parent) / (
        f"jinja-{metadata.version('jinja2')}-{UnindentedSource.version()}"
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only checkout compiles them in every build, nothing worse
        return None
    return FileSystemBytecodeCache(str(folder))


def _drop_links(files: Files, docs_dir: str, content_dir: Path) -> None:
    """A link in content/ would publish whatever it points to on the building machine: a linked file, and every
    file below a linked folder (MkDocs follows folder links while it lists docs_dir). The links are found by the
    walk `gongkai check` makes, which follows none (resolving each file's path took 1.1 s at 10,000 reports, in
    every build process), over content/ itself when docs_dir is the build's folder of links into it
    (ShardScope.content_dir); the theme's own files are each looked at."""
    links = {link.relative_to(content_dir).as_posix() for link in links_and_listings(content_dir)[0]}
    for file in list(files):
        if not file.abs_src_path:
            continue
        if file.src_dir == docs_dir:
            parts = file.src_uri.split("/")
            linked = bool(links) and any("/".join(parts[: depth + 1]) in links for depth in range(len(parts)))
        else:
            linked = os.path.islink(file.abs_src_path)
        if linked:
            log.warning("%s：是符号链接或在链接的文件夹中，未发布", file.src_uri)
            files.remove(file)


class UnindentedSource(Extension):
    """Material's templates (and ours) without the indentation of their lines, their blank lines and the line breaks
    of lines holding only statements, taken out before they are compiled: two thirds of a page's lines and a
    quarter of its characters were those, which Jinja wrote out and compact_page took out again. compact_page turns
    every run of whitespace holding a line break into one line break, so its result is the same; a template holding
    text kept as written (pre, textarea, a raw block) is left whole."""

    _INDENTATION = re.compile(r"\n[ \t\r\n]+")  # and the blank lines: what compact_page makes of them
    # A line holding only statements that write nothing themselves (if, for, with, an assignment, an import), after
    # a line break: its own line break goes, as the one before it still separates what comes before from what
    # comes after. Not after a block or an include, whose text comes from elsewhere and may not end in a break, nor
    # after {%- (which takes the break before it away).
    _STATEMENT_LINE = re.compile(
        r"(?<=\n)((?:\{%\s*(?:(?:end)?if|elif|else|(?:end)?for|(?:end)?with|import|from|set\s+[\w\s,.]+=)\b[^%]*%\})+)\n"
    )
    _VERBATIM = re.compile(r"<(?:pre|textarea)\b|\{%-?\s*raw\b", re.IGNORECASE)

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if self._VERBATIM.search(source):
            return source
        return self._STATEMENT_LINE.sub(r"\1", self._INDENTATION.sub("\n", source))

    @classmethod
    def version(cls) -> str:
        """What compiled templates depend on besides their source, which Jinja's bytecode cache sees alone: this
        class's own code (its patterns and what it does with them)."""
        return hashlib.blake2b(inspect.getsource(cls).encode(), digest_size=4).hexdigest()


def _report_markdown(file: File) -> str:
    """A report's Markdown as MkDocs reads it from its file (mkdocs.utils.meta.get_data, after _PARSED_ALREADY)."""
    return file.content_string.removeprefix(_PARSED_ALREADY).lstrip("\n")


def compact_page(output: str) -> str:
    """Material's templates indent every line, and loop over a section's children even where they print nothing:
    that whitespace was half of a page and grew with the number of reports. A newline keeps each gap a gap; nothing
    is kept before the page's first character (the templates' leading statements leave a break there or not,
    depending on UnindentedSource)."""
    parts = _KEEP_SPACING.split(output.lstrip())  # nothing before <!doctype html>
    # split() returns text, then each kept element and its tag name: only the text between is compacted.
    return "".join(part if index % 3 else _compact(part) for index, part in enumerate(parts))


def _title_of(page: Page | None, meta_of: Mapping[str, ReportMeta]) -> str | None:
    """What a neighbouring page is titled by: a report's front matter, another page's opening (its front matter and
    first heading)."""
    if page is None:
        return None
    meta = meta_of.get(page.file.src_uri)
    if meta is not None:
        return str(meta.get("title"))
    return title_only(page.file.content_string)


def _neighbours_across_shards(nav: Navigation) -> None:
    """A previous or next page in another province is that province's index page: its first or last page proper
    depends on its reports, which another process may build (a province's own pages would then depend on the
    others', and the sharded build would differ from the one-process build)."""
    indexes = {page.file.src_uri: page for page in nav.pages if page.file.src_uri.endswith("/index.md")}
    for page in nav.pages:
        here = shard_of(page.file.src_uri)
        for side in ("previous_page", "next_page"):
            neighbour = getattr(page, side)
            there = shard_of(neighbour.file.src_uri) if neighbour is not None else None
            if there is not None and there != here:
                setattr(page, side, indexes.get(f"{there}/index.md", neighbour))


def _section_title(section: Section) -> str:
    folder = section.title
    if _CODE.match(folder):
        return folder_title(folder)
    if _YEAR.match(folder):
        return f"{folder}年"
    return {"years": "按年度浏览", "search": "全文检索", "stats": "统计", "data": "数据下载"}.get(
        folder.lower(), folder
    )


def _fold_generated_folders(section: Section) -> None:
    """Folders of generated pages below a section stay out of the sidebar (it would grow with N), and their pages
    take the section as their parent: page 2, 3 … of a long table (page/2/), whose breadcrumb still reads 首页 ›
    重庆市 › 大足区 › 2024年, where MkDocs made a section of the folder (Page › 2)."""
    for child in list(section.children):
        if isinstance(child, Section) and child.title.lower() == PAGE_FOLDER:  # as MkDocs titles it
            section.children.remove(child)
            for numbered in child.children:  # page/2/, page/3/ …, each holding its index.md
                for page in numbered.children if isinstance(numbered, Section) else [numbered]:
                    page.parent = section


def _sections(items: list[StructureItem]) -> Iterator[Section]:
    for item in items:
        if isinstance(item, Section):
            yield item
            yield from _sections(item.children)


def _top_folder(section: Section) -> str | None:
    """The content folder of a top-level section, read from its index page (MkDocs titles it from the name)."""
    for child in section.children:
        if isinstance(child, Page) and child.file.src_uri.endswith("/index.md"):
            return child.file.src_uri.split("/", 1)[0]
    return None


def _place_names_in(nav: Navigation) -> Navigation:
    """Sections titled with place names, and a sidebar whose size does not grow with the reports."""
    shards = {
        id(item): folder
        for item in nav.items
        if isinstance(item, Section) and (folder := _top_folder(item)) and is_shard(folder)
    }
    for section in list(_sections(nav.items)):
        _fold_generated_folders(section)
        section.title = shard_title(shards[id(section)]) if id(section) in shards else _section_title(section)
    for shard in (item for item in nav.items if id(item) in shards):
        # Its counties (up to 183), or the unplaced reports, would be listed in the sidebar of every page below
        # it: the sidebar keeps the shard's index page, and the pages below keep their parents, so breadcrumbs
        # still show the way.
        shard.children = [child for child in shard.children if isinstance(child, Page) and child.is_index]
    # A section left with its index page alone shows as that page (no arrow promising more); the page keeps the
    # section as its parent, so its breadcrumb still ends in the section's name.
    nav.items = [
        item.children[0] if isinstance(item, Section) and len(item.children) == 1 else item for item in nav.items
    ]
    return nav


def _month_day(option: str) -> tuple[int, int]:
    """The plugin's `deadline` option, "MM-DD": a day every year has (not 02-29)."""
    try:
        month, day = (int(part) for part in option.split("-"))
        dt.date(2023, month, day)
    except ValueError:
        raise PluginError(
            f"mkdocs.yml 中 gongkai 插件的 deadline 应为“月-日”（如 04-01，即次年4月1日前公开），现为 {option!r}"
        ) from None
    return month, day


def _compact(text: str) -> str:
    r"""Every run of whitespace holding a line break, as one line break: what re.sub(r"\s*\n\s*", "\n", text)
    gives (str.strip() and \s agree on what whitespace is), in a third of the time."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    kept = [stripped for line in lines[1:-1] if (stripped := line.strip())]
    return "\n".join([lines[0].rstrip(), *kept, lines[-1].lstrip()])
