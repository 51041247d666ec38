"""Fidelity on the real fixtures: the whole body text, in order, with every numbered heading, and no debris.

tests/reference-text/ holds each report's text as first extracted from its original, debris included, so it
is a recall reference, not the expected output.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from gongkai import config
from gongkai.pipeline import convert_file
from gongkai.textrules import CJK

TESTS = Path(__file__).resolve().parent
CASES = TESTS / "cases"
REFERENCE = {
    "000-fengdu-shuanglu": "000-fengdu-shuanglu.txt",
    "000-fengdu-shuanglu-gb18030": "000-fengdu-shuanglu.txt",
    "002-dazu-youting": "002-dazu-youting.txt",
    "002-dazu-youting-pdf": "002-dazu-youting.txt",
    "003-taoyuan-jiaqiao": "003-taoyuan-jiaqiao.txt",
    "003-taoyuan-jiaqiao-gbk": "003-taoyuan-jiaqiao.txt",
    "004-lushan-beizi": "004-lushan-beizi.txt",
}
# Portal chrome in the saved pages' reference text: these lines must not reach the Markdown.
CHROME_LINES = ("政府信息公开", "字号", "扫一扫在手机打开当前页", "已归档", "打印本页", "关闭窗口", "来源")
_CJK = re.compile(f"[{CJK}]")
_PERSONAL = re.compile(r"1[3-9]\d{9}")


def _convert(case: str) -> str:
    (source,) = (CASES / case).glob("input.*")
    return convert_file(source, config.load(CASES)).markdown


def _reference_body(name: str) -> list[str]:
    lines = [line.strip() for line in (TESTS / "reference-text" / name).read_text("utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith(CHROME_LINES) and "[bookmark" not in line]


@pytest.mark.parametrize("case", sorted(REFERENCE))
def test_every_cjk_character_of_the_body_appears_in_order(case: str) -> None:
    reference = "".join(_CJK.findall("".join(_PERSONAL.sub("", line) for line in _reference_body(REFERENCE[case]))))
    body = _convert(case).split("\n---\n", 1)[1]
    output = "".join(_CJK.findall(body))
    matched = sum(
        block.size for block in SequenceMatcher(None, reference, output, autojunk=False).get_matching_blocks()
    )
    recall = matched / len(reference)
    assert recall >= 0.995, f"{case}: CJK recall {recall:.4f}"


@pytest.mark.parametrize("case", sorted(REFERENCE))
def test_every_numbered_section_line_is_a_heading(case: str) -> None:
    headings = [line for line in _convert(case).splitlines() if line.startswith("#")]
    wanted = [
        line
        for line in _reference_body(REFERENCE[case])
        if re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", line)
    ]
    assert wanted
    for line in wanted:
        number = re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", line)
        assert number is not None
        assert any(
            heading.lstrip("# ").startswith(number.group(0) + line[len(number.group(0)) : len(number.group(0)) + 4])
            for heading in headings
        ), line


@pytest.mark.parametrize("case", ["003-taoyuan-jiaqiao", "003-taoyuan-jiaqiao-gbk"])
def test_no_portal_chrome_survives(case: str) -> None:
    body = _convert(case).split("\n---\n", 1)[1]
    for line in body.splitlines():
        assert not any(line.strip().startswith(chrome) for chrome in CHROME_LINES[1:]), line


@pytest.mark.parametrize("case", ["000-fengdu-shuanglu-gb18030", "000-fengdu-shuanglu", "004-lushan-beizi"])
def test_no_word_debris(case: str) -> None:
    markdown = _convert(case)
    for debris in ("_GoBack", "bookmark", "{#", ".anchor", "\\\n", "\n> "):
        assert debris not in markdown
