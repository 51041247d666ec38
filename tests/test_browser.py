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

import chromium
from gongkai.site.organ_pages import ORGAN_FOLDER
from site_fixtures import (
    BEIZI,
    HOSTILE_TITLE,
    JIAQIAO,
    SAMPLES,
    SITE_PATH,
    SITE_URL,
    SYNTHETIC_YEAR,
    UNPLACED_TITLES,
    YOUTING,
    BuiltSite,
    Sample,
)
from synthetic import copy_project, run_gongkai, write_corpus

pytestmark = pytest.mark.browser

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


def _served(site: Path) -> Iterator[str]:
    handler = functools.partial(_SiteHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}"
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    yield from _served(built_site.site)


@pytest.fixture(scope="module")
def two_year_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site whose townships have reports of two years: each has its 本机关历年报告 page (gongkai.site.organ_pages,
    written outside MkDocs' pages)."""
    root = copy_project(tmp_path_factory.mktemp("two-years"), with_content=False)
    write_corpus(root / "content", 24, years=(2023, 2024), layout="county")
    run_gongkai(root, "build")
    yield from _served(root / "site")


@pytest.fixture(scope="module")  # Playwright's sync API runs a loop: closed before other modules drive a browser
def browser() -> Iterator[Browser]:
    if not chromium.CHROMIUM.is_file():
        pytest.fail(
            f"{chromium.CHROMIUM} is missing: the browser tests drive Debian's chromium; install it with "
            "`bash scripts/ensure-system-packages.sh` (make test runs it)"
        )
    with sync_playwright() as playwright:  # type: Playwright
        launched = chromium.launch(playwright)
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


def _all_results(page: Page, url: str) -> list[str]:
    """Every result title of a search, with 显示更多结果 pressed until none are left."""
    _search(page, url)
    more = page.locator(".gk-results__more")
    while more.is_visible():
        before = page.locator(".gk-results__title").count()
        more.click()
        page.wait_for_function(
            "(before) => document.querySelectorAll('.gk-results__title').length > before"
            " || document.querySelector('.gk-results__more').hidden",
            arg=before,
        )
    return page.locator(".gk-results__title").all_inner_texts()


def _settled(page: Page, url: str) -> None:
    """Open `url` and wait until it is ready: loaded, and on the search page its results in (no network-idle guess)."""
    page.goto(url)
    page.wait_for_load_state("load")
    if "/search/" in url:
        page.wait_for_selector(".gk-results[aria-busy=false]", state="attached")


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


def test_a_feed_opened_in_the_browser_reads_as_a_page(page: Page, site_url: str) -> None:
    """feed.xml names assets/feed.xsl: a reader who clicks 订阅 sees what a feed is and the newest reports."""
    page.goto(site_url + "feed.xml")
    assert page.locator("h1").inner_text().endswith("最新发布")
    assert "RSS 阅读器" in page.locator("p.about").inner_text()
    assert page.locator("ol li a", has_text=JIAQIAO.title).count() == 1
    assert page.locator("nav a", has_text="更早的报告").get_attribute("href") == SITE_URL + "feed-archive/1.xml"


def test_metadata_table_shows_the_report_values(page: Page, site_url: str) -> None:
    page.goto(site_url + YOUTING.url)
    rows = page.locator("table.report-meta tr")
    shown = {row.locator("th").inner_text(): row.locator("td").inner_text() for row in rows.all()}
    assert shown["发文字号"] == "邮亭委文〔2025〕1号"
    assert shown["成文日期"] == "2025年1月8日"
    assert shown["发布机构"] == "重庆市大足区邮亭镇人民政府"
    assert shown["索引号"] == "未注明"  # never invented, and said so
    assert page.locator("p.closing").first.evaluate("(p) => getComputedStyle(p).textAlign") == "right"


@pytest.mark.parametrize(("sample", "original"), [(BEIZI, "410423208-fzzf.docx"), (JIAQIAO, "430725115-fzzf.html")])
def test_download_returns_the_original_bytes(
    page: Page, site_url: str, built_site: BuiltSite, sample: Sample, original: str, tmp_path: Path
) -> None:
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


@pytest.mark.parametrize("query", ["〔2025〕1号", "（2025）1号", "[2025]1号", "邮亭委文［2025］1号"])
def test_a_document_number_is_found_as_printed_in_any_brackets(page: Page, site_url: str, query: str) -> None:
    """A 文号 is one phrase: 2025 and 1 elsewhere in a text (dates, other 文号) do not match it."""
    assert _search(page, site_url + "search/?q=" + quote(query)) == [YOUTING.title]


def test_traditional_characters_find_what_simplified_ones_find(page: Page, site_url: str) -> None:
    simplified = _search(page, site_url + "search/?q=" + quote("法治政府建设"))
    assert simplified and _search(page, site_url + "search/?q=" + quote("法治政府建設")) == simplified
    assert set(page.locator(".gk-results__snippet mark").all_inner_texts()) == {"法治政府建设"}  # shown as written


def test_minus_excludes_and_or_joins(page: Page, site_url: str) -> None:
    youting = set(_all_results(page, site_url + "search/?q=" + quote(YOUTING.town)))
    jiaqiao = set(_all_results(page, site_url + "search/?q=" + quote(JIAQIAO.town)))
    without = set(_all_results(page, site_url + "search/?q=" + quote(f"{YOUTING.town} -{JIAQIAO.town}")))
    assert YOUTING.title in without and without == youting - jiaqiao
    either = set(_all_results(page, site_url + "search/?q=" + quote(f"{YOUTING.town} OR {JIAQIAO.town}")))
    assert either == youting | jiaqiao


def test_the_count_shown_is_the_count_listed(page: Page, site_url: str) -> None:
    """A phrase of three characters is matched by its pairs first: the count says 约 until every candidate is read,
    then the number of reports listed."""
    _search(page, site_url + "search/?q=" + quote("法治政府"))
    status = page.locator(".gk-results__status")
    assert page.locator(".gk-results__more").is_visible() and status.inner_text().startswith("找到约 ")
    _all_results(page, page.url)
    page.wait_for_function("document.querySelector('.gk-results__status').textContent.indexOf('约') < 0")
    assert status.inner_text() == f"找到 {page.locator('.gk-results__title').count()} 篇报告"


@pytest.mark.parametrize("fault", ["no-decompression-stream", "missing-chunk"])
def test_a_search_that_fails_says_so_and_offers_browsing(page: Page, site_url: str, fault: str) -> None:
    if fault == "no-decompression-stream":  # an older browser
        page.add_init_script("delete window.DecompressionStream")
    else:  # a chunk gone after a deploy, or blocked
        page.route(re.compile(r".*/search-index/t/.*"), lambda route: route.fulfill(status=404, body=""))
    _search(page, site_url + "search/?q=" + quote("普法"))
    status = page.locator(".gk-results__status").inner_text()
    assert "检索出错" in status and "按地区" in status and "没有找到" not in status


def test_changing_the_province_clears_the_county(page: Page, site_url: str) -> None:
    _search(
        page, site_url + "search/?q=" + quote("普法") + "&province=" + quote("重庆市") + "&county=" + quote("大足区")
    )
    assert YOUTING.title in page.locator(".gk-results__title").all_inner_texts()
    page.wait_for_selector("select[name=province] option[value='河南省']", state="attached")
    page.locator("select[name=province]").select_option("河南省")
    page.wait_for_selector(".gk-results[aria-busy=false]", state="attached")
    page.wait_for_function("document.querySelectorAll('.gk-results__title').length > 0")
    assert "county=" not in page.url and page.locator("select[name=county]").input_value() == ""
    assert BEIZI.title in page.locator(".gk-results__title").all_inner_texts()


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


@pytest.mark.parametrize(
    "url", ["", "500000/", "500000/500111/2024/", YOUTING.url, f"years/{SYNTHETIC_YEAR}/", "search/?q=" + quote("普法")]
)
def test_nothing_overflows_a_phone_screen(page: Page, site_url: str, url: str) -> None:
    page.set_viewport_size(PHONE)
    _settled(page, site_url + url)
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


def test_lists_of_reports_are_cards_on_a_phone(page: Page, site_url: str) -> None:
    page.set_viewport_size(PHONE)
    _settled(page, site_url + f"years/{SYNTHETIC_YEAR}/")
    row = page.locator("table.gk-cards tbody tr").first
    assert row.evaluate("(tr) => getComputedStyle(tr).display") == "block"
    place = row.locator("td").nth(1)
    assert place.get_attribute("data-label") == "地区" and place.is_visible()
    assert row.locator("td").first.locator("a").bounding_box()["height"] >= 44  # a touch target
    page.set_viewport_size({"width": 1280, "height": 900})
    assert row.evaluate("(tr) => getComputedStyle(tr).display") == "table-row"


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


@pytest.mark.parametrize("url", ["", "500000/500111/2024/", YOUTING.url, "stats/", "search/?q=" + quote("普法")])
def test_axe_finds_no_serious_accessibility_violation(page: Page, site_url: str, url: str) -> None:
    _settled(page, site_url + url)
    violations = Axe().run(page).response["violations"]
    serious = [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)


def test_an_organs_history_page_works_on_a_phone_from_its_report(page: Page, two_year_site_url: str) -> None:
    """Reached from a report's compliance section, the organ's page reads at 375 px (its table as cards), passes
    axe, and its breadcrumb leads back to its county, as a page MkDocs rendered would."""
    page.set_viewport_size(PHONE)
    _settled(page, two_year_site_url)
    reports = page.locator("article table a[href*='/2024/']")
    reports.first.click()
    page.locator("section.report-compliance a[href*='organs/']").click()
    page.wait_for_load_state("load")
    assert f"/{ORGAN_FOLDER}/" in page.url
    assert page.locator("article h1").inner_text().endswith("历年报告")
    assert page.locator("article table.gk-cards tbody tr").count() == 2
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    violations = Axe().run(page).response["violations"]
    assert not [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    crumbs = page.locator("nav.md-path a")
    county = crumbs.nth(crumbs.count() - 1)
    name = county.inner_text().strip()
    county.click()
    page.wait_for_load_state("load")
    assert page.locator("article h1").inner_text().strip() == name


def test_print_shows_the_metadata_table_and_text_on_a4(page: Page, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + YOUTING.url)
    assert page.get_by_role("button", name="打印本页").is_visible()
    page.emulate_media(media="print")
    for chrome in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-footer",
        ".gk-tools",
        ".report-actions",
    ):
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
        _settled(page, site_url + url)
    assert not [url for url in requested if re.search(r"search_index\.json|sitemap\.xml|lunr|/search-index/", url)]
