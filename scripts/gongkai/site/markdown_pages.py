"""Pages converted by one Markdown instance per build, reset between pages, instead of one instance per page.

MkDocs' Page.render builds a new Markdown instance for every page: every extension registered, every processor
and pattern made again, about a twentieth of what a report page costs. Python-Markdown is made to be reused
(Markdown.reset). These pages render as MkDocs' own do otherwise: its per-page processors (raw HTML anchors,
anchor and link checks, relative links, the title) are registered on the shared instance for each page, replacing
the last page's by name. MkDocs takes pages a plugin sets as File.page (mkdocs.structure.nav); tests/test_site.py
builds the site again with MkDocs' own pages and compares every page. A body gongkai.site.written_markdown can
render (a report as the writer writes it) does not reach Python-Markdown at all.
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from gongkai.site.written_markdown import WrittenMarkdown


class SharedMarkdownPage(mkdocs_pages.Page):
    def __init__(
        self, file: File, config: MkDocsConfig, converter: markdown.Markdown, written: WrittenMarkdown
    ) -> None:
        super().__init__(None, file, config)
        self._converter = converter
        self._written = written
        self.deferred = False
        self._files: Files | None = None  # a deferred page's: what its links are checked against

    def defer(self) -> None:
        """Render it when its template is (render_deferred), not while MkDocs reads every page: what MkDocs renders
        then is held until the page's turn comes. For a page no other reads the title or table of contents of."""
        self.deferred = True

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """mkdocs.structure.pages.Page.render, with the shared converter; a deferred page's later."""
        if self.deferred:
            self._files = files
            self.content = ""  # rendered by render_deferred
            return
        self._render(config, files)

    def render_deferred(self, config: MkDocsConfig, markdown_text: str) -> None:
        """The deferred page rendered from `markdown_text`, as render would have."""
        assert self._files is not None, "not deferred, or not read by MkDocs yet"
        self.markdown = markdown_text
        self._render(config, self._files)
        self.markdown = ""

    def _render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        written = self._written.render(self.markdown)
        if written is not None:
            self.content = written.html
            self.toc = get_toc(written.toc_tokens)
            self._title_from_render = written.title
            self.present_anchor_ids = written.anchor_ids
            if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
                self.links_to_anchors = {}  # the body holds no link
            return
        md = self._converter
        md.reset()
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(self.file, files, config)
        anchors._register(md)
        relative_paths = mkdocs_pages._RelativePathTreeprocessor(self.file, files, config)
        relative_paths._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = title.title
        self.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_paths.links_to_anchors


def share_markdown(files: Files, config: MkDocsConfig) -> None:
    """Give every Markdown page of the build one converter (called from on_files, before MkDocs makes pages)."""
    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
    written = WrittenMarkdown(converter)  # before MkDocs registers its processors on the converter, page by page
    for file in files.documentation_pages():
        if file.page is None:
            SharedMarkdownPage(file, config, converter, written)
