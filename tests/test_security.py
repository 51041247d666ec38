"""Nothing a submission carries can run in a reader's browser: the XSS corpus through every channel.

The corpus (tests/xss_vectors.py) goes in through a saved portal page, Word hyperlinks, a Markdown file with
front matter, a text file, and a report whose every front-matter field a person overwrote. After ingest and a
strict build, every built HTML page is parsed, and a browser loads the affected pages and must see no dialog.
"""

from __future__ import annotations

import functools
import html
import http.server
import re
import subprocess
import threading
from pathlib import Path

import pypandoc
import pytest
import yaml
from bs4 import BeautifulSoup

import chromium
from gongkai import config as settings
from gongkai import store
from gongkai.ingest import ingest
from gongkai.site.build import build_site
from gongkai.site.sanitize import clean_html
from xss_vectors import ALL, LINK_TARGETS, MARKDOWN, MARKUP

pytestmark = pytest.mark.slow

FILLER = "2024年，我镇坚持以习近平新时代中国特色社会主义思想为指导，深入推进法治政府建设，全年开展普法宣传活动12场次。"
TITLE = "大足区邮亭镇2024年法治政府建设情况报告"
EVENT_ATTRIBUTE = re.compile(r"^on", re.IGNORECASE)
BAD_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data|livescript)\s*:", re.IGNORECASE)
FORBIDDEN_TAGS = (
    "iframe",
    "object",
    "embed",
    "base",
    "meta[http-equiv]:not([http-equiv=Content-Security-Policy])",
    "frame",
    "applet",
    "math",
    "svg script",
    "link[href^=javascript]",
)
# The site's own policy, first in <head> of every page: what a browser enforces besides these tests.
CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'"
# Inside the article (what a submission fills), no interactive element at all; the theme's own search form and
# drawer toggles live outside it.
FORBIDDEN_IN_ARTICLE = ("form", "input", "button:not([data-gk-print])", "select", "textarea", "style", "img[src^=data]")


def _html_page() -> bytes:
    paragraphs = "".join(f"<p>{FILLER}{vector}</p>" for vector in MARKUP)
    links = "".join(
        f'<p>{FILLER}<a href="{html.escape(target)}">链接{index}</a></p>' for index, target in enumerate(LINK_TARGETS)
    )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<meta name='ArticleTitle' content='{html.escape(TITLE + MARKUP[3])}'>"
        "<meta name='PubDate' content='2025-03-28 10:00'><meta name='ContentSource' content='重庆市大足区邮亭镇'>"
        f"<title>{TITLE}</title><script>alert('page')</script></head>"
        f"<body onload=\"alert('body')\"><div class='article'><h1>{TITLE}</h1>{paragraphs}{links}</div></body></html>"
    ).encode()


def _docx(tmp_path: Path) -> Path:
    links = "".join(
        f'<p>{FILLER}<a href="{html.escape(target)}">链接{index}</a></p>' for index, target in enumerate(LINK_TARGETS)
    )
    text = "".join(f"<p>{FILLER}{html.escape(vector)}</p>" for vector in MARKUP + MARKDOWN)
    source = (
        f"<html><body><p>重庆市大足区邮亭镇人民政府</p><p>2024年法治政府建设情况报告</p>{text}{links}</body></html>"
    )
    target = tmp_path / "links.docx"
    pypandoc.convert_text(source, "docx", format="html", outputfile=str(target))
    return target


def _markdown() -> str:
    front = {
        "title": "<img src=x onerror=alert('title')>",
        "publisher": "<script>alert('publisher')</script>",
        "doc_number": '"><svg/onload=alert(1)>',
        "keywords": ["<b onmouseover=alert(1)>x</b>", "javascript:alert(1)"],
        "report_year": 2024,
        "province": "重庆市",
    }
    body = "\n\n".join(f"{FILLER}{vector}" for vector in MARKDOWN + MARKUP)
    return (
        "---\n"
        + yaml.safe_dump(front, allow_unicode=True)
        + "---\n\n# 重庆市大足区邮亭镇2024年法治政府建设情况报告\n\n"
        + body
        + "\n"
    )


def _overwrite_every_field(markdown_path: Path) -> None:
    """A person (or a malicious pull request) puts a vector into every free-text front-matter field."""
    data, _raw, body = store.split(markdown_path.read_text("utf-8"))
    vectors = iter(MARKUP * 2)
    for name in ("title", "publisher", "doc_number", "signer", "recipient", "index_no", "topic", "town"):
        data[name] = next(vectors)
    data["town_code"] = None  # a town name of the clerk's own (a code would have to match the gazetteer's name)
    # Valid as a web address (build refuses any other scheme: see test_a_javascript_source_url_stops_the_build).
    data["source_url"] = "https://example.gov.cn/\"><script>alert('url')</script>"
    data["issuers"] = [next(vectors), next(vectors)]
    data["keywords"] = [next(vectors)]
    data["review"] = [next(vectors)]
    # And raw HTML typed straight into the Markdown body: only the page sanitiser (nh3) stands in its way.
    raw_html = "\n\n".join(MARKUP + [f"[点我]({target})" for target in LINK_TARGETS if "\n" not in target])
    markdown_path.write_text(
        "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body + "\n" + raw_html + "\n",
        "utf-8",
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    repo = Path(__file__).resolve().parent.parent
    subprocess.run(
        ["cp", "-r", str(repo / "site_overrides"), str(repo / "mkdocs.yml"), str(repo / "pyproject.toml"), str(root)],
        check=True,
    )
    (root / "content").mkdir(exist_ok=True)
    inbox = root / "inbox"
    inbox.mkdir()
    (inbox / "page.html").write_bytes(_html_page())
    (inbox / "report.md").write_text(_markdown(), "utf-8")
    (inbox / "plain.txt").write_text(f"{TITLE}\n" + "\n".join(f"{FILLER}{vector}" for vector in ALL) + "\n", "utf-8")
    docx = _docx(root)
    config = settings.load(root)
    outcomes = ingest([inbox, docx], config, keep=True)
    assert all(outcome.status == "added" for outcome in outcomes), [(o.source.name, o.message) for o in outcomes]
    victim = outcomes[0].markdown
    assert victim is not None
    _overwrite_every_field(victim)
    assert build_site(config, strict=False) == 0
    return root / "site"


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _theme_script(tag: object, site: Path) -> bool:
    """The theme's own scripts and ours: local files, or Material's JSON configuration block."""
    src = tag.get("src")  # type: ignore[attr-defined]
    if src:
        return not re.match(r"^\w+:", src) and not src.startswith("//")
    return tag.get("type") == "application/json" and tag.get("id") == "__config"  # type: ignore[attr-defined]


def test_built_pages_carry_no_executable_content(hostile_site: Path) -> None:
    pages = _pages(hostile_site)
    assert len(pages) >= 8
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        where = page.relative_to(hostile_site)
        for tag in soup.find_all(True):
            for attribute, value in tag.attrs.items():
                assert not EVENT_ATTRIBUTE.match(attribute), f"{where}: <{tag.name} {attribute}>"
                values = value if isinstance(value, list) else [value]
                if attribute in ("href", "src", "action", "formaction", "data", "xlink:href", "background", "poster"):
                    for item in values:
                        assert not BAD_SCHEME.match(item), f"{where}: {attribute}={item!r}"
                if attribute == "style":
                    assert "url(" not in str(value).lower() and "expression(" not in str(value).lower(), (
                        f"{where}: style={value!r}"
                    )
        for selector in FORBIDDEN_TAGS:
            assert not soup.select(selector), f"{where}: {selector}"
        policies = soup.select("meta[http-equiv=Content-Security-Policy]")
        assert [(policy.parent.name, policy.get("content")) for policy in policies] == [("head", CSP)], where
        # The search page's own form is ours (site_overrides/search.html); every other article holds submission text.
        for article in soup.select("article") if where.parts[0] != "search" else []:
            for selector in FORBIDDEN_IN_ARTICLE:
                assert not article.select(selector), f"{where}: {selector} in the article"
        for script in soup.find_all("script"):
            assert _theme_script(script, hostile_site), f"{where}: {script!s:.200}"


@pytest.mark.parametrize("vector", MARKUP)
def test_the_page_sanitiser_removes_every_markup_vector(vector: str) -> None:
    soup = BeautifulSoup(clean_html(f"<p>{vector}</p>"), "lxml")
    for tag in soup.find_all(True):
        assert tag.name in ("html", "body", "p", "a", "table", "tbody", "tr", "td", "div", "b"), tag.name
        assert not any(EVENT_ATTRIBUTE.match(name) or name == "style" for name in tag.attrs)
        assert not BAD_SCHEME.match(str(tag.get("href", "")))


def test_vectors_are_shown_as_text(hostile_site: Path) -> None:
    """Escaped, not dropped silently: a reader sees what the document said."""
    pages = "".join(page.read_text("utf-8") for page in _pages(hostile_site))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages
    assert "&lt;img src=x onerror=alert(" in pages


@pytest.mark.browser
def test_no_dialog_and_no_injected_script_runs_in_a_browser(hostile_site: Path) -> None:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dialogs: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(f"http://127.0.0.1:{server.server_port}/")
                    else route.abort()
                ),
            )
            for path in _pages(hostile_site):
                url = f"http://127.0.0.1:{server.server_port}/{path.relative_to(hostile_site).as_posix()}"
                page.goto(url, wait_until="load")
                for link in page.locator("article a").all()[:40]:
                    link.hover(timeout=2000)
            browser.close()
    finally:
        server.shutdown()
    assert dialogs == []


def test_corpus_has_at_least_thirty_vectors() -> None:
    assert len(set(ALL)) >= 30


def test_a_javascript_source_url_stops_the_build(tmp_path: Path) -> None:
    """Build validates first: a javascript: address typed into the front matter never reaches a page."""
    repo = Path(__file__).resolve().parent.parent
    root = tmp_path / "project"
    root.mkdir()
    for name in ("content", "mkdocs.yml", "pyproject.toml", "site_overrides"):
        subprocess.run(["cp", "-r", str(repo / name), str(root)], check=True)
    report = root / "content/410000/410423/2024/410423208-fzzf.md"
    report.write_text(
        report.read_text("utf-8").replace("source_url: null", "source_url: javascript:alert(1)", 1), "utf-8"
    )
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("previous site", "utf-8")
    assert build_site(settings.load(root), strict=False) == 1
    assert (root / "site" / "index.html").read_text("utf-8") == "previous site"


@pytest.mark.parametrize("line", ["~~~", "~~~~ 分隔线 ~~~~", "```", "``` python", "  ~~~"])
def test_fence_lines_of_text_exports_never_open_a_code_block(line: str) -> None:
    """With any fence extension on (Material's and Zensical's defaults), the text between two separator lines must
    still be text."""
    import markdown

    from gongkai.write import escape

    html = markdown.markdown(
        "\n\n".join([escape(line), escape("中间的正文。"), escape(line)]), extensions=["fenced_code"]
    )
    assert "<code>" not in html and "中间的正文。" in html
