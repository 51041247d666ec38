"""Hostile inputs and faults: nothing leaks, nothing crashes, nothing is lost.

One test per hole a hostile-input and fault run found (symlinks followed, orphan originals published, provenance
taken from a submission, zip bombs, tracebacks, two ingests at once, a build that published invalid reports),
each named after the situation.
"""

from __future__ import annotations

import errno
import io
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from pathlib import Path

import pytest
import yaml

from gongkai import config as settings
from gongkai import store
from gongkai.check import check_content
from gongkai.ingest import Status, ingest, reconvert
from gongkai.layout import UNPLACED
from gongkai.pipeline import convert_file, limit_memory
from gongkai.read import InputError
from gongkai.site.build import build_site
from synthetic import copy_project

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parent / "cases"
DOCX = CASES / "004-lushan-beizi" / "input.docx"
REPORT = "content/410000/410423/2024/410423208-fzzf.md"
GONGKAI = str(Path(sys.executable).parent / "gongkai")


def _run(project: Path, *arguments: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GONGKAI, *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "GONGKAI_ROOT": str(project), "CI": "1"},
        check=False,
    )


def _files(project: Path, folder: str = "content") -> set[Path]:
    return {path.relative_to(project) for path in (project / folder).rglob("*") if path.is_file() or path.is_symlink()}


def _ingested(project: Path) -> Path:
    shutil.copy(DOCX, project / "inbox" / "report.docx")
    (outcome,) = ingest([project / "inbox"], settings.load(project))
    assert outcome.status == Status.ADDED and outcome.markdown is not None
    return outcome.markdown


# --- 1. Symlinks, FIFOs and devices in inbox/ -------------------------------------------------------------------


def test_links_in_the_inbox_are_refused_by_name_and_never_read(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告\n" + "机密内容。" * 50, "utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(DOCX, folder / "inside.docx")
    inbox = project / "inbox"
    (inbox / "passwd.txt").symlink_to("/etc/passwd")
    (inbox / "secret.txt").symlink_to(secret)
    (inbox / "config.txt").symlink_to(project / "pyproject.toml")
    (inbox / "gone.docx").symlink_to(tmp_path / "missing.docx")
    (inbox / "linked-folder").symlink_to(folder)
    os.mkfifo(inbox / "pipe.txt")
    outcomes = ingest([inbox], settings.load(project))
    by_name = {outcome.source.name: outcome for outcome in outcomes}
    assert set(by_name) == {"passwd.txt", "secret.txt", "config.txt", "gone.docx", "linked-folder", "pipe.txt"}
    assert all(outcome.status == Status.FAILED for outcome in outcomes)
    assert "符号链接" in by_name["passwd.txt"].message and "不存在" in by_name["gone.docx"].message
    assert "文件夹" in by_name["linked-folder"].message and "FIFO" in by_name["pipe.txt"].message
    assert _files(project) == set()  # nothing copied into content/
    assert (inbox / "passwd.txt").is_symlink()  # refused, not deleted: staff see what they put there


def test_a_fifo_named_on_the_command_line_does_not_hang(project: Path) -> None:
    os.mkfifo(project / "inbox" / "report.txt")
    result = _run(project, "ingest", timeout=60)
    assert result.returncode == 1 and "FIFO" in result.stderr and "Traceback" not in result.stderr
    result = _run(project, "convert", str(project / "inbox" / "report.txt"), timeout=60)
    assert result.returncode == 1 and "FIFO" in result.stderr


def test_a_link_in_the_middle_of_the_path_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(DOCX, outside / "x.docx")
    (project / "inbox" / "sub").symlink_to(outside)
    (outcome,) = ingest([project / "inbox" / "sub" / "x.docx"], settings.load(project))
    assert outcome.status == Status.FAILED and "符号链接" in outcome.message
    assert _files(project) == set()


def test_convert_refuses_a_symlink_too(tmp_path: Path) -> None:
    link = tmp_path / "passwd.txt"
    link.symlink_to("/etc/passwd")
    with pytest.raises(InputError, match="符号链接"):
        convert_file(link, settings.load(tmp_path))


# --- 2. Originals without their report, stray files ---------------------------------------------------------------


def test_only_originals_a_valid_report_names_are_published(project: Path) -> None:
    markdown = _ingested(project)
    folder = markdown.parent
    (folder / "evil.html").write_text("<script>alert(1)</script>", "utf-8")
    (folder / "orphan.pdf").write_bytes(b"%PDF-1.4 a withheld original whose report was deleted")
    (folder / ".410423208-fzzf.md.abcd1234.tmp").write_text("half", "utf-8")
    assert build_site(settings.load(project), strict=False) == 0
    built = {path.name for path in (project / "site").rglob("*") if path.is_file()}
    assert "evil.html" not in built and "orphan.pdf" not in built and not any(name.endswith(".tmp") for name in built)
    assert "410423208-fzzf.docx" in built
    errors, _warnings, _checked = check_content(settings.load(project))
    assert any("evil.html" in error and "不会发布" in error for error in errors), errors
    assert any("orphan.pdf" in error and "原件没有对应的报告" in error for error in errors), errors


def test_a_deleted_report_leaves_its_original_unpublished(project: Path) -> None:
    markdown = _ingested(project)
    shutil.copy(CASES / "002-dazu-youting" / "input.docx", project / "inbox" / "other.docx")
    ingest([project / "inbox"], settings.load(project))
    markdown.unlink()  # staff deleted only the .md
    assert build_site(settings.load(project), strict=False) == 0
    assert not list((project / "site").rglob("410423208-fzzf.docx"))


def test_a_full_disk_while_storing_leaves_nothing_behind(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(DOCX, project / "inbox" / "report.docx")
    real_write = store.atomic_write

    def full_disk(path: Path, data: bytes) -> None:
        if path.suffix == ".md":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real_write(path, data)

    monkeypatch.setattr(store, "atomic_write", full_disk)
    (outcome,) = ingest([project / "inbox"], settings.load(project))
    assert outcome.status == Status.FAILED and "磁盘已满" in outcome.message
    assert [path for path in _files(project) if path.name != store.LOCK_FILE] == []
    assert (project / "inbox" / "report.docx").exists()


def test_a_rerun_after_a_kill_finishes_the_report_and_matches_an_uninterrupted_run(
    project: Path, tmp_path: Path
) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    shutil.copy(DOCX, reference / "inbox" / "report.docx")
    ingest([reference / "inbox"], settings.load(reference))
    # As a kill -9 after the original and the state were written, before the Markdown: and a torn temporary.
    folder = project / "content/410000/410423/2024"
    folder.mkdir(parents=True)
    shutil.copy(DOCX, folder / "410423208-fzzf.docx")
    (folder / ".410423208-fzzf.md.k3j4l5m6.tmp").write_text("---\ntitle: 半", "utf-8")
    shutil.copy(DOCX, project / "inbox" / "report.docx")
    (outcome,) = ingest([project / "inbox"], settings.load(project))
    assert outcome.status == Status.ADDED
    assert {path: (project / path).read_bytes() for path in _files(project)} == {
        path: (reference / path).read_bytes() for path in _files(reference)
    }


# --- 3. A submitted Markdown file cannot set provenance or privacy --------------------------------------------


def test_a_markdown_submission_cannot_fake_provenance_or_release_an_original(project: Path) -> None:
    real = DOCX.read_bytes()
    import hashlib

    front = {
        "source_sha256": hashlib.sha256(real).hexdigest(),  # the hash of a real report still to come
        "original_download_confirmed": True,
        "personal_data_masked": 0,
        "review": [],
        "source_format": "pdf",
        "title": "鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告",
    }
    body = (
        "# 鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告\n\n2024年，我乡坚持依法行政，联系人手机13812345678。\n"
    )
    (project / "inbox" / "fake.md").write_text(
        "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + body, "utf-8"
    )
    (outcome,) = ingest([project / "inbox"], settings.load(project))
    assert outcome.status == Status.ADDED and outcome.front_matter is not None
    fm = outcome.front_matter
    assert fm.source_sha256 != front["source_sha256"] and fm.source_format == "md"
    assert fm.original_download_confirmed is False and fm.personal_data_masked == 1
    assert any("由系统计算，已忽略" in line for line in fm.review)
    (project / "inbox" / "real.docx").write_bytes(real)
    (later,) = ingest([project / "inbox"], settings.load(project))
    assert later.status == Status.ADDED  # not taken for a duplicate, and so not deleted from the inbox


def test_resubmitting_a_published_report_is_refused_with_instructions(project: Path) -> None:
    markdown = _ingested(project)
    shutil.copy(markdown, project / "inbox" / "fixed.md")
    (outcome,) = ingest([project / "inbox"], settings.load(project))
    assert outcome.status == Status.FAILED and "直接编辑" in outcome.message and REPORT in outcome.message
    assert (project / "inbox" / "fixed.md").exists()


def test_a_duplicate_leaves_the_inbox_only_if_the_stored_original_is_intact(project: Path) -> None:
    markdown = _ingested(project)
    (markdown.parent / "410423208-fzzf.docx").unlink()
    shutil.copy(DOCX, project / "inbox" / "again.docx")
    (outcome,) = ingest([project / "inbox"], settings.load(project))
    assert outcome.status == Status.FAILED and (project / "inbox" / "again.docx").exists()


# --- 4/5. Bombs and damaged files: one clear line, never a traceback -----------------------------------------


def _lying_bomb() -> bytes:
    """A docx whose XML inflates to 300 MB while its headers declare 13 bytes (and the CRC of those 13)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>" + b" " * (300 * 1024 * 1024))
    data = bytearray(buffer.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()[0]
    import zlib

    crc = zlib.crc32(b"<w:document/>")
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<III", data, central + 16, crc, info.compress_size, 13)
    struct.pack_into("<III", data, info.header_offset + 14, crc, info.compress_size, 13)
    return bytes(data)


def test_a_zip_bomb_with_lying_headers_is_refused_by_its_real_size(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_lying_bomb())
    with pytest.raises(InputError, match="压缩炸弹"):
        convert_file(bomb, settings.load(tmp_path))


def test_a_pdf_bomb_ends_in_a_line_under_the_memory_cap(tmp_path: Path) -> None:
    import zlib

    packer = zlib.compressobj(9)
    stream = b"".join(packer.compress(b"\0" * (1 << 20)) for _ in range(2600)) + packer.flush()
    head = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n"
        b"4 0 obj<</Length " + str(len(stream)).encode() + b"/Filter/FlateDecode>>stream\n"
    )
    (tmp_path / "bomb.pdf").write_bytes(head + stream + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
    result = _run(tmp_path, "convert", str(tmp_path / "bomb.pdf"), timeout=300)
    assert result.returncode == 1 and "bomb.pdf" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _mutants(data: bytes, count: int, seed: int) -> list[bytes]:
    """Seeded byte flips, truncations and zeroed runs: what a broken transfer or a fuzzer makes of a file."""
    rng = random.Random(seed)
    mutants = []
    for _ in range(count):
        mutant = bytearray(data)
        kind = rng.randrange(3)
        if kind == 0:
            for _ in range(rng.randint(1, 12)):
                mutant[rng.randrange(len(mutant))] = rng.randrange(256)
        elif kind == 1:
            mutant = mutant[: rng.randrange(1, len(mutant))]
        else:
            start = rng.randrange(len(mutant))
            mutant[start : start + rng.randint(1, 400)] = b"\0" * len(mutant[start : start + 400])
        mutants.append(bytes(mutant))
    return mutants


FUZZED = sorted({path.suffix: path for path in CASES.glob("*/input.*")}.values()) + [
    CASES / "000-fengdu-shuanglu" / "input.docx"
]


@pytest.mark.parametrize("source", FUZZED, ids=lambda path: f"{path.parent.name}{path.suffix}")
def test_mutated_real_files_give_an_input_error_or_a_report_never_a_crash(tmp_path: Path, source: Path) -> None:
    config = settings.load(tmp_path)
    count = {".pdf": 12, ".doc": 6}.get(source.suffix, 40)  # a PDF takes 0.2 s, LibreOffice 1–2 s a file
    # The same mutants in every run (a str's hash changes from process to process): a failure can be reproduced.
    for number, mutant in enumerate(_mutants(source.read_bytes(), count, seed=zlib.crc32(source.name.encode()))):
        path = tmp_path / f"mutant{number}{source.suffix}"
        path.write_bytes(mutant)
        try:
            conversion = convert_file(path, config)
        except InputError as error:
            assert error.reason and "\n" not in error.reason
        else:
            assert "\x00" not in conversion.markdown


def test_damaged_files_never_stop_the_batch_and_the_report_is_written(project: Path) -> None:
    data = DOCX.read_bytes()
    for number, mutant in enumerate(_mutants(data, 8, seed=7)):
        (project / "inbox" / f"bad{number}.docx").write_bytes(mutant)
    shutil.copy(DOCX, project / "inbox" / "good.docx")
    report = project / "reports" / "deep" / "review.md"  # a folder that does not exist yet
    result = _run(project, "ingest", "--report", str(report))
    assert "Traceback" not in result.stderr
    assert "good.docx" in result.stderr and report.is_file() and "good.docx" in report.read_text("utf-8")
    assert (project / REPORT).is_file()


# --- 6. Two ingests at once -----------------------------------------------------------------------------------


def test_two_ingests_at_once_write_each_report_once(project: Path, tmp_path: Path) -> None:
    sources = sorted(CASES.glob("*/input.*"))
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    ingest(sources, settings.load(reference), keep=True)
    first = subprocess.Popen(
        [GONGKAI, "ingest", "--keep", *map(str, sources)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "GONGKAI_ROOT": str(project), "CI": "1"},
    )
    second = subprocess.Popen(
        [GONGKAI, "ingest", "--keep", *map(str, sources)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "GONGKAI_ROOT": str(project), "CI": "1"},
    )
    errors = [first.communicate(timeout=300)[1], second.communicate(timeout=300)[1]]
    assert first.returncode == 0 and second.returncode == 0, errors
    assert "Traceback" not in "".join(errors)
    assert {path: (project / path).read_bytes() for path in _files(project)} == {
        path: (reference / path).read_bytes() for path in _files(reference)
    }


def test_a_second_ingest_waits_for_the_first(project: Path) -> None:
    config = settings.load(project)
    shutil.copy(DOCX, project / "inbox" / "report.docx")
    released = threading.Event()

    def hold() -> None:
        with store.writer_lock(config):
            time.sleep(1.0)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.2)
    (outcome,) = ingest([project / "inbox"], config)
    holder.join()
    assert released.is_set() and outcome.status == Status.ADDED


def test_a_lock_held_too_long_gives_a_message(project: Path) -> None:
    config = settings.load(project)
    with store.writer_lock(config), pytest.raises(store.LockBusy, match="另一个"):
        with store.writer_lock(config, wait_seconds=0.3):
            pass


# --- 7. Build validates first and keeps the previous site -------------------------------------------------------


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda text: "\ufeff" + text, "BOM"),
        (lambda text: text.replace("report_year: 2024", "report_year: 2024\n<<<<<<< HEAD", 1), "合并冲突"),
        (lambda text: text.replace("written_date: null", "written_date: 2025-02-30", 1), "成文日期"),
        (lambda text: text.replace("county_code: '410423'", "county_code: '419999'", 1), "不是有效的行政区划代码"),
        (lambda text: text.replace("\n---\n", "\n", 1), "没有结束"),
        (lambda text: text.replace("title: ", "title: [", 1), "YAML"),
    ],
    ids=["bom", "merge-markers", "bad-date", "unknown-code", "unclosed", "yaml"],
)
def test_an_invalid_report_stops_the_build_and_the_old_site_stays(project: Path, damage, message: str) -> None:  # type: ignore[no-untyped-def]
    markdown = _ingested(project)
    assert build_site(settings.load(project), strict=False) == 0
    before = {path: path.read_bytes() for path in (project / "site").rglob("*") if path.is_file()}
    markdown.write_text(damage(markdown.read_text("utf-8")), "utf-8")
    result = _run(project, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{REPORT}:" in result.stderr and message in result.stderr, result.stderr
    assert {path: path.read_bytes() for path in (project / "site").rglob("*") if path.is_file()} == before
    assert not [path for path in project.iterdir() if path.name.startswith(".site-")]


def test_an_invalid_report_stops_a_parallel_build_whose_processes_started_before_the_check(project: Path) -> None:
    """`gongkai build -j 2` builds the provinces while it checks (gongkai.site.build._meanwhile): on a failed
    check their processes are stopped, nothing is kept or published, and the previous site stays."""
    markdown = _ingested(project)
    assert _run(project, "build", "-j", "2").returncode == 0
    before = {path: path.read_bytes() for path in (project / "site").rglob("*") if path.is_file()}
    markdown.write_text(markdown.read_text("utf-8").replace("title: ", "title: [", 1), "utf-8")
    result = _run(project, "build", "-j", "2")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{REPORT}:" in result.stderr and "YAML" in result.stderr, result.stderr
    assert "站点已生成" not in result.stdout and not re.search(r"分站 \S+ 用时", result.stderr), result.stderr
    assert "未构建站点" in result.stderr
    assert {path: path.read_bytes() for path in (project / "site").rglob("*") if path.is_file()} == before
    assert not [path for path in project.iterdir() if path.name.startswith(".site-")]


def test_a_gbk_saved_report_is_named_not_a_traceback(project: Path) -> None:
    markdown = _ingested(project)
    markdown.write_bytes(markdown.read_text("utf-8").encode("gb18030"))
    result = _run(project, "build")
    assert result.returncode == 1 and "UTF-8" in result.stderr and REPORT in result.stderr


def test_an_unplaced_report_is_a_warning_for_build_and_an_error_for_check(project: Path) -> None:
    (project / "inbox" / "report.txt").write_text(
        "市中区茅桥镇人民政府关于2024年法治政府建设情况的报告\n\n2024年，我镇坚持依法行政，全年开展普法宣传12场次。\n",
        "utf-8",
    )
    (outcome,) = ingest([project / "inbox"], settings.load(project))
    assert outcome.markdown is not None and outcome.markdown.parent.name == UNPLACED
    result = _run(project, "build")
    assert result.returncode == 0 and "地区待确认" in result.stderr
    assert _run(project, "check").returncode == 1


# --- 8/9. Wrong or unclear ---------------------------------------------------------------------------------------


def test_control_characters_never_reach_the_markdown(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(
        "鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告\x00\n\n2024年，我乡\x07坚持依法行政\x1b。\n", "utf-8"
    )
    markdown = convert_file(source, settings.load(tmp_path)).markdown
    assert not any(ord(char) < 32 and char not in "\n" for char in markdown)


def test_a_report_year_after_this_year_is_an_error(project: Path) -> None:
    markdown = _ingested(project)
    folder = project / "content/410000/410423/2099"
    folder.mkdir()
    moved = folder / markdown.name
    moved.write_text(markdown.read_text("utf-8").replace("report_year: 2024", "report_year: 2099"), "utf-8")
    shutil.move(markdown.with_suffix(".docx"), folder / markdown.with_suffix(".docx").name)
    shutil.move(store.state_path(markdown), store.state_path(moved))
    markdown.unlink()
    errors, _warnings, _checked = check_content(settings.load(project))
    assert any("晚于今年" in error for error in errors), errors


def test_utf16_html_and_a_gbk_page_declaring_latin1_are_read(tmp_path: Path) -> None:
    page = (CASES / "003-taoyuan-jiaqiao" / "input.html").read_text("utf-8")
    config = settings.load(tmp_path)
    expected = convert_file(CASES / "003-taoyuan-jiaqiao" / "input.html", config).front_matter.title
    for name, data in (
        ("utf16.html", page.encode("utf-16")),
        ("utf16le.html", page.encode("utf-16-le")),
        (
            "latin1.html",
            page.replace('charset="utf-8"', 'charset="iso-8859-1"')
            .replace("charset=utf-8", "charset=iso-8859-1")
            .encode("gb18030"),
        ),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        assert convert_file(path, config).front_matter.title == expected, name


def test_the_near_duplicate_blamed_is_the_later_one(project: Path) -> None:
    first = _ingested(project)
    copy = first.with_name("410423208-fzzf-0123abcd.md")
    data = DOCX.read_bytes() + b"resaved"
    copy.with_suffix(".docx").write_bytes(data)
    import hashlib

    text = first.read_text("utf-8").replace(first.name.replace(".md", ".docx"), copy.with_suffix(".docx").name)
    old_hash = yaml.safe_load(first.read_text("utf-8").split("---")[1])["source_sha256"]
    copy.write_text(text.replace(old_hash, hashlib.sha256(data).hexdigest()), "utf-8")
    errors, _warnings, _checked = check_content(settings.load(project))
    duplicates = [error for error in errors if "疑似重复" in error]
    assert len(duplicates) == 1 and duplicates[0].startswith(str(copy.relative_to(project))), errors


def test_clerks_get_chinese_messages_naming_the_field_and_the_fix(project: Path) -> None:
    markdown = _ingested(project)
    markdown.write_text(markdown.read_text("utf-8").replace("review:", "review: 待核实\nold_review:", 1), "utf-8")
    errors, _warnings, _checked = check_content(settings.load(project))
    review = [error for error in errors if "review" in error and "[]" in error]
    assert review and not any("Input should" in error for error in errors), errors


def test_reconvert_says_what_it_skipped_restored_and_could_not_read(project: Path) -> None:
    markdown = _ingested(project)
    shutil.copy(CASES / "002-dazu-youting" / "input.docx", project / "inbox" / "second.docx")
    (second,) = ingest([project / "inbox"], settings.load(project))
    assert second.markdown is not None
    text = markdown.read_text("utf-8")
    markdown.write_text("\n".join(line for line in text.split("\n") if not line.startswith("topic:")), "utf-8")
    store.state_path(second.markdown).write_text("<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> other\n", "utf-8")
    results = {result.markdown.name: result for result in reconvert(settings.load(project))}
    assert "topic" in results[markdown.name].restored
    assert results[second.markdown.name].error and "转换记录" in str(results[second.markdown.name].error)
    store.state_path(markdown).unlink()
    result = _run(project, "ingest", "--reconvert")
    assert "没有转换记录" in result.stderr and "Traceback" not in result.stderr


def test_limit_memory_only_lowers_the_soft_limit() -> None:
    import resource

    code = "from gongkai.pipeline import limit_memory; import resource; limit_memory(); print(resource.getrlimit(resource.RLIMIT_AS))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    soft, hard = eval(result.stdout)  # noqa: S307 - our own child's printed tuple
    assert soft == 2 * 1024**3 and hard == resource.getrlimit(resource.RLIMIT_AS)[1]
    assert limit_memory is not None


def test_a_link_committed_into_content_is_an_error_and_never_published(project: Path) -> None:
    markdown = _ingested(project)
    (markdown.parent / "secrets.txt").symlink_to("/etc/passwd")
    errors, _warnings, _checked = check_content(settings.load(project))
    assert any("secrets.txt" in error and "符号链接" in error for error in errors), errors
    assert build_site(settings.load(project), strict=False) == 1
    markdown.parent.joinpath("secrets.txt").unlink()
    assert build_site(settings.load(project), strict=False) == 0
    (markdown.parent / "more").symlink_to("/etc", target_is_directory=True)  # a folder link: reported, not entered
    errors, _warnings, _checked = check_content(settings.load(project))
    assert [error for error in errors if "符号链接" in error] == [
        f"{markdown.parent.relative_to(project)}/more: 是符号链接，不会发布：请换成文件本身"
    ]


def test_a_linked_folder_in_content_is_never_published_by_mkdocs_itself(tmp_path: Path) -> None:
    """`gongkai build` refuses any link in content/ (above); a plain `mkdocs build` with the plugin, which follows
    folder links while listing content/, leaves out every file below one (it published them)."""
    project = copy_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("机密", "utf-8")
    (outside / "page.md").write_text("# 机密页\n", "utf-8")
    (project / "content" / "linked").symlink_to(outside, target_is_directory=True)
    report_folder = next(project.glob("content/*/*/*/*.md")).parent
    (report_folder / "copied.txt").symlink_to(outside / "secret.txt")  # a file link deep in a real folder
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True, check=False
    )
    assert "linked/secret.txt：是符号链接" in result.stderr and "linked/page.md：是符号链接" in result.stderr
    assert f"{report_folder.relative_to(project / 'content')}/copied.txt：是符号链接" in result.stderr
    assert not (project / "site" / "linked").exists()  # the sample's strict build even stops at the warning
    assert "feed.xsl" not in result.stderr  # the theme's own files, outside content/, are no links
