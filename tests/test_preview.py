"""`gongkai serve`: the built site served under its published path, rebuilt when a report changes, and the last
good site kept when a change breaks the check."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from site_fixtures import SITE_PATH, YOUTING
from synthetic import copy_project

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError):
        return ""


def _until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        time.sleep(0.3)


def test_serve_rebuilds_a_changed_report_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    port = _free_port()
    base = f"http://127.0.0.1:{port}{SITE_PATH}"
    page = base + YOUTING.src.removesuffix(".md") + "/"
    serving = subprocess.Popen(
        [str(Path(sys.executable).parent / "gongkai"), "serve", "--port", str(port)],
        env={**os.environ, "GONGKAI_ROOT": str(root)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _until(lambda: YOUTING.title in _fetch(page), 120, "the first build served")
        assert YOUTING.title in _fetch(f"http://127.0.0.1:{port}/")  # / leads to the site's path
        report = root / "content" / YOUTING.src
        report.write_text(report.read_text("utf-8").replace(YOUTING.title, "邮亭镇预览修改后的标题"), "utf-8")
        _until(lambda: "邮亭镇预览修改后的标题" in _fetch(page), 90, "the edited title served")
        report.write_text(report.read_text("utf-8").replace("title: ", "title: [未闭合", 1), "utf-8")
        time.sleep(8)  # a rebuild that the check refuses
        assert "邮亭镇预览修改后的标题" in _fetch(page)  # the last good site still served
    finally:
        serving.send_signal(signal.SIGINT)
        output, _ = serving.communicate(timeout=30)
    assert "已重新构建" in output and "重新构建失败" in output, output[-2000:]
