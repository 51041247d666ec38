"""Sharded build (`gongkai build --shard province`): each province built as its own site by its own process,
then the portal. The merged site must hold the same pages as a whole build, every link must resolve, and
search must span every shard."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from gongkai import config as settings
from gongkai.site import build
from site_fixtures import SAMPLES, SITE_PATH, UNPLACED_COUNT, YOUTING, write_unplaced_reports
from synthetic import copy_project, run_gongkai
from test_browser import _search, _SiteHandler, browser, page  # noqa: F401 - fixtures used by name

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
GONGKAI = str(Path(sys.executable).parent / "gongkai")


def _project(root: Path) -> Path:
    copy_project(root)
    write_unplaced_reports(root / "content")  # content/_unsorted/: a shard of its own
    return root


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(a whole build in one process, the CI matrix's way: shards by separate `--province` runs, then `--portal`)."""
    whole = _project(tmp_path_factory.mktemp("whole"))
    sharded = _project(tmp_path_factory.mktemp("sharded"))
    run_gongkai(whole, "build")
    run_gongkai(sharded, "build", "--province", "410000,430000")
    run_gongkai(sharded, "build", "--province", "500000")
    run_gongkai(sharded, "build", "--province", "_unsorted")
    run_gongkai(sharded, "build", "--portal")
    return whole / "site", sharded / "site"


def _pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


def _differing_pages(built: Path, whole: Path) -> list[str]:
    """Pages that differ from the one-process build's. Each build knows every province, rendering the others as
    stubs it drops, so sidebars and links are the same; <link rel=prev/next> to a page in another province leads to
    that province's index page, the same whichever process renders it."""
    return [name for name in sorted(_pages(whole)) if (built / name).read_bytes() != (whole / name).read_bytes()]


def test_shards_lists_the_provinces(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = subprocess.run(
        [GONGKAI, "shards"], capture_output=True, text=True, env={**os.environ, "GONGKAI_ROOT": str(root)}, check=True
    )
    assert result.stdout.strip() == '["410000", "430000", "500000", "_unsorted"]'


def test_the_sharded_site_has_the_same_pages_and_one_index_per_province(sites: tuple[Path, Path]) -> None:
    whole, sharded = sites
    assert _pages(sharded) == _pages(whole)
    assert _differing_pages(sharded, whole) == []
    # Each province keeps its segment (so the portal can be built again); the merged index spans them all.
    assert sorted(path.parent.parent.name for path in sharded.glob("*/search-index/segment.bin")) == [
        "410000",
        "430000",
        "500000",
        "_unsorted",
    ]
    index = json.loads((sharded / "search-index" / "index.json").read_text("utf-8"))
    assert [segment["path"] for segment in index["segments"]] == ["410000/", "430000/", "500000/", "_unsorted/"]
    assert index["docs"] == json.loads((whole / "search-index" / "index.json").read_text("utf-8"))["docs"]
    for name in ("docs.json.gz", *(f"t/{path.name}" for path in (whole / "search-index" / "t").iterdir())):
        assert (sharded / "search-index" / name).read_bytes() == (whole / "search-index" / name).read_bytes(), name
    assert (sharded / "sitemap.xml").read_text("utf-8") == (whole / "sitemap.xml").read_text("utf-8")


@pytest.mark.parametrize(
    "arguments", [["-j", "2"], ["--shard", "province", "-j", "2"]], ids=["parallel", "per-province"]
)
def test_a_parallel_build_makes_the_same_site(tmp_path: Path, sites: tuple[Path, Path], arguments: list[str]) -> None:
    whole, _sharded = sites
    root = _project(tmp_path)
    run_gongkai(root, "build", *arguments)
    _assert_same_site(root / "site", whole)  # the portal's pages too, from the front matter groups hand over


def test_a_portal_reading_the_front_matter_itself_makes_the_same_site(
    tmp_path: Path, sites: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an incremental build with few stale reports does (build.READ_HERE_SHARE): the portal does not wait
    for the groups to hand their front matter over, it reads it from content/: the reports MkDocs publishes, so
    not a hidden copy of one (MkDocs leaves hidden files out)."""
    whole, _sharded = sites
    root = _project(tmp_path)
    report = next((root / "content" / "500000").rglob("*.md"))
    shutil.copy(report, report.with_name(f".{report.name}"))
    monkeypatch.setattr(build, "READ_HERE_SHARE", 1.0)
    assert build.build_site(settings.load(root), jobs=2) == 0
    _assert_same_site(root / "site", whole)


def _assert_same_site(built: Path, whole: Path) -> None:
    assert _pages(built) == _pages(whole)
    assert _differing_pages(built, whole) == []
    assert not list(built.glob("*/search-index/segment.bin"))  # merged into search-index/, then removed
    for path in whole.rglob("*"):
        if path.is_file() and path.suffix in (".gz", ".json", ".xml") and path.name != "feed.xml":
            assert (built / path.relative_to(whole)).read_bytes() == path.read_bytes(), path.relative_to(whole)


def test_a_plain_mkdocs_build_makes_the_same_site(tmp_path: Path, sites: tuple[Path, Path]) -> None:
    """The site layer is a plugin mkdocs.yml names: MkDocs' own command gives the site `gongkai build` gives,
    search index and sitemap included (byte for byte: nothing in the output depends on the build's time)."""
    whole, _sharded = sites
    root = _project(tmp_path)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--quiet"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    built = {
        path.relative_to(root / "site").as_posix(): path.read_bytes()
        for path in (root / "site").rglob("*")
        if path.is_file()
    }
    assert built == {
        path.relative_to(whole).as_posix(): path.read_bytes() for path in whole.rglob("*") if path.is_file()
    }


def test_every_link_of_the_sharded_site_resolves(sites: tuple[Path, Path]) -> None:
    _whole, sharded = sites
    broken = []
    for path in sharded.rglob("*.html"):
        if path.name == "404.html":  # absolute links under site_url's path, served from anywhere
            continue
        soup = BeautifulSoup(path.read_text("utf-8"), "lxml")
        for tag in soup.find_all(href=True) + soup.find_all(src=True):
            address = urlsplit(tag.get("href") or tag.get("src"))
            if address.scheme or not address.path:
                continue
            target = (path.parent / unquote(address.path)).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{path.relative_to(sharded)} → {address.path}")
    assert broken == []


@pytest.fixture(scope="module")
def sharded_url(sites: tuple[Path, Path]) -> Iterator[str]:
    handler = functools.partial(_SiteHandler, directory=str(sites[1]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{SITE_PATH}"
    server.shutdown()


@pytest.mark.browser
def test_search_spans_every_shard(page, sharded_url: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    titles = _search(page, sharded_url + "search/?q=" + quote("普法"))
    assert len(titles) == len(SAMPLES) + UNPLACED_COUNT and {sample.title for sample in SAMPLES} <= set(titles)
    assert _search(page, sharded_url + "search/?q=" + quote(YOUTING.town))[0] == YOUTING.title
    page.goto(sharded_url + "search/?q=" + quote("普法"))
    page.wait_for_selector(".gk-results[aria-busy=false]", state="attached")
    page.locator("a.gk-results__title", has_text=YOUTING.title).click()
    assert page.url == sharded_url + YOUTING.url
