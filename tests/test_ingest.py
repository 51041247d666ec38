"""Staff submissions: every bad input gets a specific error, nothing is lost, nothing is half-written."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from gongkai import config as settings
from gongkai import store
from gongkai.ingest import ingest, reconvert
from gongkai.model import china_today
from gongkai.pipeline import convert_file
from gongkai.read import InputError, read_file
from ole import compound_file, word_header

CASES = Path(__file__).resolve().parent / "cases"
DOCX = CASES / "004-lushan-beizi" / "input.docx"
TXT = CASES / "000-fengdu-shuanglu-gb18030" / "input.txt"


def _reports(project: Path) -> list[Path]:
    """Files ingest wrote under content/."""
    return sorted(path for path in (project / "content").rglob("*") if path.is_file())


def _submit(project: Path, source: Path, name: str | None = None) -> Path:
    target = project / "inbox" / (name or source.name)
    shutil.copy(source, target)
    return target


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BAD_INPUTS = {
    "empty.docx": (b"", "文件是空的"),
    "truncated.docx": (DOCX.read_bytes()[:3000], "损坏"),
    "zipbomb.docx": (
        _zip({"word/document.xml": b"<w:document/>", "word/media/zero.bin": b"\0" * (20 * 1024 * 1024)}),
        "压缩炸弹",
    ),
    "locked.docx": (compound_file({"EncryptionInfo": b"\x04\x00", "EncryptedPackage": b"\0" * 64}), "密码"),
    "locked.doc": (compound_file({"WordDocument": word_header(encrypted=True), "1Table": b"\0" * 64}), "密码"),
    "sheet.doc": (compound_file({"Workbook": b"\x09\x08"}), "Excel"),
    "slides.doc": (compound_file({"PowerPoint Document": b"\0"}), "PowerPoint"),
    "sheet.docx": (_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), "Excel"),
    "torn-ole.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "损坏"),
    "webpage.docx": (
        b"<html><head><meta charset='utf-8'></head><body><p>\xe6\xb3\x95\xe6\xb2\xbb</p></body></html>",
        "HTML 网页",
    ),
    "old-word.docx": (compound_file({"WordDocument": word_header()}), "旧版 Word"),
    "program.exe": (b"MZ\x90\x00binary", "不支持的文件类型"),
    "notes.xyz": (b"just some text", "不支持的文件类型"),
    "list.html": (
        (
            "<html><body><ul>"
            + "".join(f"<li><a href='/a{i}.html'>通知{i}</a></li>" for i in range(30))
            + "</ul></body></html>"
        ).encode(),
        "正文",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_a_specific_error_and_stays_in_inbox(project: Path, name: str) -> None:
    data, expected = BAD_INPUTS[name]
    submitted = project / "inbox" / name
    submitted.write_bytes(data)
    outcomes = ingest([project / "inbox"], settings.load(project))
    assert [outcome.status for outcome in outcomes] == ["failed"]
    assert expected in outcomes[0].message, outcomes[0].message
    assert submitted.read_bytes() == data
    assert _reports(project) == []


def test_a_file_over_the_size_limit_is_refused_before_reading(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text("utf-8").replace("max_file_mb = 50", "max_file_mb = 0.001"), "utf-8")
    _submit(project, DOCX)
    (outcome,) = ingest([project / "inbox"], settings.load(project))
    assert outcome.status == "failed" and "超过上限" in outcome.message


def test_one_bad_file_does_not_stop_the_others(project: Path) -> None:
    (project / "inbox" / "a-empty.txt").write_bytes(b"")
    _submit(project, DOCX, "b.docx")
    outcomes = ingest([project / "inbox"], settings.load(project))
    assert [outcome.status for outcome in outcomes] == ["failed", "added"]
    assert sorted(path.name for path in (project / "inbox").iterdir()) == ["a-empty.txt"]


def test_odd_file_names_are_fine_and_never_name_the_output(project: Path) -> None:
    _submit(project, DOCX, " 背孜乡 报告(最终版)\u200b\u3000..docx")
    (outcome,) = ingest([project / "inbox"], settings.load(project))
    assert outcome.status == "added"
    assert outcome.markdown == project / "content/410000/410423/2024/410423208-fzzf.md"
    assert (outcome.markdown.parent / "410423208-fzzf.docx").read_bytes() == DOCX.read_bytes()


def test_a_path_with_dotdot_writes_nothing_outside_content(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(DOCX, outside / "x.docx")
    sneaky = project / "inbox" / ".." / ".." / "elsewhere" / "x.docx"
    before = set(tmp_path.rglob("*"))
    (outcome,) = ingest([sneaky], settings.load(project), keep=True)
    written = {path for path in set(tmp_path.rglob("*")) - before if path.is_file() and path.name != store.LOCK_FILE}
    assert outcome.status == "added"
    assert all(path.is_relative_to(project / "content") for path in written)
    assert (outside / "x.docx").exists()  # a file outside the inbox is never moved or deleted


def test_the_same_file_twice_is_recognised_and_named(project: Path) -> None:
    _submit(project, DOCX, "first.docx")
    ingest([project / "inbox"], settings.load(project))
    _submit(project, DOCX, "again.docx")
    (outcome,) = ingest([project / "inbox"], settings.load(project))
    assert outcome.status == "duplicate"
    assert "content/410000/410423/2024/410423208-fzzf.md" in outcome.message
    assert len(list((project / "content").rglob("*.md"))) == 1


def test_rerunning_ingest_changes_nothing(project: Path) -> None:
    _submit(project, DOCX)
    config = settings.load(project)
    ingest([project / "inbox"], config)
    snapshot = {path: path.read_bytes() for path in (project / "content").rglob("*") if path.is_file()}
    ingest([DOCX], config, keep=True)
    assert {path: path.read_bytes() for path in (project / "content").rglob("*") if path.is_file()} == snapshot


def test_two_different_reports_with_the_same_slug_both_survive(project: Path) -> None:
    _submit(project, DOCX, "a.docx")
    edited = DOCX.read_bytes()
    (project / "inbox" / "b.docx").write_bytes(_resave(edited))
    outcomes = ingest([project / "inbox"], settings.load(project))
    assert [outcome.status for outcome in outcomes] == ["added", "added"]
    names = sorted(path.name for path in (project / "content/410000/410423/2024").glob("*.md"))
    assert len(names) == 2 and "410423208-fzzf.md" in names
    assert any(name.startswith("410423208-fzzf-") for name in names)


def _resave(docx: bytes) -> bytes:
    """The same report, re-saved: different bytes, same content."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    return _zip({info.filename: source.read(info.filename) for info in reversed(source.infolist())})


def test_parallel_and_serial_runs_write_identical_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results = []
    for workers in (1, 2):
        root = tmp_path / f"j{workers}"
        (root / "content").mkdir(parents=True)
        shutil.copy(Path(__file__).resolve().parent.parent / "pyproject.toml", root)
        (root / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
        sources = sorted(CASES.glob("*/input.*"))
        ingest(sources, settings.load(root), workers=workers, keep=True)
        results.append(
            {path.relative_to(root): path.read_bytes() for path in (root / "content").rglob("*") if path.is_file()}
        )
    assert results[0] == results[1]
    assert len([path for path in results[0] if path.suffix == ".md"]) == len(sorted(CASES.glob("*/input.*")))


def test_an_interrupted_write_leaves_the_old_file_and_no_partial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    target.write_bytes(b"old")

    def crash(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        store.atomic_write(target, b"new content")
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["report.md"]


def test_a_written_file_keeps_the_permissions_of_the_one_it_replaces(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.write_bytes(b"")
    store.atomic_write(tmp_path / "new.md", b"new")
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == plain.stat().st_mode & 0o777  # as open() makes it
    (tmp_path / "new.md").chmod(0o640)
    store.atomic_write(tmp_path / "new.md", b"newer")
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o640


def test_dry_run_writes_nothing_and_keeps_the_inbox(project: Path) -> None:
    _submit(project, DOCX)
    (outcome,) = ingest([project / "inbox"], settings.load(project), dry_run=True)
    assert outcome.status == "would add"
    assert _reports(project) == [] and (project / "inbox" / DOCX.name).exists()


def test_reconvert_keeps_what_a_person_edited_and_updates_the_rest(project: Path) -> None:
    _submit(project, DOCX)
    config = settings.load(project)
    (outcome,) = ingest([project / "inbox"], config)
    assert outcome.markdown is not None
    text = outcome.markdown.read_text("utf-8")
    text = text.replace("doc_number: null", "doc_number: 鲁背政〔2025〕3号").replace(
        "2024年，在县委", "2024年，在县委（人工）", 1
    )
    outcome.markdown.write_text(text, "utf-8")
    state = store.read_state(outcome.markdown)
    assert state is not None
    state["front_matter"]["topic"] = "旧的机器值"  # as if an older converter had written another topic
    store.write_state(outcome.markdown, state["front_matter"], state["body"])
    text = text.replace("topic: 综合政务", "topic: 旧的机器值")
    outcome.markdown.write_text(text, "utf-8")
    (result,) = reconvert(config)
    after = outcome.markdown.read_text("utf-8")
    assert "doc_number: 鲁背政〔2025〕3号" in after and "（人工）" in after
    assert "topic: 综合政务" in after
    assert "doc_number" in result.kept and "正文" in result.kept and "topic" in result.updated


def test_ingest_records_the_day_it_collected_a_report_and_reconversion_keeps_it(project: Path) -> None:
    """collected_date: the day of China's calendar the report was stored (convert alone leaves it null, so the same
    file always converts to the same Markdown); a later reconversion never moves it."""
    _submit(project, DOCX)
    config = settings.load(project)
    before = china_today()
    (outcome,) = ingest([project / "inbox"], config)
    assert outcome.markdown is not None
    meta, _raw, _body = store.split(outcome.markdown.read_text("utf-8"))
    assert before <= dt.date.fromisoformat(str(meta["collected_date"])) <= china_today()
    assert convert_file(outcome.markdown.parent / str(meta["source_file"]), config).front_matter.collected_date is None
    text = outcome.markdown.read_text("utf-8").replace(
        f"collected_date: {meta['collected_date']}", "collected_date: 2025-04-02"
    )
    outcome.markdown.write_text(text, "utf-8")
    reconvert(config)
    assert "collected_date: 2025-04-02" in outcome.markdown.read_text("utf-8")


def test_read_file_refuses_a_scan_like_empty_text(tmp_path: Path) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text("   \n\n  ", "utf-8")
    with pytest.raises(InputError, match="空"):
        read_file(blank)


def test_a_markdown_original_is_stored_beside_its_report_without_overwriting_it(project: Path) -> None:
    source = project / "inbox" / "report.md"
    source.write_text(
        "---\ntopic: 法治建设\n---\n\n# 鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告\n\n2024年，我乡坚持依法行政。\n",
        "utf-8",
    )
    data = source.read_bytes()
    (outcome,) = ingest([project / "inbox"], settings.load(project))
    assert outcome.markdown is not None and outcome.markdown.name == "410423208-fzzf.md"
    assert (outcome.markdown.parent / "410423208-fzzf.md.txt").read_bytes() == data
    assert outcome.markdown.read_text("utf-8").startswith("---\ntitle: ")
