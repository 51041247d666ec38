"""Incremental builds (gongkai.site.cache): after each kind of change, a build reusing the unchanged provinces
makes exactly the site a from-scratch build (`--clean`) of the same tree makes, file for file, byte for byte."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from gongkai.fingerprints import HashMemo, compiled_templates, hash_tree
from site_fixtures import write_unplaced_reports
from synthetic import copy_project, run_gongkai

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
YOUTING = Path("content/500000/500111/2024/500111116-fzzf.md")
SHUANGLU = Path("content/500000/500230/2024/500230111-fzzf.md")


def _build(root: Path, *args: str) -> str:
    return run_gongkai(root, "build", "-j", "2", *args)


def _tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _edit_report(root: Path) -> None:
    path = root / YOUTING
    path.write_text(path.read_text("utf-8").replace("邮亭镇", "邮亭镇（改）", 3), "utf-8")


def _add_report(root: Path) -> None:
    """A second report in 双路镇's folder: its original with a line more, its front matter naming it."""
    source = root / SHUANGLU
    original = source.with_suffix(".txt").read_bytes() + "\n附：补充说明。\n".encode("gb18030")
    target = source.with_name("500230111-fzzf-2.md")
    target.with_suffix(".txt").write_bytes(original)
    meta, body = source.read_text("utf-8").removeprefix("---\n").split("\n---\n", 1)
    data = yaml.safe_load(meta)
    data.update(
        title=data["title"] + "（补充）",
        source_file=target.with_suffix(".txt").name,
        source_sha256=hashlib.sha256(original).hexdigest(),
    )
    target.write_text(f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n{body}", "utf-8")


def _delete_report(root: Path) -> None:
    """双路镇's report, its original and its conversion record: 重庆市 keeps its other report."""
    report = root / SHUANGLU
    for path in [*report.parent.glob(report.stem + ".*"), *report.parent.glob(f".{report.stem}.*")]:
        path.unlink()


def _edit_template(root: Path) -> None:
    path = root / "site_overrides" / "partials" / "report-meta.html"
    path.write_text(
        path.read_text("utf-8").replace('aria-label="政府信息公开元数据"', 'aria-label="信息公开元数据"'), "utf-8"
    )


def _edit_mkdocs_yml(root: Path) -> None:
    path = root / "mkdocs.yml"
    path.write_text(
        path.read_text("utf-8").replace("site_name: 法治政府建设年度报告公开平台", "site_name: 某县报告公开平台"),
        "utf-8",
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("incremental"))
    write_unplaced_reports(root / "content")
    _build(root)
    return root


def _page(root: Path, report: Path) -> Path:
    return root / "site" / report.relative_to("content").with_suffix("") / "index.html"


def _build_noting_kept_pages(root: Path, reports: list[Path]) -> tuple[str, list[bool]]:
    """A build, and for each report's page whether it was kept from the last build (linked from the cache: the
    same file as the last site's) rather than rendered again. The old pages are held open meanwhile, so that no new
    file can take one's inode."""
    pages = [_page(root, report) for report in reports]
    with contextlib.ExitStack() as held:
        inodes = [
            os.fstat(held.enter_context(page.open("rb")).fileno()).st_ino if page.is_file() else -1 for page in pages
        ]
        log = _build(root)
        return log, [page.is_file() and page.stat().st_ino == inode for page, inode in zip(pages, inodes, strict=True)]


def _other_report(root: Path) -> Path:
    """A report of 重庆市 other than 邮亭镇's (the earlier tests add and delete some)."""
    content = root / "content" / "500000"
    return next(path for path in sorted(content.glob("*/20*/[!.]*.md")) if path != root / YOUTING).relative_to(root)


@pytest.mark.parametrize(
    ("change", "rebuilt", "kept"),
    [
        (_edit_report, 1, [False, True]),  # 邮亭镇's page rendered, 双路镇's kept
        (_add_report, 1, [True, False]),  # 双路镇's has a peer of its county and year now
        (_delete_report, 1, [True, False]),  # 双路镇's is gone
        (_edit_template, 4, [False, False]),  # every page shows the templates
        (_edit_mkdocs_yml, 4, [False, False]),
    ],
    ids=["edit-report", "add-report", "delete-report", "edit-template", "edit-mkdocs-yml"],
)
def test_an_incremental_build_equals_a_clean_one(
    project: Path, change: Callable[[Path], None], rebuilt: int, kept: list[bool]
) -> None:
    """And within a rebuilt province, the pages whose inputs are the same are kept (gongkai.site.page_reuse):
    linked from the cache, not rendered."""
    _build(project)  # the cache matches the tree before the change
    change(project)
    log, kept_pages = _build_noting_kept_pages(project, [YOUTING, SHUANGLU])
    assert f"{rebuilt} 个重新构建" in log, log  # only what changed (a template or mkdocs.yml: every province)
    if rebuilt == 1:  # the others as the last build left them in site/: moved into the new site, not copied
        assert "其中 3 个沿用的分站直接从 site/ 移入" in log, log
    assert kept_pages == kept
    assert ("沿用上次构建的页面 0 个" not in log) == (rebuilt == 1), log  # lists and portal pages kept too
    incremental = _tree(project / "site")
    assert not [name for name in incremental if name.endswith(".pickle")]  # the builds' records stay in the cache
    _build(project, "--clean")
    assert incremental == _tree(project / "site")


def test_a_report_whose_markdown_links_elsewhere_is_always_rendered(project: Path) -> None:
    """MkDocs writes a relative link by what other files exist, which no page key holds: such a page is rendered
    in every build of its province."""
    other = project / _other_report(project)
    path = project / YOUTING
    link = Path("../..", other.relative_to(project / "content" / "500000")).as_posix()
    path.write_text(path.read_text("utf-8") + f"\n另见[{other.stem}]({link})。\n", "utf-8")
    _build(project)
    other.write_text(other.read_text("utf-8") + "\n（完）\n", "utf-8")  # 重庆市 is built again
    log, kept = _build_noting_kept_pages(project, [YOUTING])
    assert kept == [False], log
    assert f'href="../../../{other.parent.parent.name}/' in _page(project, YOUTING).read_text("utf-8")
    incremental = _tree(project / "site")
    assert not [name for name in incremental if name.endswith(".pickle")]  # the builds' records stay in the cache
    _build(project, "--clean")
    assert incremental == _tree(project / "site")


def test_nothing_changed_rebuilds_nothing_and_the_cache_stays_out_of_git(project: Path) -> None:
    _build(project)
    assert "0 个重新构建" in _build(project)
    assert "/.cache/" in (ROOT / ".gitignore").read_text("utf-8").splitlines()


def test_the_compiled_templates_outlive_a_parallel_build(project: Path) -> None:
    """The theme's templates, compiled once for the project, are read by every later build process (0.35 s each):
    the cache's leftovers thrown away after a build are not they."""
    _build(project)
    compiled = {path: path.stat().st_ino for path in compiled_templates(project).rglob("*.cache")}
    assert len(compiled) > 10
    _build(project)
    assert {path: path.stat().st_ino for path in compiled_templates(project).rglob("*.cache")} == compiled


def test_a_province_changed_in_site_is_copied_from_the_cache_again(project: Path) -> None:
    """site/<code>/ is moved into the next site only while it is as the last build left it: a page deleted or
    replaced there (by hand, by another tool) makes the build copy the province from the cache instead."""
    _build(project)
    site = project / "site"
    next(site.glob("500000/**/index.html")).unlink()
    replaced = next(site.glob("410000/**/index.html"))
    text = replaced.read_text("utf-8")
    replaced.unlink()  # a new file under the old name, as editors save
    replaced.write_text(text.replace("<title>", "<title>改 "), "utf-8")
    log = _build(project)
    assert "0 个重新构建" in log and "其中 2 个沿用的分站直接从 site/ 移入" in log, log
    incremental = _tree(site)
    _build(project, "--clean")
    assert incremental == _tree(site)


def test_a_file_is_hashed_again_whenever_it_was_written(tmp_path: Path) -> None:
    """The hash memo reuses a file's hash only while its stat is the same; an edit that keeps the size and sets the
    modification time back still moves the change time, so the new bytes are read."""
    folder = tmp_path / "content"
    folder.mkdir()
    report = folder / "a.md"
    report.write_text("一", "utf-8")
    memo_file = tmp_path / "hashes.pickle"

    def tree_hash() -> str:
        memo = HashMemo(memo_file)
        digest = hashlib.sha256()
        hash_tree(digest, folder, tmp_path, memo)
        memo.save()
        return digest.hexdigest()

    first = tree_hash()
    assert tree_hash() == first and memo_file.is_file()
    times = report.stat()
    time.sleep(0.01)
    report.write_text("二", "utf-8")  # same size
    os.utime(report, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert report.stat().st_mtime_ns == times.st_mtime_ns and tree_hash() != first


def test_an_original_linked_and_unlinked_by_builds_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each build hard-links the originals of content/ into the site and the cache and deletes the last build's
    links, which moves their change time: a file linked elsewhere keeps its hash while its size, modification time
    and inode stay (50,000 originals were read again at every build); a file of one link is read again."""
    folder = tmp_path / "content"
    folder.mkdir()
    original, report = folder / "a.docx", folder / "a.md"
    original.write_bytes(b"PK original")
    report.write_text("一", "utf-8")
    os.link(original, tmp_path / "cached.docx")  # a last build's link
    memo_file = tmp_path / "hashes.pickle"
    read: list[Path] = []
    read_bytes = Path.read_bytes

    def noting_reads(path: Path) -> bytes:
        if folder in path.parents:
            read.append(path)
        return read_bytes(path)

    def tree_hash() -> str:
        memo = HashMemo(memo_file)
        digest = hashlib.sha256()
        with monkeypatch.context() as reading:
            reading.setattr(Path, "read_bytes", noting_reads)
            hash_tree(digest, folder, tmp_path, memo)
        memo.save()
        return digest.hexdigest()

    first = tree_hash()
    assert sorted(read) == [original, report]
    read.clear()
    changed = original.stat().st_ctime_ns
    time.sleep(0.01)
    os.link(original, tmp_path / "published.docx")  # the next build publishes it …
    (tmp_path / "cached.docx").unlink()  # … and the last build's link goes: as many links as before
    assert original.stat().st_ctime_ns != changed and original.stat().st_nlink == 2
    assert tree_hash() == first and read == []
    time.sleep(0.01)
    original.write_bytes(b"PK changed!")  # written: its modification time moves
    assert tree_hash() != first and read == [original]


def test_no_report_page_is_kept_while_another_plugin_is_on(project: Path) -> None:
    """Another plugin may make a page from what no page key holds (a date from git, another file)."""
    settings = project / "mkdocs.yml"
    original = settings.read_text("utf-8")
    with_tags = original.replace("plugins:\n  - gongkai\n", "plugins:\n  - gongkai\n  - tags\n")
    assert with_tags != original
    settings.write_text(with_tags, "utf-8")
    try:
        _build(project)
        _edit_report(project)  # 重庆市 is built again, its other report as it was
        log, kept = _build_noting_kept_pages(project, [_other_report(project)])
        assert kept == [False] and not re.search("沿用上次构建的页面 [1-9]", log), log
    finally:
        settings.write_text(original, "utf-8")
