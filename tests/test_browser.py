"""The built site in Debian's chromium, served on 127.0.0.1 under the site_url path as production serves it.

Every test fails if the page requests anything outside 127.0.0.1 or throws a script error, and leaves a
screenshot (final.png) in its tmp_path.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Page, Route, ViewportSize, sync_playwright

from site_fixtures import (
    BEIZI,
    HOSTILE_TITLE,
    JIAQIAO,
    SAMPLES,
    SITE_PATH,
    SYNTHETIC_YEAR,
    UNPLACED_TITLES,
    YOUTING,
    BuiltSite,
    Sample,
)

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PHONE: ViewportSize = {"width": 375, "height": 800}


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """site/ under SITE_PATH, and 404.html (status 404) for anything missing, as a web server is set up."""

    def translate_path(self, path: str) -> str:
        local = urlsplit(path).path
        if not local.startswith(SITE_PATH):
            return str(Path(self.directory) / "-outside-the-site-")
        return super().translate_path("/" + local.removeprefix(SITE_PATH))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # the base class's signature
        pass


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    handler = functools.partial(_SiteHandler, directory=str(built_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}"
    server.shutdown()


@pytest.fixture(scope="module")  # Playwright's sync API runs a loop: closed before other modules drive a browser
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests drive Debian's chromium; install it with "
                    "`bash scripts/ensure-system-packages.sh` (make test runs it)")
    with sync_playwright() as playwright:  # type: Playwright
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, tmp_path: Path) -> Iterator[Page]:
    """A fresh tab that blocks and reports any request leaving 127.0.0.1, and any script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    outside: list[str] = []
    errors: list[str] = []

    def guard(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    tab.screenshot(path=tmp_path / "final.png", full_page=True)
    context.close()
    assert not outside, f"requests left the site: {outside}"
    assert not errors, f"script errors: {errors}"


def _search(page: Page, url: str) -> list[str]:
    """Open the search page at `url` and return the result titles once the search has finished."""
    page.goto(url)
    page.wait_for_selector(".gk-results[aria-busy=false]", state="attached")
    return page.locator(".gk-results__title").all_inner_texts()


def _tab_to(page: Page, selector: str, limit: int = 30) -> None:
    """Press Tab from the top of the page until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    pytest.fail(f"{selector} is not reachable with the Tab key")


def test_browse_from_home_to_a_report_and_back_by_breadcrumb(page: Page, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url)
    page.locator("article table a", has_text="重庆市").click()
    page.locator("article table a", has_text="大足区").click()
    page.locator("article table a", has_text="2024年").click()
    page.locator("article table a", has_text=YOUTING.title).click()
    assert page.url == site_url + YOUTING.url
    assert page.locator("article h1").inner_text() == YOUTING.title
    page.screenshot(path=tmp_path / "report.png")
    page.locator("nav.md-path a", has_text="大足区").click()
    assert page.url == site_url + "500000/500111/"
    page.locator("nav.md-path a", has_text="首页").click()
    assert page.url == site_url


def test_metadata_table_shows_the_report_values(page: Page, site_url: str) -> None:
    page.goto(site_url + YOUTING.url)
    rows = page.locator("table.report-meta tr")
    shown = {row.locator("th").inner_text(): row.locator("td").inner_text() for row in rows.all()}
    assert shown["发文字号"] == "邮亭委文〔2025〕1号"
    assert shown["成文日期"] == "2025年1月8日"
    assert shown["发布机构"] == "重庆市大足区邮亭镇人民政府"
    assert "索引号" not in shown
    assert page.locator("p.closing").first.evaluate("(p) => getComputedStyle(p).textAlign") == "right"


@pytest.mark.parametrize(("sample", "original"), [(BEIZI, "410423208-fzzf.docx"), (JIAQIAO, "430725115-fzzf.html")])
def test_download_returns_the_original_bytes(page: Page, site_url: str, built_site: BuiltSite, sample: Sample,
                                             original: str, tmp_path: Path) -> None:
    page.goto(site_url + sample.url)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载原件").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.read_bytes() == (built_site.root / "content" / Path(sample.src).parent / original).read_bytes()


def test_search_finds_a_word_inside_sentences(page: Page, site_url: str) -> None:
    titles = _search(page, site_url + "search/?q=" + quote("普法") + "&year=" + quote("2024年"))
    assert sorted(titles) == sorted([sample.title for sample in SAMPLES] + [HOSTILE_TITLE, *UNPLACED_TITLES])
    assert set(page.locator(".gk-results__snippet mark").all_inner_texts()) == {"普法"}


@pytest.mark.parametrize("sample", [YOUTING, JIAQIAO], ids=["youting", "jiaqiao"])
def test_search_from_the_header_finds_a_township_with_the_keyboard(page: Page, site_url: str, sample: Sample) -> None:
    page.goto(site_url)
    _tab_to(page, "#gk-search-header")
    page.keyboard.type(sample.town)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    page.wait_for_selector(".gk-results[aria-busy=false]", state="attached")
    # The town's own report first; reports that merely mention the town follow (the synthetic ones quote it).
    assert page.locator(".gk-results__title").first.inner_text() == sample.title
    assert set(page.locator(".gk-results__snippet mark").all_inner_texts()) == {sample.town}


def test_search_finds_a_document_number(page: Page, site_url: str) -> None:
    assert _search(page, site_url + "search/?q=" + quote("邮亭委文〔2025〕1号")) == [YOUTING.title]


def test_search_filters_narrow_the_results(page: Page, site_url: str) -> None:
    _search(page, site_url + "search/?q=" + quote("普法") + "&year=" + quote("2024年"))
    filters = page.locator("details.gk-searchpage__filters")
    assert filters.get_attribute("open") is not None  # opened because the address named a filter
    page.wait_for_selector("select[name=province] option[value='河南省']", state="attached")
    page.locator("select[name=province]").select_option("河南省")
    page.wait_for_selector(".gk-results[aria-busy=false]", state="attached")
    page.wait_for_function("document.querySelectorAll('.gk-results__title').length === 1")
    assert page.locator(".gk-results__title").all_inner_texts() == [BEIZI.title]
    assert "province=" in page.url


@pytest.mark.parametrize("url", ["", "500000/", "500000/500111/2024/", YOUTING.url, f"years/{SYNTHETIC_YEAR}/",
                                 "search/?q=" + quote("普法")])
def test_nothing_overflows_a_phone_screen(page: Page, site_url: str, url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site_url + url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


def test_large_text_mode_works_with_the_keyboard_and_is_remembered(page: Page, site_url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site_url + YOUTING.url)
    paragraph = page.locator("article p").nth(2)
    normal = paragraph.evaluate("(p) => parseFloat(getComputedStyle(p).fontSize)")
    _tab_to(page, "[data-gk-large-text]")
    page.keyboard.press("Enter")
    assert page.locator("[data-gk-large-text]").get_attribute("aria-pressed") == "true"
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('gk-large')")
    assert paragraph.evaluate("(p) => parseFloat(getComputedStyle(p).fontSize)") > normal * 1.2
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


@pytest.mark.parametrize("url", ["", "500000/500111/2024/", YOUTING.url, "search/?q=" + quote("普法")])
def test_axe_finds_no_serious_accessibility_violation(page: Page, site_url: str, url: str) -> None:
    page.goto(site_url + url)
    page.wait_for_load_state("networkidle")
    violations = Axe().run(page).response["violations"]
    serious = [f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:3]}" for v in violations
               if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(serious)


def test_print_shows_the_metadata_table_and_text_on_a4(page: Page, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + YOUTING.url)
    assert page.get_by_role("button", name="打印本页").is_visible()
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".gk-tools",
                   ".report-actions"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("table.report-meta").is_visible()
    assert "FangSong" in page.locator("article").evaluate("(a) => getComputedStyle(a).fontFamily")
    pdf = page.pdf(path=tmp_path / "report.pdf", prefer_css_page_size=True)
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+ [\d.]+)\]", pdf)
    boxes = {tuple(round(float(side)) for side in size.split()) for size in sizes}
    assert boxes == {(595, 842)}, f"not A4 (595 × 842 pt): {boxes}"


def test_a_missing_page_gets_the_chinese_404(page: Page, site_url: str) -> None:
    response = page.goto(site_url + "no/such/report/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "页面未找到（404）"
    assert page.locator(".md-header").evaluate("(h) => getComputedStyle(h).backgroundColor") == "rgb(168, 21, 27)"
    page.get_by_role("link", name="返回首页").click()
    assert page.url == site_url


def test_pages_download_no_search_index_or_sitemap(page: Page, site_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for url in ("", YOUTING.url):
        page.goto(site_url + url)
        page.wait_for_load_state("networkidle")
    assert not [url for url in requested if re.search(r"search_index\.json|sitemap\.xml|lunr|/search-index/", url)]
