"""What a province's build read of each report, kept for its next build (gongkai.site.readings): a report whose
text is the same is not parsed again; an edited one, or one read under other code or settings, is."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.site import compliance, readings
from gongkai.site.catalog import Report, load_report
from gongkai.site.readings import READINGS, Readings

ROOT = Path(__file__).resolve().parent.parent
YOUTING = "500000/500111/2024/500111116-fzzf.md"


def _text() -> str:
    return (ROOT / "content" / YOUTING).read_text("utf-8-sig")


def test_a_reading_is_what_parsing_the_report_gives() -> None:
    text = _text()
    read = Readings()
    reading = read.read(YOUTING, text)
    loaded = load_report(YOUTING, text)
    assert reading is not None and loaded is not None
    assert reading.report == loaded[0] and text[reading.body_at :] == loaded[1]
    assert read.sentences() == {YOUTING: compliance.fingerprints(loaded[1])}
    assert Readings().read("500000/500111/2024/notes.md", "# 说明\n") is None  # no front matter: no report


def test_the_next_build_takes_an_unchanged_report_from_the_last_and_parses_an_edited_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _text()
    last = Readings(shared="build-1")
    first = last.read(YOUTING, text)
    assert first is not None
    last.read("420000/421123/2024/other.md", text)  # another province's: left for its own build
    last.write(tmp_path, "500000")
    assert Readings([tmp_path], "build-1").known.keys() == {YOUTING}
    parsed: list[str] = []

    def counting_load(src_uri: str, text: str) -> tuple[Report, str] | None:
        parsed.append(src_uri)
        return load_report(src_uri, text)

    monkeypatch.setattr(readings, "load_report", counting_load)
    sentences = last.sentences()[YOUTING]
    kept = Readings([tmp_path], "build-1")
    assert kept.read(YOUTING, text) == first and parsed == []
    with monkeypatch.context() as patched:  # its sentences are taken too, not fingerprinted again
        patched.setattr(compliance, "fingerprints_of", lambda bodies: pytest.fail("fingerprinted again"))
        assert kept.sentences() == {YOUTING: sentences}
    edited = Readings([tmp_path], "build-1").read(YOUTING, text.replace("邮亭镇", "邮亭镇（改）"))
    assert edited is not None and "（改）" in edited.report.title and parsed == [YOUTING]
    assert Readings([tmp_path], "build-2").read(YOUTING, text) == first and parsed == [YOUTING, YOUTING]


def test_a_damaged_or_missing_readings_file_is_read_as_none(tmp_path: Path) -> None:
    (tmp_path / READINGS).write_bytes(b"not a pickle")
    assert Readings([tmp_path, tmp_path / "missing"], "build-1").known == {}


def test_reports_are_fingerprinted_in_batches_as_they_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build holds the bodies of one batch at most; each report's sentences are its own whatever batch it was in."""
    text = _text()
    monkeypatch.setattr(compliance, "BATCH_UNITS", 3000)
    read = Readings()
    uris = [f"500000/500111/2024/{number}.md" for number in range(7)]
    for number, uri in enumerate(uris):
        read.read(uri, text.replace("邮亭镇", "邮亭镇" * (number + 1)))
        assert sum(map(len, read._unprinted.values())) < 3000 + len(text)
    loaded = [load_report(uri, text.replace("邮亭镇", "邮亭镇" * (number + 1))) for number, uri in enumerate(uris)]
    assert read.sentences() == {
        uri: compliance.fingerprints(found[1]) for uri, found in zip(uris, loaded, strict=True) if found
    }
