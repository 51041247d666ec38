"""The parallel build's helpers (gongkai.site.build): work forked beside the builds hands back its result, its
error, or says that it ended without either; a build of some provinces lists only what it renders; what a build
throws away is deleted by a process of its own, at the lowest priority."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gongkai.config import Config
from gongkai.site.build import _Forked, _listed
from gongkai.site.cache import _DELETE_NICELY, delete_detached
from gongkai.site.scope import ShardScope


def _answer(number: int) -> dict[str, list[int]]:
    return {"found": [number, number * 2]}


def _fail() -> None:
    raise ValueError("第 3 行有误")


def _vanish() -> None:
    os._exit(7)


def test_forked_work_hands_back_its_result() -> None:
    assert _Forked(_answer, 21).result() == {"found": [21, 42]}


def test_forked_work_raises_its_error_again_in_the_parent() -> None:
    with pytest.raises(ValueError, match="第 3 行有误"):
        _Forked(_fail).result()


def test_forked_work_that_ends_without_a_result_is_an_error_naming_its_exit() -> None:
    with pytest.raises(RuntimeError, match="退出码 7"):
        _Forked(_vanish).result()


def _content(tmp_path: Path) -> Config:
    content = tmp_path / "content"
    for folder in ("110000/110101/2023", "420000/421123/2023", "_unsorted/2023", "guide"):
        (content / folder).mkdir(parents=True)
        (content / folder / "page.md").write_text("# 页\n", "utf-8")
    (content / "about.md").write_text("# 关于\n", "utf-8")
    return Config(root=tmp_path, content_dir=content, inbox_dir=tmp_path / "inbox", site_dir=tmp_path / "site")


def test_a_province_build_lists_its_provinces_and_the_pages_above_them_only(tmp_path: Path) -> None:
    config = _content(tmp_path)
    with _listed(config, ShardScope.of_provinces(["420000"])) as (docs_dir, scope):
        listed = Path(docs_dir["docs_dir"])
        assert sorted(os.listdir(listed)) == ["420000", "about.md", "guide"]
        assert (listed / "420000" / "421123" / "2023" / "page.md").read_text("utf-8") == "# 页\n"
        assert scope.left_out == {"110000", "_unsorted"} and scope.content_dir == config.content_dir
    assert not listed.exists() and (config.content_dir / "420000" / "421123" / "2023" / "page.md").is_file()


def test_a_portal_lists_no_province_unless_it_reads_their_reports_itself(tmp_path: Path) -> None:
    config = _content(tmp_path)
    with _listed(config, ShardScope.portal([tmp_path / "420000.pickle"])) as (docs_dir, scope):
        assert sorted(os.listdir(docs_dir["docs_dir"])) == ["about.md", "guide"]
        assert scope.left_out == {"110000", "420000", "_unsorted"}
    reading_itself = ShardScope.portal([])
    with _listed(config, reading_itself) as (docs_dir, scope):
        assert docs_dir == {} and scope == reading_itself
    with _listed(config, ShardScope()) as (docs_dir, scope):
        assert docs_dir == {} and scope == ShardScope()


def test_a_folder_thrown_away_is_deleted_by_a_process_the_build_does_not_wait_for(tmp_path: Path) -> None:
    old = tmp_path / ".site-old-1"
    for number in range(50):
        (old / str(number)).mkdir(parents=True)
        (old / str(number) / "index.html").write_text("<p>旧</p>", "utf-8")
    delete_detached(old)
    deadline = time.monotonic() + 30
    while old.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not old.exists()
    assert tmp_path.exists()


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here")
def test_the_deleting_process_runs_at_the_lowest_priority(tmp_path: Path) -> None:
    """Its unlinking is kernel time on the cores the build (or the next one) is using."""
    folder = tmp_path / "trash"
    folder.mkdir()
    found = subprocess.run(
        [sys.executable, "-c", _DELETE_NICELY + "\nprint(os.nice(0))", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    assert int(found.stdout) == 19
    assert not folder.exists()
