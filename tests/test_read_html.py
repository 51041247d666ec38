"""The HTML reader: saved portal pages give the article body without chrome, plus the page's own metadata."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from gongkai.document import Paragraph, RawDocument, Table
from gongkai.read import html as html_reader
from gongkai.read.base import InputError

read = functools.partial(html_reader.read, kind="html")  # the reader as read_file calls it

SAMPLES = Path(__file__).parent.parent / "samples"
# The report's text as first extracted from the page, portal chrome included (see tests/test_fidelity.py).
REFERENCE = Path(__file__).parent / "reference-text" / "003-taoyuan-jiaqiao.txt"

CHROME = (
    "字号",
    "扫一扫在手机打开当前页",
    "已归档",
    "打印本页",
    "关闭窗口",
    "当前位置",
    "上一篇",
    "下一篇",
    "主办单位",
    "承办单位",
    "网站标识码",
    "ICP备",
    "公网安备",
    "联系电话",
    "网站地图",
    "无障碍",
)

# Three paragraphs of report text, long enough (> 100 hanzi) to count as a body on their own.
REPORT = [
    "2024年，我局深入学习贯彻习近平法治思想，严格落实法治政府建设实施纲要，坚持依法行政，推进重大行政决策合法性审查全覆盖。",
    "一是完善行政执法三项制度，全年组织执法人员培训4次，打印并发放普法宣传资料3000余份，群众法治意识明显增强，营造了良好的法治环境。",
    "二是深化政务公开，及时公开权力清单和责任清单，主动接受社会监督，办理政府信息公开申请12件，全部在法定期限内答复。",
]


def _texts(document: RawDocument) -> list[str]:
    """Each block's text; a table as the repr of its rows. Readers give only paragraphs and tables."""
    texts = []
    for block in document.blocks:
        assert isinstance(block, Paragraph | Table)
        texts.append(block.text if isinstance(block, Paragraph) else str(block.rows))
    return texts


def _read_page(tmp_path: Path, html: str, encoding: str = "utf-8") -> RawDocument:
    path = tmp_path / "page.html"
    path.write_bytes(html.encode(encoding))
    return read(path, path.read_bytes())


def _page(body: str, head: str = "", before: str = "", after: str = "") -> str:
    """A portal-like page: nav and footer around `before`, the article container `body`, then `after`."""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xxgk/">政府信息公开</a></li></ul></div>
<div class="main">{before}{body}{after}</div>
<div class="bottom"><p>主办单位：某某县人民政府办公室</p><p>网站标识码：1234560001　京ICP备12345678号</p></div>
</body></html>"""


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


# ---------------------------------------------------------------- the 桃源县架桥镇 fixture


@pytest.fixture(scope="module")
def taoyuan() -> RawDocument:
    path = SAMPLES / "003-taoyuan-jiaqiao.html"
    return read(path, path.read_bytes())


def test_gbk_page_reads_the_same_as_utf8(taoyuan: RawDocument) -> None:
    path = SAMPLES / "003-taoyuan-jiaqiao-gbk.html"
    gbk = read(path, path.read_bytes())
    assert (taoyuan.encoding, gbk.encoding) == ("utf-8", "gb18030")
    assert gbk.blocks == taoyuan.blocks
    assert gbk.page_meta == taoyuan.page_meta


def test_page_meta_of_the_fixture(taoyuan: RawDocument) -> None:
    assert taoyuan.source_format == "html"
    assert taoyuan.page_meta == {
        "SiteName": "桃源县人民政府",
        "SiteDomain": "www.taoyuan.gov.cn",
        "SiteIDCode": "4307250001",
        "ColumnName": "法治政府建设年度报告",
        "ColumnDescription": "依法公开本县各乡镇（街道）、县直部门法治政府建设年度报告",
        "ColumnKeywords": "法治政府建设,年度报告,政府信息公开",
        "ColumnType": "法定主动公开内容",
        "ArticleTitle": "桃源县架桥镇2024年法治政府建设工作报告",
        "PubDate": "2025-03-28 11:14",
        "ContentSource": "桃源县架桥镇",
        "Keywords": "架桥镇,法治政府建设,年度报告",
        "Author": "桃源县架桥镇",
        "Description": "2024年度,我镇在县委、县政府的正确领导下,深入学习贯彻党的二十大和二十届三中全会精神,"
        "全面贯彻落实习近平法治思想,全面落实中央、省、市法治政府建设实施纲要,",
        "Url": "http://www.taoyuan.gov.cn/xxgk/fdzdgknr/fzzfjsndbg/202503/t20250328_3821947.html",
        "title": "桃源县架桥镇2024年法治政府建设工作报告-桃源县人民政府",
        "来源": "桃源县架桥镇",
        "发布时间": "2025-03-28 11:14",
    }


def test_title_above_the_container_becomes_the_first_block(taoyuan: RawDocument) -> None:
    first = taoyuan.blocks[0]
    assert isinstance(first, Paragraph) and first.heading_hint == 1
    assert first.text == "桃源县架桥镇2024年法治政府建设工作报告"
    assert _texts(taoyuan)[1].startswith("2024年度,我镇在县委、县政府的正确领导下")


def test_no_body_paragraph_is_lost(taoyuan: RawDocument) -> None:
    reference = REFERENCE.read_text("utf-8")
    body = reference[reference.index("2024年度,我镇") : reference.index("扫一扫在手机打开当前页")]
    expected = [line.strip(" \u3000") for line in body.splitlines() if line.strip()]
    assert [text.strip(" \u3000") for text in _texts(taoyuan)[1:]] == expected


def test_no_chrome_remains(taoyuan: RawDocument) -> None:
    for text in _texts(taoyuan):
        assert not any(word in text for word in CHROME), text


def test_bold_headings_stay_bold(taoyuan: RawDocument) -> None:
    heading = next(block for block in taoyuan.blocks if isinstance(block, Paragraph) and block.text.startswith("一、"))
    assert heading.all_strong


def test_reading_is_deterministic(taoyuan: RawDocument) -> None:
    path = SAMPLES / "003-taoyuan-jiaqiao.html"
    again = read(path, path.read_bytes())
    assert (again.blocks, again.page_meta) == (taoyuan.blocks, taoyuan.page_meta)


# ---------------------------------------------------------------- decoding


def test_gbk_page_without_charset_declaration(tmp_path: Path) -> None:
    html = _page(_paragraphs(REPORT), head="<title>某某县司法局2024年法治政府建设年度报告</title>").replace(
        '<meta charset="utf-8">', ""
    )
    document = _read_page(tmp_path, html, encoding="gbk")
    assert document.encoding == "gb18030"
    assert _texts(document) == REPORT


def test_xhtml_page_with_xml_declaration(tmp_path: Path) -> None:
    html = '<?xml version="1.0" encoding="gb2312"?>\n' + _page(f'<div class="TRS_Editor">{_paragraphs(REPORT)}</div>')
    document = _read_page(tmp_path, html.replace('<meta charset="utf-8">', ""), encoding="gb2312")
    assert document.encoding == "gb18030"
    assert _texts(document) == REPORT


# ---------------------------------------------------------------- finding the body


def test_zoom_container_with_chrome_lines_inside(tmp_path: Path) -> None:
    body = (
        '<div id="zoom"><p>发布时间：2025-03-28　来源：某某县司法局</p><p>字号：【大 中 小】</p>'
        f"{_paragraphs(REPORT)}"
        "<p>【打印本页】 【关闭窗口】</p><p>分享到：</p><p>扫一扫在手机打开当前页</p></div>"
    )
    head = "<title>某某县司法局2024年法治政府建设年度报告 - 某某县人民政府</title>"
    before = '<div class="location">当前位置：首页 &gt; 政府信息公开</div><div class="title">某某县司法局2024年法治政府建设年度报告</div>'
    document = _read_page(tmp_path, _page(body, head=head, before=before))
    assert _texts(document) == ["某某县司法局2024年法治政府建设年度报告", *REPORT]
    first = document.blocks[0]
    assert isinstance(first, Paragraph) and first.heading_hint == 1
    assert document.page_meta["发布时间"] == "2025-03-28"
    assert document.page_meta["来源"] == "某某县司法局"


def test_specific_container_wins_over_a_generic_wrapper(tmp_path: Path) -> None:
    sidebar = '<div class="side"><p>' + "热点关注：全县开展春季植树造林活动，各乡镇积极参与。" * 6 + "</p></div>"
    body = f'<div class="content">{sidebar}<div id="zoom">{_paragraphs(REPORT)}</div></div>'
    assert _texts(_read_page(tmp_path, _page(body))) == REPORT


def test_container_missing_paragraphs_around_it_is_widened(tmp_path: Path) -> None:
    extra = "三是加强行政复议工作，依法受理和审理行政复议案件，纠正违法或者不当的行政行为，维护群众合法权益。"
    editor = f'<div class="TRS_Editor">{_paragraphs(REPORT[1:])}</div>'
    body = f'<div class="wrap"><p>{REPORT[0]}</p>{editor}<p>{extra}</p></div>'
    assert _texts(_read_page(tmp_path, _page(body))) == [*REPORT, extra]


def test_body_in_layout_tables(tmp_path: Path) -> None:
    data_table = "<table><tr><td>项目</td><td>件数</td></tr><tr><td>行政复议</td><td>12</td></tr></table>"
    html = f"""<html><head><meta charset="utf-8"><title>报告</title></head><body>
<table width="1000"><tr>
  <td width="200"><a href="/a">政务动态</a><br><a href="/b">通知公告</a><br><a href="/c">政府信息公开</a></td>
  <td width="800"><table>
    <tr><td>发布日期：2025-03-20</td><td>信息来源：某某县司法局</td></tr>
    <tr><td>{REPORT[0]}</td></tr>
    <tr><td>{REPORT[1]}{data_table}</td></tr>
    <tr><td>{REPORT[2]}</td></tr>
  </table></td>
</tr></table></body></html>"""
    document = _read_page(tmp_path, html)
    assert _texts(document) == [REPORT[0], REPORT[1], str([["项目", "件数"], ["行政复议", "12"]]), REPORT[2]]
    assert isinstance(document.blocks[2], Table)
    assert document.page_meta["发布时间"] == "2025-03-20"
    assert document.page_meta["来源"] == "某某县司法局"


def test_layout_table_chosen_as_the_container(tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>{line}</td></tr>" for line in REPORT)
    document = _read_page(tmp_path, _page(f'<table class="content">{rows}</table>'))
    assert _texts(document) == REPORT


def test_br_separated_paragraphs_without_known_container(tmp_path: Path) -> None:
    body = f'<div class="wzzw">{REPORT[0]}<br>\u3000\u3000{REPORT[1]}<br><br>{REPORT[2]}<br>【打印】<br></div>'
    sidebar = '<div class="side"><p><a href="/x">热点专题</a></p><p>联系电话：0000-1234567</p></div>'
    document = _read_page(tmp_path, _page(body, after=sidebar))
    assert len(document.blocks) == 2
    first, second = document.blocks
    assert isinstance(first, Paragraph) and isinstance(second, Paragraph)
    assert ["".join(run.text for run in line) for line in first.lines] == [REPORT[0], "\u3000\u3000" + REPORT[1]]
    assert second.text == REPORT[2]


def test_page_hidden_until_scripts_run_still_reads(tmp_path: Path) -> None:
    html = _page(f'<div id="zoom">{_paragraphs(REPORT)}</div>').replace("<body>", '<body style="display:none">')
    assert _texts(_read_page(tmp_path, html)) == REPORT


def test_list_page_is_refused(tmp_path: Path) -> None:
    items = "".join(
        f'<li><a href="/t{n}.html">某某县第{n}乡镇2024年法治政府建设年度报告</a><span>2025-03-{n:02d}</span></li>'
        for n in range(1, 21)
    )
    html = _page(f'<div class="content"><ul>{items}</ul></div>', head="<title>法治政府建设年度报告</title>")
    with pytest.raises(InputError, match="找不到正文"):
        _read_page(tmp_path, html)


def test_almost_empty_page_is_refused(tmp_path: Path) -> None:
    html = _page('<div class="content"><p>您访问的页面不存在或已被删除。</p><p><a href="/">返回首页</a></p></div>')
    with pytest.raises(InputError, match="找不到正文"):
        _read_page(tmp_path, html)


# ---------------------------------------------------------------- the title line


def test_title_inside_the_body_is_not_repeated(tmp_path: Path) -> None:
    body = f'<div class="article-content"><h2>某某县司法局2024年法治政府建设年度报告</h2>{_paragraphs(REPORT)}</div>'
    head = '<meta name="ArticleTitle" content="某某县司法局2024年法治政府建设年度报告">'
    document = _read_page(tmp_path, _page(body, head=head, before="<h1>某某县司法局2024年法治政府建设年度报告</h1>"))
    assert _texts(document) == ["某某县司法局2024年法治政府建设年度报告", *REPORT]
    first = document.blocks[0]
    assert isinstance(first, Paragraph) and first.heading_hint == 2


def test_menu_item_named_like_the_page_is_not_taken_for_the_title(tmp_path: Path) -> None:
    head = "<title>通知公告 - 某某县人民政府</title>"
    before = '<ul><li><a href="/tzgg/">通知公告</a></li></ul>'
    document = _read_page(tmp_path, _page(f'<div id="zoom">{_paragraphs(REPORT)}</div>', head=head, before=before))
    assert _texts(document) == REPORT


# ---------------------------------------------------------------- cleaning


def test_nothing_executable_or_hidden_reaches_the_document(tmp_path: Path) -> None:
    body = (
        '<div class="TRS_Editor"><style>p{color:red}</style><script>alert("x")</script>'
        f'<p onclick="steal()">{REPORT[0]}<img src="x.png" onerror="steal()"></p>'
        f'<p>{REPORT[1]}<a href="javascript:doZoom(16)">中</a></p>'
        f'<p>{REPORT[2]}详见<a href="../202503/P020250328.pdf" onmouseover="x()">附件</a></p>'
        '<div style="display: none">隐藏的统计代码说明文字</div><p hidden>隐藏段落</p>'
        "<iframe src='https://example.com'></iframe><form><input value='搜索'><button>提交</button></form>"
        "<!-- 注释里的文字 --></div>"
    )
    document = _read_page(tmp_path, _page(body))
    assert _texts(document) == [REPORT[0], REPORT[1] + "中", REPORT[2] + "详见附件"]
    paragraphs = [block for block in document.blocks if isinstance(block, Paragraph)]
    links = [run.href for block in paragraphs for line in block.lines for run in line if run.href]
    assert links == ["../202503/P020250328.pdf"]


def test_word_tags_do_not_split_a_paragraph(tmp_path: Path) -> None:
    sentence = (
        '截至<st1:chsdate year="2024" month="12" day="31">2024年12月31日</st1:chsdate>，<font face="仿宋">全镇</font>'
    )
    body = f'<div id="zoom"><p class="MsoNormal">{sentence}{REPORT[0]}<o:p></o:p></p>{_paragraphs(REPORT[1:])}</div>'
    document = _read_page(tmp_path, _page(body))
    assert _texts(document) == ["截至2024年12月31日，全镇" + REPORT[0], *REPORT[1:]]


def test_word_xml_island_is_not_text(tmp_path: Path) -> None:
    island = "<xml><w:WordDocument><w:View>Normal</w:View><w:Zoom>0</w:Zoom></w:WordDocument></xml>"
    body = f'<div class="TRS_Editor">{island}{_paragraphs(REPORT)}</div>'
    assert _texts(_read_page(tmp_path, _page(body))) == REPORT


def test_text_around_a_main_element_is_kept(tmp_path: Path) -> None:
    """pandoc reads only the inside of <main> when there is one."""
    body = f'<div id="zoom"><p>{REPORT[0]}</p><main><p>{REPORT[1]}</p></main><p>{REPORT[2]}</p></div>'
    assert _texts(_read_page(tmp_path, _page(body))) == REPORT


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<dl>甲类事项<dt>乙类事项</dt><dd>丙类事项</dd></dl>", ["甲类事项", "乙类事项", "丙类事项"]),
        ("<figure>图表说明<figcaption>图一标题</figcaption></figure>", ["图表说明", "图一标题"]),
        (
            "<table><caption>表一标题</caption><tr><td>项目</td><td>件数</td></tr></table>",
            ["表一标题", str([["项目", "件数"]])],
        ),
        (
            (
                '<table><tr><td colspan="0">行政复议</td><td>十二件</td></tr>'
                '<tr><td rowspan="9">诉讼</td><td>三件</td><td>备注</td></tr></table>'
            ),
            [str([["行政复议", "十二件", ""], ["诉讼", "三件", "备注"]])],
        ),
    ],
)
def test_structures_pandoc_would_lose_text_from(tmp_path: Path, markup: str, expected: list[str]) -> None:
    document = _read_page(tmp_path, _page(f'<div id="zoom">{_paragraphs(REPORT)}{markup}</div>'))
    assert _texts(document) == [*REPORT, *expected]


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("字号：【大 中 小】", True),
        ("【打印本页】 【关闭窗口】", True),
        ("【打印】|【关闭】", True),
        ("分享到：微信 微博 QQ空间", True),
        ("扫一扫在手机打开当前页", True),
        ("已归档", True),
        ("浏览次数：1024", True),
        ("上一篇：某某县2023年法治政府建设年度报告", True),
        ("当前位置：首页 > 政府信息公开 > 年度报告", True),
        ("首页 > 政府信息公开 > 年度报告", True),
        ("来源：某某县司法局　发布时间：2025-03-28", True),
        ("版权所有：某某县人民政府", True),
        ("打印宣传册3000份。", False),
        ("关闭窗口期后不再受理。", False),
        ("分享法治建设经验做法。", False),
        ("联系电话：0000-1234567", False),
        ("信息来源于县司法局的统计。", False),
        ("时间：2024年全年，地点：全县各乡镇", False),
    ],
)
def test_whole_chrome_lines_are_dropped_and_sentences_kept(tmp_path: Path, line: str, dropped: bool) -> None:
    document = _read_page(tmp_path, _page(f'<div id="zoom">{_paragraphs([*REPORT, line])}</div>'))
    assert _texts(document) == (REPORT if dropped else [*REPORT, line])


# ---------------------------------------------------------------- page metadata


def test_meta_from_canonical_and_bar_variants(tmp_path: Path) -> None:
    head = (
        '<title>年度报告_某某县司法局_某某县人民政府</title><meta name="PubDate" content="">'
        '<meta property="og:url" content="http://www.example.gov.cn/a.html"><meta name="keywords" content="站点关键词">'
    )
    before = '<div class="info"><span>信息来源：某某县司法局</span> <span>作者：张三</span> <span>发布日期：2025年3月28日</span></div>'
    document = _read_page(tmp_path, _page(f'<div class="zw">{_paragraphs(REPORT)}</div>', head=head, before=before))
    assert document.page_meta == {
        "title": "年度报告_某某县司法局_某某县人民政府",
        "canonical": "http://www.example.gov.cn/a.html",
        "来源": "某某县司法局",
        "发布时间": "2025年3月28日",
    }
    assert not re.search("作者|张三", "".join(_texts(document)))


BARS = [
    ("<p>2025-03-28 11:14 来源:某某县司法局</p>", {"来源": "某某县司法局", "发布时间": "2025-03-28 11:14"}),
    (
        "<p>发布时间：2025-03-28 11:14　　来源：某某县司法局　　浏览次数：</p>",
        {"发布时间": "2025-03-28 11:14", "来源": "某某县司法局"},
    ),
    (
        "<p><span>来源：某某县司法局</span><span>发布时间：2025-03-28</span></p>",
        {"来源": "某某县司法局", "发布时间": "2025-03-28"},
    ),
    (
        "<div>日期：2025-03-28 来源：某某县司法局 作者：张三 【字号：大 中 小】</div>",
        {"发布时间": "2025-03-28", "来源": "某某县司法局"},
    ),
    (
        "<div>信息来源：某某县司法局 | 发布日期：2025年03月28日</div>",
        {"来源": "某某县司法局", "发布时间": "2025年03月28日"},
    ),
]


@pytest.mark.parametrize(
    ("bar", "values"),
    [
        *BARS,
        (
            "<table><tr><td>发布日期：2025-03-28</td><td>成文日期：2025-03-20</td><td>来源：某某县司法局</td></tr></table>",
            {"发布时间": "2025-03-28", "来源": "某某县司法局"},
        ),
        ("<p>办公时间：9:00-17:00 来源：值班室</p>", {}),
    ],
)
def test_source_and_date_bar_forms(tmp_path: Path, bar: str, values: dict[str, str]) -> None:
    document = _read_page(tmp_path, _page(f'<div id="zoom">{_paragraphs(REPORT)}</div>', before=bar))
    assert {key: document.page_meta[key] for key in ("来源", "发布时间") if key in document.page_meta} == values


@pytest.mark.parametrize(("bar", "values"), BARS)
def test_bar_inside_the_container_gives_values_and_leaves_the_text(
    tmp_path: Path, bar: str, values: dict[str, str]
) -> None:
    document = _read_page(tmp_path, _page(f'<div id="zoom">{bar}{_paragraphs(REPORT)}</div>'))
    assert {key: document.page_meta[key] for key in ("来源", "发布时间")} == values
    assert _texts(document) == REPORT
