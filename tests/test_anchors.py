"""Heading anchors follow the report's own numbering, so a link to a section survives edits of the report."""

from __future__ import annotations

import re

import markdown

from gongkai.site.anchors import NumberedAnchors, section_number

REPORT = "# 标题\n\n## 一、主要举措\n\n### （一）加强领导\n\n#### 1. 学法\n\n### （二）依法决策\n\n## 二、存在的不足\n\n## 结语\n\n### （一）附记\n"


def _ids(text: str) -> dict[str, str]:
    html = markdown.markdown(text, extensions=["toc", NumberedAnchors()])
    return {heading: anchor for anchor, heading in re.findall(r'<h\d id="([^"]+)">([^<]+)</h\d>', html)}


def test_anchors_follow_the_numbering() -> None:
    ids = _ids(REPORT)
    assert [
        ids[name] for name in ("一、主要举措", "（一）加强领导", "1. 学法", "（二）依法决策", "二、存在的不足")
    ] == ["s1", "s1-1", "s1-1-1", "s1-2", "s2"]
    assert not ids["（一）附记"].startswith("s")  # under an unnumbered heading: left to toc


def test_a_heading_added_before_a_section_does_not_move_its_link() -> None:
    before = _ids(REPORT)
    after = _ids(REPORT.replace("## 二、存在的不足", "## 前言\n\n### 补充说明\n\n## 二、存在的不足"))
    assert before["二、存在的不足"] == after["二、存在的不足"] == "s2"
    assert before["（二）依法决策"] == after["（二）依法决策"]


def test_numbers_as_written() -> None:
    assert [
        section_number(text)
        for text in ("一、总体情况", "（十二）其他", "3. 学法", "（4）考核", "第二部分 成效", "结语")
    ] == [1, 12, 3, 4, 2, None]
