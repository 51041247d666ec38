"""Normalisation rules: typography, heading levels, document anatomy; property tests for the text rules."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.document import Heading, Inline, Paragraph, RawDocument, Table
from gongkai.normalise import normalise
from gongkai.textrules import CJK, clean_text, numbering_level

_CJK_CHAR = re.compile(f"[{CJK}]")

chinese_text = st.text(
    alphabet=st.sampled_from(
        list(
            "法治政府建设年度报告一二三四五六七八九十〇镇乡县区（）()，,。.：:；;！!？?“”《》、 \u3000\u00a0\u200b\t0123456789abcXYZ-/〔〕[]【】号年月日"
        )
    ),
    max_size=80,
)


@given(chinese_text)
def test_clean_text_never_loses_a_cjk_character(text: str) -> None:
    assert _CJK_CHAR.findall(clean_text(text)) == _CJK_CHAR.findall(text)


@given(chinese_text)
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@given(st.text(max_size=200))
def test_clean_text_never_raises_on_any_unicode(text: str) -> None:
    clean_text(text)


# Text that cannot form page furniture (no digits for bar dates, no spaces for menu rows, no 告 for a repeated
# title): the head of a document loses its furniture on purpose (gongkai.furniture); everything else is kept.
document_text = st.text(
    alphabet=st.sampled_from(
        list("法治政府建设年度报一二三四五六七八九十〇镇乡县区（）()，,。.：:；;！!？?“”《》、abcXYZ〔〕[]【】号年月日")
    ),
    max_size=80,
)


@settings(max_examples=200)
@given(st.lists(st.lists(document_text, min_size=1, max_size=3), max_size=12))
def test_normalise_never_raises_and_keeps_every_cjk_character(paragraphs: list[list[str]]) -> None:
    raw = RawDocument(
        blocks=[Paragraph(lines=[[Inline(line)] for line in lines]) for lines in paragraphs], source_format="txt"
    )
    document = normalise(raw)
    out = "".join(
        [
            document.front.title or "",
            document.front.recipient or "",
            *document.front.letterhead,
            *document.front.issuer_line,
            document.front.doc_number or "",
            document.front.signer or "",
            *(
                " ".join(" ".join(row) for row in block.rows) if isinstance(block, Table) else block.text
                for block in document.body
            ),
            *document.closing.signatures,
            document.closing.date_text or "",
            document.closing.contact or "",
            *document.closing.colophon,
        ]
    )
    # The front matter recogniser may drop the "签发人：" label and a joint issuer line's spaces; nothing else.
    source = "".join("".join(lines) for lines in paragraphs).replace("签发人", "")
    assert sorted(_CJK_CHAR.findall(out.replace("签发人", ""))) == sorted(_CJK_CHAR.findall(source))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("2024年度,我镇在县委、县政府的正确领导下,深入学习", "2024年度，我镇在县委、县政府的正确领导下，深入学习"),
        ("现将有关情况总结如下:", "现将有关情况总结如下："),
        ("共印发资料3,500份,时间10:30", "共印发资料3,500份，时间10:30"),
        ("2024 年 法 治 政府", "2024年法治政府"),
        ("(联系人：张琼)", "（联系人：张琼）"),
        ("邮亭委文[2025]1号", "邮亭委文〔2025〕1号"),
        ("某府发【2024】12 号", "某府发〔2024〕12号"),
        ("详见 http://www.example.gov.cn/a,b 页面", "详见 http://www.example.gov.cn/a,b 页面"),
        ("\u200b法治\u00a0建设\ufeff", "法治建设"),
        ("Rule of law, China", "Rule of law, China"),
        ("“4.25世界土地日”", "“4.25世界土地日”"),
    ],
)
def test_typography(before: str, after: str) -> None:
    assert clean_text(before) == after


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("一、主要举措和成效", 2),
        ("十二、其他", 2),
        ("（一）推进依法行政", 3),
        ("(三)严格执法", 3),
        ("1.强化组织领导", 4),
        ("2、带头学法用法", 4),
        ("（1）加强学习", 5),
        ("4.25世界土地日活动", None),
        ("一是加强学习", None),
        ("2024年工作", None),
    ],
)
def test_numbering_levels(text: str, level: int | None) -> None:
    assert numbering_level(text) == level


def _document(*lines: str) -> RawDocument:
    return RawDocument(blocks=[Paragraph(lines=[[Inline(line)]]) for line in lines], source_format="txt")


def test_organ_line_and_title_line_become_one_title() -> None:
    document = normalise(
        _document("鲁山县背孜乡人民政府", "关于2024年法治政府建设情况的报告", "2024年，我乡坚持依法行政。")
    )
    assert document.front.title == "鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告"


def test_letterhead_doc_number_signer_and_joint_issuers() -> None:
    document = normalise(
        _document(
            "中共重庆市大足区邮亭镇委",
            "邮亭委文〔2025〕1号",
            "签发人：杜 韧",
            "中共重庆市大足区邮亭镇委 重庆市大足区邮亭镇人民政府",
            "关于邮亭镇人民政府法治政府建设情况报告",
            "2024年以来，我镇依法行政。",
        )
    )
    front = document.front
    assert front.doc_number == "邮亭委文〔2025〕1号"
    assert front.signer == "杜韧"
    assert front.issuer_line == ["中共重庆市大足区邮亭镇委", "重庆市大足区邮亭镇人民政府"]
    assert front.title == "关于邮亭镇人民政府法治政府建设情况报告"


def test_recipient_line_is_recognised_not_body() -> None:
    document = normalise(
        _document("关于2024年法治政府建设情况的报告", "沈丘县人民政府：", "2024年，我局坚持依法行政。")
    )
    assert document.front.recipient == "沈丘县人民政府"
    assert isinstance(document.body[0], Paragraph) and document.body[0].text.startswith("2024年")


def test_signature_date_and_contact_form_the_closing_block() -> None:
    document = normalise(
        _document(
            "某镇2024年法治政府建设情况报告",
            "正文一句。",
            "某某镇人民政府",
            "2025年1月8日",
            "（联系人：张琼；联系电话：023-12345678）",
        )
    )
    assert document.closing.signatures == ["某某镇人民政府"]
    assert document.closing.date_text == "2025年1月8日"
    assert document.closing.contact is not None and "联系人" in document.closing.contact
    assert [block.text for block in document.body if isinstance(block, Paragraph)] == ["正文一句。"]


def test_headings_from_numbering_and_lead_in_sentences() -> None:
    document = normalise(
        _document(
            "某镇2024年法治政府建设情况报告",
            "一、主要举措和成效",
            "（一）严格规范公正文明执法。全面推行行政执法三项制度。",
            "1.强化组织领导。乡党政主要负责人切实履行第一责任人职责。",
            "2.带头学法用法",
            "一是加强学习，二是强化培训。",
        )
    )
    headings = [(block.level, block.text) for block in document.body if isinstance(block, Heading)]
    assert headings == [(2, "一、主要举措和成效"), (3, "（一）严格规范公正文明执法"), (4, "2.带头学法用法")]
    texts = [block.text for block in document.body if isinstance(block, Paragraph)]
    assert texts[0] == "全面推行行政执法三项制度。"
    assert texts[1].startswith("1.强化组织领导。")


def test_line_breaks_inside_a_sentence_are_rejoined() -> None:
    raw = RawDocument(
        blocks=[
            Paragraph(lines=[[Inline("某镇2024年法治政府建设情况报告")]]),
            Paragraph(
                lines=[
                    [Inline("我镇坚持以习近平新时代中国特色")],
                    [Inline("社会主义思想为指导。")],
                    [Inline("一是加强学习。")],
                ]
            ),
        ],
        source_format="docx",
    )
    texts = [block.text for block in normalise(raw).body if isinstance(block, Paragraph)]
    assert texts == ["我镇坚持以习近平新时代中国特色社会主义思想为指导。", "一是加强学习。"]


def test_signature_and_date_on_one_line_and_the_colophon_are_recognised() -> None:
    document = normalise(
        _document(
            "某镇2024年法治政府建设情况报告", "正文一句。", "某某镇人民政府 2025年1月8日", "抄送：县委办，县政府办。"
        )
    )
    assert document.closing.signatures == ["某某镇人民政府"] and document.closing.date_text == "2025年1月8日"
    assert document.closing.colophon == ["抄送：县委办，县政府办。"]


def test_tables_are_kept() -> None:
    raw = RawDocument(
        blocks=[
            Paragraph(lines=[[Inline("某镇2024年法治政府建设情况报告")]]),
            Table(rows=[["序号", "项目"], ["1", "学法 4 次"]]),
        ],
        source_format="docx",
    )
    tables = [block for block in normalise(raw).body if isinstance(block, Table)]
    assert tables and tables[0].rows == [["序号", "项目"], ["1", "学法4次"]]
