"""gongkai.written_yaml reads front matter without PyYAML: whatever it reads must be what PyYAML's safe loaders (the
check's and the build's, dates as text; PyYAML's own, dates as dates) read, for real, synthetic and generated front
matter and random YAML; what it does not read it must decline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import store
from gongkai.site import catalog
from gongkai.write import front_matter_yaml
from gongkai.written_yaml import WrittenYaml
from synthetic import write_corpus

ROOT = Path(__file__).resolve().parent.parent
LOADERS = [store._Loader, yaml.CSafeLoader]  # the check's and the build's (dates as text), PyYAML's (dates as dates)
READERS = [WrittenYaml(loader) for loader in LOADERS]
REPORTS = sorted([*(ROOT / "tests" / "cases").glob("*/expected.md"), *(ROOT / "content").glob("*/*/*/*.md")])


def _front_matter(path: Path) -> str:
    match = store.FRONT_MATTER.match(path.read_text("utf-8"))
    assert match
    return match.group(1)


def _same_or_declined(text: str) -> bool:
    """True when the readers read `text` (as PyYAML does; the one of dates may decline it), False when the check's
    declines it."""
    read = []
    for reader, loader in zip(READERS, LOADERS, strict=True):
        mapping = reader.read(text)
        if mapping is not None:
            expected = yaml.load(text, Loader=loader)  # noqa: S506 - safe loaders
            assert mapping == expected and list(mapping) == list(expected), text
            assert [type(value) for value in mapping.values()] == [type(value) for value in expected.values()], text
        read.append(mapping is not None)
    return read[0]


@pytest.mark.parametrize(
    "path", REPORTS, ids=lambda path: path.parent.name if path.name == "expected.md" else path.stem
)
def test_real_front_matter_is_read_as_pyyaml_reads_it(path: Path) -> None:
    assert _same_or_declined(_front_matter(path))


def test_synthetic_front_matter_is_read_as_pyyaml_reads_it(tmp_path: Path) -> None:
    assert all(_same_or_declined(_front_matter(path)) for path in write_corpus(tmp_path, 200, seed=21))


def test_what_it_does_not_know_is_declined() -> None:
    for text in [
        'title: "双引号"\n',
        "title: 标题 # 注释\n",
        "# 注释\ntitle: 标题\n",
        "title: 标题\ntitle: 又一个\n",
        "flag: yes\n",
        "flag: True\n",
        "ratio: 0.5\n",
        "code: 0420\n",
        "review:\n- field: title\n  note: 待核\n",
        "keywords:\n  - 缩进的列表\n",
        "issuers: [甲, 乙]\n",
        "signer:\n",
        "signer: \n",
        "title: 标题: 副标题\n",
        "title: |\n  多行\n",
        "title: 'unclosed\n",
        "title: a\ttab\n",
        "null: 1\n",
        "title: 标题",  # no final line break
    ]:
        assert not any(reader.read(text) for reader in READERS), text
        try:
            for loader in LOADERS:
                yaml.load(text, Loader=loader)  # noqa: S506 - PyYAML still reads it, or reports the error
        except (yaml.YAMLError, ValueError):
            pass
    # A date, one that does not exist, one with a time: text to the check's and the build's loader (the check
    # reports a bad one by its field), declined for PyYAML's own, which reads dates (or fails on them).
    for text in ("written_date: 2024-02-01\n", "written_date: 2024-02-30\n", "written_date: 2024-02-01 10:00:00\n"):
        assert READERS[0].read(text) == {"written_date": text[14:-1]}
        assert READERS[1].read(text) is None


def test_the_build_reads_front_matter_as_the_check_does_and_only_the_date_fields_as_dates() -> None:
    """A title that looks like a date (even one that does not exist) is the text the check passed, not a date, and
    not a failed build; the date fields are dates."""
    text = (ROOT / "content" / "500000" / "500111" / "2024" / "500111116-fzzf.md").read_text("utf-8")
    for title in ("2025-13-45", "2025-01-08"):
        loaded = catalog.load_report("a.md", text.replace("title: ", f"title: {title}\n_was: ", 1))
        assert loaded is not None
        meta = loaded[0].meta
        assert meta["title"] == title and meta["written_date"] == dt.date(2025, 1, 8)


SCALAR_TEXT = st.text(
    st.sampled_from(
        [*"法治政府建设报告〔〕（）：；，、。", *"az09 -:#'\"[]{}&*!|>%@`?,.~_\\/", "\t", "\u3000", "\u2028", "\x85"]
    ),
    max_size=10,
)
VALUES = st.one_of(
    SCALAR_TEXT,
    st.sampled_from(["null", "true", "false", "yes", "on", "0", "007", "2024", "-3", "1.5", "1e3", "2024-03-01", "~"]),
    st.integers(-10, 3000),
    st.none(),
    st.booleans(),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.lists(SCALAR_TEXT, max_size=3),
)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True), VALUES, max_size=8))
def test_written_front_matter_is_read_as_pyyaml_reads_it(data: dict[str, Any]) -> None:
    _same_or_declined(front_matter_yaml(data))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["title", "year", "- ", "issuers", "n"]), SCALAR_TEXT), max_size=5))
def test_any_lines_are_read_as_pyyaml_reads_them_or_declined(lines: list[tuple[str, str]]) -> None:
    text = "".join(f"{key}{'' if key == '- ' else ': '}{value}\n" for key, value in lines)
    try:
        _same_or_declined(text)
    except yaml.YAMLError:
        assert not any(reader.read(text) for reader in READERS)  # PyYAML refuses what was read
