"""gongkai.site.compliance: the deadline and the 20 working days, the required parts, repetition."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given
from hypothesis import strategies as st

from gongkai.site import compliance
from gongkai.site.catalog import Catalog, Report, handover, taken_over
from gongkai.site.compliance import (
    Repetition,
    fingerprints,
    fingerprints_of,
    parts_present,
    repetition,
    sentence_hash,
    timeliness,
    working_days_between,
)
from gongkai.site.report_view import compliance_section
from gongkai.site.statistics import PAGE, statistics_files

D = dt.date


@pytest.mark.parametrize(
    ("published", "status", "late"),
    [
        (D(2025, 3, 31), "按时公开", 0),  # the last day before 1 April
        (D(2025, 4, 1), "逾期公开", 1),
        (D(2025, 5, 1), "逾期公开", 31),
        (D(2024, 12, 30), "按时公开", 0),
        (None, "日期不详", None),
    ],
)
def test_the_deadline_is_before_1_april_of_the_next_year(
    published: dt.date | None, status: str, late: int | None
) -> None:
    result = timeliness({"report_year": 2024, "published_date": published})
    assert (result.status, result.days_late, result.deadline) == (status, late, D(2025, 3, 31))


def test_a_site_may_hold_its_reports_to_another_deadline() -> None:
    assert timeliness({"report_year": 2024, "published_date": D(2025, 3, 1)}, (3, 1)).status == "逾期公开"


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (D(2025, 3, 7), D(2025, 3, 7), 0),  # the same day
        (D(2025, 3, 7), D(2025, 3, 10), 1),  # Friday to Monday: the weekend does not count
        (D(2025, 3, 3), D(2025, 3, 31), 20),  # four weeks: 20 working days
        (D(2025, 3, 3), D(2025, 4, 1), 21),
    ],
)
def test_working_days_skip_weekends(start: dt.date, end: dt.date, days: int) -> None:
    assert working_days_between(start, end) == days
    written = timeliness({"report_year": 2024, "written_date": start, "published_date": end})
    assert written.working_days == days


def test_the_parts_present_are_named_in_words() -> None:
    parts = dict(parts_present({"sections": ["measures", "shortcomings", "next_year"]}))
    assert parts == {
        "主要举措和成效": True,
        "存在的不足和原因": True,
        "党政主要负责人履行第一责任人职责情况": False,
        "下一年度的主要安排": True,
    }


WORKS = "普法 调解 执法 复议 应诉 审查 备案 公开 监督 培训 宣传 考核 巡查 整治 服务 信访 安全 环保 住建 教育".split()
LAST_YEAR = "\n\n".join(
    f"2023年，某镇坚持依法行政，{work}工作扎实推进，共开展{number}次，取得明显成效。"
    for number, work in enumerate(WORKS, start=1)
)


def test_a_report_copied_from_last_year_shows_its_repeat_share() -> None:
    """Years changed and four sentences rewritten: 16 of 20 sentences are last year's."""
    this_year = LAST_YEAR.replace("2023年", "2024年")
    for work in WORKS[:4]:
        this_year = this_year.replace(f"{work}工作扎实推进", f"{work}改革全面铺开")
    meta = {"publisher": "某镇人民政府", "doc_type": "法治政府建设年度报告", "county_code": "500111"}
    other = "\n\n".join(f"另一镇{work}工作稳步推进，效果良好，群众满意度提升。" for work in WORKS)
    found = repetition(
        [
            ("a/2024.md", {**meta, "report_year": 2024}, fingerprints(this_year)),
            ("a/2023.md", {**meta, "report_year": 2023}, fingerprints(LAST_YEAR)),
            ("b/2024.md", {**meta, "publisher": "另一镇人民政府", "report_year": 2024}, fingerprints(other)),
        ]
    )
    assert found["a/2024.md"].previous_share == pytest.approx(0.8)
    assert found["a/2023.md"].previous_share is None  # no 2022 report held
    assert found["a/2024.md"].peer == "b/2024.md" and found["a/2024.md"].peer_share == 0.0
    assert found["b/2024.md"].previous_share is None


def _sentences_by_definition(markdown: str) -> frozenset[int]:
    """The definition, sentence by sentence: cut at 。！？； and line ends, drop what is not a letter or digit (and
    "_"), digits folded to #, sentences under 8 characters left out."""
    found = set()
    for sentence in re.split(r"[。！？；\n]+", markdown):
        text = re.sub(r"\d+", "#", re.sub(r"[^\w]|_", "", sentence))
        if len(text) >= 8:
            found.add(sentence_hash(text))
    return frozenset(found)


@example("依法行政共开展1,000次_培训。依法行政共开展1000次培训")  # one sentence: the number folds once
@example("1a1a1a1a")  # a digit first: its # is kept
@example("二〇二四年依法行政²①次培训𠀀，共开展1０００次培训。")  # 〇 ² ①: letters, not \d; 𠀀: beyond the BMP
@given(st.text(alphabet=st.sampled_from("依法行政第12３四_ ，,。！？；\n\t*#-[](）a٣〇²①𠀀"), max_size=200))
def test_fingerprints_fold_the_body_once_as_each_sentence_would_be(markdown: str) -> None:
    assert fingerprints(markdown) == _sentences_by_definition(markdown)


_TEXTS = st.text(alphabet=st.sampled_from("依法行政第12３四_ ，。；\n#a𠀀"), max_size=60)


@given(st.lists(_TEXTS, max_size=8), st.integers(min_value=1, max_value=80))
def test_texts_fingerprinted_together_give_what_each_gives_alone(texts: list[str], batch: int) -> None:
    """Joined into batches (of `batch` units, so that texts meet at every place a batch can cut), each text keeps its
    own sentences: none runs on into the next text, a digit ending one does not fold with a digit opening the next."""
    with mock.patch.object(compliance, "BATCH_UNITS", batch):
        assert fingerprints_of(texts) == [_sentences_by_definition(text) for text in texts]


@given(st.lists(st.frozensets(st.integers(0, 6), max_size=5), min_size=2, max_size=6))
def test_the_closest_peer_shares_the_largest_part_of_a_reports_sentences(prints: list[frozenset[int]]) -> None:
    """As defined: of the other reports of its county and year, the one holding the largest share of the report's
    sentences, of equal shares the greatest src_uri (each pair is counted once, for both, by a matrix product)."""
    uris = [f"500000/500111/2024/{index}.md" for index in range(len(prints))]
    meta: Any = {"county_code": "500111", "report_year": 2024}
    found = repetition((uri, meta, sentences) for uri, sentences in zip(uris, prints, strict=True))
    for uri, sentences in zip(uris, prints, strict=True):
        share, peer = max(
            (len(sentences & other) / len(sentences) if sentences else 0.0, other_uri)
            for other_uri, other in zip(uris, prints, strict=True)
            if other_uri != uri
        )
        assert (found[uri].peer_share, found[uri].peer) == (share, peer)


def test_repeat_shares_reach_the_statistics_page_through_a_province_builds_handover() -> None:
    """A province's build reads the texts and hands over their repeat shares; the portal's statistics page, which
    reads no text, shows their median per province and year, over the reports whose previous one is held."""
    meta = {"publisher": "某镇人民政府", "province": "重庆市", "report_year": 2024, "source_sha256": "0" * 64}
    reports = [Report(f"500000/500111/2024/{n}.md", {**meta, "publisher": f"{n}镇人民政府"}) for n in range(3)]  # type: ignore[typeddict-item]
    metas, shares = taken_over(handover(reports, {reports[0].src_uri: 0.5, reports[1].src_uri: 0.9}))
    catalog = Catalog([Report(uri, found) for uri, found in metas.items()], shares)
    page = dict(statistics_files(catalog, (4, 1)))[PAGE]
    assert "| 重庆市 | 2024年 | 3 |" in page
    row = next(line for line in page.splitlines() if line.startswith("| 重庆市 | 2024年"))
    assert row.endswith("| 70%（2 篇） |")


def _section(
    meta: Any, repeat: Repetition | None = None, history_url: str | None = None, peer: tuple[str, str] | None = None
) -> str:
    return str(compliance_section(timeliness(meta), parts_present(meta), repeat, history_url, peer))


def test_a_report_pages_compliance_section_says_each_finding_in_words() -> None:
    late = {"report_year": 2024, "published_date": D(2025, 4, 22), "written_date": D(2025, 3, 10)}
    text = BeautifulSoup(_section({**late, "sections": ["measures"]}), "html.parser").get_text("|")
    assert "逾期 22 天公开（期限：2025年3月31日前）" in text
    assert "31 个工作日（超过 20 个工作日）" in text
    assert "有：主要举措和成效" in text and "未见：存在的不足和原因" in text
    assert "本站未收录该机关上一年度的报告" in text and "本机关历年报告" not in text
    on_time = {"report_year": 2024, "published_date": D(2025, 3, 14), "written_date": D(2025, 3, 10)}
    assert "4 个工作日（在 20 个工作日内）" in _section(on_time)
    assert "发布日期不详，无法判断" in _section({"report_year": 2024})
    assert "成文至发布" not in _section({"report_year": 2024})


def test_the_compliance_section_links_the_organs_history_and_the_closest_peer_escaped() -> None:
    """Addresses and the peer's title come from submissions: escaped by the section, so a hostile one stays text."""
    repeat = Repetition(previous_share=0.645, peer_share=0.5, peer="b/2024.md")
    page = BeautifulSoup(
        _section(
            {"report_year": 2024},
            repeat,
            history_url='../organs/ab"12/',
            peer=('../b/" onmouseover="x', "<script>x</script>某镇报告"),
        ),
        "html.parser",
    )
    assert "相同的语句占 64%" in page.get_text()  # 64.5 rounds half to even, as Jinja's round filter did
    links = {a.get_text(): a["href"] for a in page.select("a")}
    assert links == {
        "查看本机关各年度的报告及公开情况": '../organs/ab"12/',
        "<script>x</script>某镇报告": '../b/" onmouseover="x',
    }
    assert page.select("script") == [] and all(set(a.attrs) == {"href"} for a in page.select("a"))
    assert "相同的语句最多占 50%" in page.get_text()
