"""Metadata extraction, field by field, on the fixtures and on the situations real reports bring."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gongkai import config as settings
from gongkai.extract import fields, organs
from gongkai.extract.places import ResolvedPlace
from gongkai.model import FrontMatter
from gongkai.pipeline import convert_file

CASES = Path(__file__).resolve().parent / "cases"


def _fixture(case: str, source_url: str | None = None) -> FrontMatter:
    (source,) = (CASES / case).glob("input.*")
    return convert_file(source, settings.load(CASES), source_url=source_url).front_matter


def _text(tmp_path: Path, text: str, source_url: str | None = None) -> FrontMatter:
    path = tmp_path / "report.txt"
    path.write_text(text, "utf-8")
    return convert_file(path, settings.load(tmp_path), source_url=source_url).front_matter


def test_youting_letterhead_fields() -> None:
    fm = _fixture("002-dazu-youting")
    assert fm.title == "关于邮亭镇人民政府法治政府建设情况报告"
    assert fm.report_year == 2024  # a title without a year: the body says which year
    assert fm.issuers == ["中共重庆市大足区邮亭镇委", "重庆市大足区邮亭镇人民政府"]
    assert fm.publisher == "重庆市大足区邮亭镇人民政府"
    assert fm.doc_number == "邮亭委文〔2025〕1号"
    assert fm.written_date == dt.date(2025, 1, 8)
    assert (fm.province_code, fm.county_code, fm.town, fm.town_code) == ("500000", "500111", "邮亭镇", "500111116")
    assert fm.prefecture is None and fm.organ_level == "乡镇"
    assert fm.personal_data_masked == 1


def test_portal_page_meta_gives_the_publication_date_and_source_url() -> None:
    fm = _fixture("003-taoyuan-jiaqiao")
    assert fm.title == "桃源县架桥镇2024年法治政府建设工作报告"
    assert fm.published_date == dt.date(2025, 3, 28)
    assert fm.source_url == "http://www.taoyuan.gov.cn/xxgk/fdzdgknr/fzzfjsndbg/202503/t20250328_3821947.html"
    assert (fm.prefecture, fm.county, fm.town_code) == ("常德市", "桃源县", "430725115")
    assert fm.publisher == "桃源县架桥镇人民政府" and any("推定" in item for item in fm.review)


@pytest.mark.parametrize("case", ["000-fengdu-shuanglu", "004-lushan-beizi"])
def test_organ_and_title_lines_make_the_cited_title(case: str) -> None:
    fm = _fixture(case)
    assert fm.title.startswith(fm.publisher or "-") and fm.title.endswith("报告")
    assert fm.sections[:1] in (["measures"], ["leadership"]) and "next_year" in fm.sections


def test_county_only_in_the_recipient_line(tmp_path: Path) -> None:
    fm = _text(
        tmp_path,
        "县司法局2024年法治政府建设情况报告\n沈丘县人民政府：\n2024年，我局坚持依法行政，现将有关情况报告如下：\n一、主要举措和成效\n全年开展普法活动12场。\n县司法局\n2025年2月10日\n",
    )
    assert (fm.province, fm.prefecture, fm.county, fm.county_code) == ("河南省", "周口市", "沈丘县", "411624")
    assert fm.recipient == "沈丘县人民政府"
    assert fm.written_date == dt.date(2025, 2, 10) and fm.report_year == 2024


def test_a_county_name_that_exists_four_times_is_not_guessed(tmp_path: Path) -> None:
    fm = _text(tmp_path, "鼓楼区人民政府2024年法治政府建设情况报告\n2024年，我区坚持依法行政。\n")
    assert fm.county is None and fm.county_code is None
    assert any("鼓楼区" in item for item in fm.review)


def test_a_duplicate_county_name_is_resolved_by_its_prefecture(tmp_path: Path) -> None:
    fm = _text(tmp_path, "福州市鼓楼区人民政府2024年法治政府建设情况报告\n2024年，我区坚持依法行政。\n")
    assert (fm.province, fm.county_code) == ("福建省", "350102")


def test_a_township_in_the_wrong_county_is_not_taken(tmp_path: Path) -> None:
    fm = _text(tmp_path, "重庆市大足区双路镇人民政府2024年法治政府建设情况报告\n2024年，我镇坚持依法行政。\n")
    assert fm.county_code == "500111" and fm.town is None and fm.town_code is None
    assert fm.review


def test_a_report_dated_the_year_after_covers_the_year_before(tmp_path: Path) -> None:
    fm = _text(
        tmp_path,
        "某某镇人民政府\n关于法治政府建设情况的报告\n2024年以来，我镇坚持依法行政。\n某某镇人民政府\n二〇二五年一月八日\n",
    )
    assert fm.written_date == dt.date(2025, 1, 8) and fm.report_year == 2024


def test_a_title_carrying_the_writing_year_is_corrected_by_the_body(tmp_path: Path) -> None:
    fm = _text(
        tmp_path,
        "丰都县双路镇2025年法治政府建设工作报告\n现将2024年法治政府建设情况报告如下：\n一、主要举措\n正文。\n丰都县双路镇人民政府\n2025年1月10日\n",
    )
    assert fm.report_year == 2024 and any("成文年份" in item for item in fm.review)


def test_document_numbers_cited_in_the_body_are_not_this_reports(tmp_path: Path) -> None:
    fm = _text(
        tmp_path,
        "丰都县双路镇人民政府2024年法治政府建设情况报告\n根据《关于做好2024年度报告工作的通知》（丰法办〔2025〕1号）要求，现报告如下：\n",
    )
    assert fm.doc_number is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("邮亭委文[2025]1号", "邮亭委文〔2025〕1号"),
        ("文号：无", None),
        ("〔〕号", None),
        ("某府发〔 〕号", None),
        ("", None),
        ("无", None),
    ],
)
def test_doc_number_placeholders_are_null(value: str, expected: str | None) -> None:
    assert fields.doc_number(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年1月8日", dt.date(2025, 1, 8)),
        ("二〇二五年一月八日", dt.date(2025, 1, 8)),
        ("二〇二四年十二月三十一日", dt.date(2024, 12, 31)),
        ("2025-03-28 11:14", dt.date(2025, 3, 28)),
        ("2025年2月30日", None),
        ("无日期", None),
    ],
)
def test_dates(text: str, expected: dt.date | None) -> None:
    assert fields.parse_date(text) == expected


def test_source_url_gives_the_date_when_the_page_has_none(tmp_path: Path) -> None:
    text = "丰都县双路镇人民政府2024年法治政府建设情况报告\n2024年，我镇坚持依法行政。\n"
    fm = _text(tmp_path, text, source_url="http://www.cqfd.gov.cn/zwgk/202503/t20250326_123.html")
    assert fm.published_date == dt.date(2025, 3, 26) and fm.source_url is not None
    bogus = _text(tmp_path, text, source_url="http://www.cqfd.gov.cn/zwgk/197001/t19700101_1.html")
    assert bogus.published_date is None


def test_nothing_found_is_said_in_review_not_guessed(tmp_path: Path) -> None:
    fm = _text(tmp_path, "我们今年做了很多工作，取得了良好成效。\n")
    assert fm.county is None and fm.report_year is None and fm.index_no is None
    assert len(fm.review) >= 3


def test_with_no_year_in_title_or_text_the_publication_date_decides(tmp_path: Path) -> None:
    fm = _text(
        tmp_path,
        "丰都县双路镇人民政府法治政府建设情况报告\n今年以来，我镇坚持依法行政。\n",
        source_url="http://www.cqfd.gov.cn/zwgk/202503/t20250326_123.html",
    )
    assert fm.report_year == 2024 and any("发布日期推断" in item for item in fm.review)


@pytest.mark.parametrize(
    "lead",
    [
        "2024年是全面推进依法治国的关键之年。",
        "2024年在县委县政府领导下，我镇依法行政。",
        "现将我镇2024年度法治政府建设工作情况总结如下：",
    ],
)
def test_the_opening_sentence_gives_the_year(tmp_path: Path, lead: str) -> None:
    fm = _text(tmp_path, f"丰都县双路镇人民政府法治政府建设情况报告\n{lead}\n")
    assert fm.report_year == 2024


QINGTIAN = "http://www.qingtian.gov.cn/art/2025/2/8/art_1_2.html"  # 青田县 by its full pinyin


@pytest.mark.parametrize(
    ("body", "town"),
    [
        (
            "2024年，在县委、县政府的坚强领导下，我乡坚持依法行政。\n一、主要举措\n（一）调整舒桥乡法治政府建设领导小组。\n",
            "舒桥乡",
        ),
        ("根据镇党政班子调整情况，调整领导小组。\n二、推进“法治温溪”建设，全镇学法用法。\n", "温溪镇"),
        # Two townships of the county named: which one speaks is not said.
        ("2024年，我乡坚持依法行政。\n协调舒桥乡、万山乡开展联合执法。\n", None),
        # A county's report naming one of its townships is not that township's.
        ("2024年，我县坚持依法行政，我乡镇干部全员学法。\n舒桥乡被评为法治示范乡。\n", None),
        # 法治建设乡村 is no township named 建设乡 (and 美丽乡村 no 美丽乡).
        ("2024年，我镇坚持依法行政，推进美丽乡村和法治建设。\n", None),
    ],
)
def test_a_township_speaking_of_itself_is_found_where_it_names_itself(
    tmp_path: Path, body: str, town: str | None
) -> None:
    fm = _text(tmp_path, f"2024年法治政府建设情况报告\n{body}", source_url=QINGTIAN)
    assert fm.county == "青田县" and fm.town == town
    if town is not None:
        assert fm.publisher == f"青田县{town}人民政府" and fm.organ_level == "乡镇"
        assert any(f"乡镇“{town}”由正文推定" in line for line in fm.review)


def test_a_portal_header_above_its_search_box_is_not_the_letterhead(tmp_path: Path) -> None:
    text = "咸安区人民政府\n热门搜索:\n2022年，官埠桥镇在区委、区政府的正确领导下，坚持依法行政。\n"
    fm = _text(tmp_path, text, source_url="http://www.xianan.gov.cn/xxgk/202303/t20230331_1.shtml")
    assert fm.publisher == "咸安区官埠桥镇人民政府" and fm.town == "官埠桥镇"


def test_the_organ_may_be_the_subject_of_the_second_sentence(tmp_path: Path) -> None:
    text = "2021年是“十四五”开局之年。在区委、区政府的正确领导下，松洲街以法治思想为引领，依法行政。\n"
    fm = _text(tmp_path, text, source_url="https://www.by.gov.cn/zwgk/content/post_1.html")
    assert (fm.county, fm.town, fm.publisher) == ("白云区", "松洲街道", "白云区松洲街道办事处")
    assert not any(line == "未能确定所属县（区）" for line in fm.review)  # the address settled it


def test_a_sentence_about_our_township_names_no_organ(tmp_path: Path) -> None:
    """现将我镇…报告如下 (or its typo 现提将) speaks of the township as 我镇: no organ is named 现提将我镇人民政府."""
    text = (
        "有庆镇2020年度法治政府建设工作情况报告\n2020年，在镇党委的坚强领导下，我镇坚持依法行政。"
        "现提将我镇法治政府建设情况报告如下：\n一、主要措施和成效\n镇人民政府始终把法治建设作为重要任务。\n"
    )
    fm = _text(tmp_path, text, source_url="http://www.quxian.gov.cn/zwgk/2021/0330/1.html")
    assert (fm.county, fm.town, fm.publisher) == ("渠县", "有庆镇", "渠县有庆镇人民政府")


def test_a_disclosure_report_names_its_organ_after_the_year_or_after_its_preamble(tmp_path: Path) -> None:
    """政府信息公开年报 open on the report itself: 现公布2023年某区人民政府信息公开工作年度报告 (the year first, the
    政府 of 政府信息公开 shared), or 本报告依据…编制 and the organ only in the next paragraph."""
    year_first = (
        "根据《中华人民共和国政府信息公开条例》规定，现公布2023年长春市二道区人民政府信息公开工作年度报告。\n"
        "一、总体情况\n2023年，二道区全面贯彻条例要求。\n"
    )
    fm = _text(tmp_path, year_first)
    assert fm.county == "二道区" and fm.publisher in ("二道区人民政府", "长春市二道区人民政府")
    preamble = (
        "本报告依据《中华人民共和国政府信息公开条例》要求编制。报告包括总体情况等六个部分。\n一、总体情况\n"
        "2023年，元谋县交通运输局以习近平新时代中国特色社会主义思想为指导，全面推进政府信息公开工作。\n"
    )
    fm = _text(tmp_path, preamble)
    assert (fm.county, fm.publisher, fm.organ_level) == ("元谋县", "元谋县交通运输局", "县级部门")


def test_a_province_report_naming_itself_by_its_unit_alone(tmp_path: Path) -> None:
    """现将省政府2024年度…报告如下 in a province's report: 省政府 is that province's government."""
    text = (
        "根据《法治政府建设与责任落实督察工作规定》要求，现将省政府2024年度法治政府建设情况报告如下。\n"
        "一、2024年主要工作\n省政府党组理论学习中心组集中学习，推动湖南省法治人才库建设。\n"
    )
    fm = _text(tmp_path, text)
    assert (fm.province, fm.county, fm.publisher, fm.organ_level) == ("湖南省", None, "湖南省人民政府", "省级政府")


def test_the_catalogue_title_adds_the_organ_a_letterhead_printed_above_the_title(tmp_path: Path) -> None:
    text = (
        "索 引 号 10001-01-2024-00122\n发文机关 河南省人民政府\n"
        "标  题 河南省人民政府关于2023年度法治政府建设情况的报告\n发文字号 豫政文〔2024〕46号\n\n"
        "河南省人民政府\n关于2023年度法治政府建设情况的报告\n\n豫政文〔2024〕46号\n\n"
        "2023年，全省各级政府坚持依法行政，高质量完成法治政府建设各项任务。现将有关情况报告如下：\n"
    )
    fm = _text(tmp_path, text)
    assert fm.title == "河南省人民政府关于2023年度法治政府建设情况的报告"


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("http://www.taoyuan.gov.cn/xxgk/202503/t20250328_3821947.html", dt.date(2025, 3, 28)),
        ("http://scjgj.taian.gov.cn/art/2025/2/26/art_48383_10307655.html", dt.date(2025, 2, 26)),
        ("https://www.hhtz.gov.cn/art/2025/1/20/art_1229246163_4328428.html", dt.date(2025, 1, 20)),
        ("https://www.example.gov.cn/art/2025/13/20/art_1_2.html", None),  # no 13th month
        ("https://www.example.gov.cn/info/8641/532061.htm", None),
        ("https://www.example.gov.cn/202502/t20250328_1.html", None),  # the folder's month disagrees
        ("http://www.yuanshi.gov.cn/columns/bfaa3092/202210/11/1839c6cf.html", dt.date(2022, 10, 11)),
        ("https://www.hainanqu.gov.cn/c/2025-02-06/94752.shtml", dt.date(2025, 2, 6)),
        ("http://www.example.gov.cn/columns/202210/45/1.html", None),  # no 45th day: a column's number
        ("https://www.wfqzf.gov.cn/2026/02-02/3620131.html", dt.date(2026, 2, 2)),
        ("https://jtyst.qinghai.gov.cn/jtyst/2024-03/06/article_2024030619160550349.html", dt.date(2024, 3, 6)),
        ("https://www.example.gov.cn/2026/13-02/1.html", None),
        ("https://whly.ln.gov.cn/whly/zwgk/fzzfjs/2026022609184018471/index.shtml", dt.date(2026, 2, 26)),
        ("https://www.example.gov.cn/zwgk/2026022699184018471/index.shtml", None),  # no 99th hour: no moment
    ],
)
def test_the_publication_date_an_article_address_carries(url: str, day: dt.date | None) -> None:
    assert fields.date_from_url(url) == day


def test_a_city_as_the_subject_of_the_first_sentence_stands_for_its_government(tmp_path: Path) -> None:
    text = (
        "2024年，在自治区党委、自治区人民政府领导下，乌鲁木齐市坚持以习近平新时代中国特色社会主义思想为指导，"
        "全力推动法治政府建设各项重点任务落实。现将有关情况报告如下：\n一、坚持政治引领\n"
    )
    fm = _text(tmp_path, text)
    assert (fm.prefecture, fm.county, fm.publisher) == ("乌鲁木齐市", None, "乌鲁木齐市人民政府")
    other = _text(tmp_path, text.replace("乌鲁木齐市坚持", "全市坚持"))
    assert other.publisher != "全市人民政府"


def test_an_ethnic_township_written_without_its_peoples(tmp_path: Path) -> None:
    """铁石乡 is how 黔西市铁石苗族彝族乡 writes itself; the official name is the gazetteer's."""
    text = "铁石乡2024年度法治政府建设工作情况报告\n2024年，铁石乡始终坚持依法行政，按照市委、市政府的安排部署推进法治政府建设。\n"
    fm = _text(tmp_path, text, source_url="https://www.gzqianxi.gov.cn/zwgk/xzjd/tsx/202503/t20250326_8.html")
    assert (fm.county, fm.town, fm.publisher) == ("黔西市", "铁石苗族彝族乡", "黔西市铁石苗族彝族乡人民政府")


def test_a_copy_sites_framing_line_names_the_title_and_a_prefectures_report_has_no_county(tmp_path: Path) -> None:
    """《…》是2019年…发布的通知。: the title is in the brackets; a county the text names in passing (万秀区法制办…)
    is no county of a prefecture's report."""
    text = (
        "《梧州市人民政府2018年度法治政府建设工作报告》是2019年梧州市人民政府发布的通知。\n"
        "2018年，在自治区党委、自治区人民政府的坚强领导下，我市政府坚持依法行政，统筹推进法治政府建设。"
        "市法制办、万秀区法制办获集体二等功。\n一、依法全面履行政府职能\n"
    )
    fm = _text(tmp_path, text)
    assert fm.title == "梧州市人民政府2018年度法治政府建设工作报告"
    assert (fm.prefecture, fm.county, fm.publisher, fm.organ_level) == ("梧州市", None, "梧州市人民政府", "地级政府")
    assert not any("万秀区" in line for line in fm.review)


@pytest.mark.parametrize(
    ("text", "url", "publisher"),
    [
        (
            "2022年，省卫生健康委坚持以习近平新时代中国特色社会主义思想为指导，推进广东卫生健康法治建设。\n",
            "http://wsjkw.gd.gov.cn/zwyw_bmwj/content/post_4082640.html",
            "广东省卫生健康委员会",
        ),
        (
            "市住房城乡建设委2020年度法治政府建设情况报告\n2020年，我委坚持依法行政，推进天津住房城乡建设法治工作。\n",
            "https://zfcxjs.tj.gov.cn/ztzl/fzzfjsndbg/202103/t20210315_5384773.html",
            "天津市住房和城乡建设委员会",
        ),
        (
            "关于2024年度法治政府建设情况的报告\n2024年，我厅始终坚持依法行政，推进四川应急管理法治建设。\n",
            "https://yjt.sc.gov.cn/scyjt/gongshigonggao/2025/1/21/6763eb7006bc4efd91dce06a3c0b34f8.shtml",
            "四川省应急管理厅",
        ),
    ],
)
def test_a_departments_report_named_by_its_short_name_or_its_address(
    tmp_path: Path, text: str, url: str, publisher: str
) -> None:
    """省卫生健康委 (a 委, the province by its unit alone), 市住房城乡建设委 of a municipality, 我厅 on yjt.sc.gov.cn."""
    fm = _text(tmp_path, text, source_url=url)
    assert (fm.publisher, fm.county) == (publisher, None)


def test_a_party_committee_is_no_organ_of_a_government_report(tmp_path: Path) -> None:
    fm = _text(tmp_path, "2024年，某县委坚持以习近平新时代中国特色社会主义思想为指导，推进法治建设。\n")
    assert fm.publisher is None or not fm.publisher.endswith("县委")


def test_a_recipient_without_its_colon_and_a_site_name_the_title_already_holds(tmp_path: Path) -> None:
    """新田镇人民政府 (the site's name) above a title that names it already, and 宣州区委、区政府 under the title, its
    colon lost: neither is glued to the title, and the recipient is never the publisher."""
    text = (
        "新田镇人民政府\n中共宣州区新田镇委员会 宣州区新田镇人民政府关于2021年度法治政府建设情况的报告\n"
        "宣州区委、区政府\n2021年，新田镇党委、政府坚持以习近平新时代中国特色社会主义思想为指导，推进法治政府建设。\n"
    )
    fm = _text(tmp_path, text)
    assert fm.title == "中共宣州区新田镇委员会宣州区新田镇人民政府关于2021年度法治政府建设情况的报告"
    assert (fm.publisher, fm.recipient) == ("宣州区新田镇人民政府", "宣州区委、区政府")


def test_a_street_office_calling_itself_our_street(tmp_path: Path) -> None:
    """我街 is how Guangdong's 街道 speak of themselves: the street office where the place is a 街道, and never the
    county government where only the county is known (the clerk is asked instead)."""
    lead = "2022年，在区委、区政府的正确领导下，我街认真贯彻落实习近平法治思想，以法治政府建设为引领。"
    street = ResolvedPlace(province="广东省", prefecture="广州市", county="天河区", town="珠吉街道")
    assert organs.pronoun_organ(lead, street) == ("天河区珠吉街道办事处", "正文中的“我街”和所属地区")
    fm = _text(tmp_path, lead + "\n一、主要工作\n珠吉街道地处广州市天河区东部，全街依法行政水平持续提升。\n")
    assert fm.publisher != "天河区人民政府" and any("我街" in line for line in fm.review)


def test_an_address_of_initials_is_read_where_the_text_writes_the_place(tmp_path: Path) -> None:
    """sx.gov.cn reads as 绍兴市, 涉县, 寿县…: the text writing 绍兴 settles it; a bare 市 department is that city's."""
    url = "https://www.sx.gov.cn/art/2024/2/28/art_1_2.html"
    lead = "2023年，市市场监管局在市委市政府的坚强领导下，依法行政。\n"
    fm = _text(tmp_path, lead + "“绍兴创新监管服务模式”获评最佳实践案例。\n", source_url=url)
    assert (fm.province, fm.prefecture, fm.county) == ("浙江省", "绍兴市", None)
    assert fm.publisher == "绍兴市市场监督管理局" and fm.organ_level == "地级部门"
    unsettled = _text(tmp_path, lead + "与绍兴、濉溪两地开展协作。\n", source_url=url)
    assert unsettled.prefecture is None and unsettled.publisher == "市市场监管局"


def test_a_report_sent_with_a_cover_letter_takes_the_attachments_title(tmp_path: Path) -> None:
    text = (
        "某某部：\n现将《某某市生态环境局关于2021年度法治政府建设情况的报告》报上，请审阅。\n某某市生态环境局\n2022年1月21日\n"
        "附件\n上海市生态环境局关于2021年度法治政府建设情况的报告\n2021年，上海市生态环境局坚持依法行政，扎实推进法治政府建设。\n"
    )
    fm = _text(tmp_path, text)
    assert fm.title == "上海市生态环境局关于2021年度法治政府建设情况的报告"
    assert (fm.publisher, fm.organ_level) == ("上海市生态环境局", "省级部门")
    assert any("附件" in line for line in fm.review)


def test_a_recipient_of_one_character_and_a_sector_of_the_city_are_not_the_organ(tmp_path: Path) -> None:
    """ "市政府：" is to whom a district reports (the district, as the subject, is the organ); "全市司法行政系统"
    opens the 司法局's report, never the city government's."""
    district = _text(
        tmp_path,
        "市政府：\n2021年，在市委、市政府的坚强领导下，乃东区坚持以习近平法治思想为指导，持续推进法治政府建设。\n",
        source_url="http://www.naidong.gov.cn/zwgk/202204/t20220418_103518.html",
    )
    assert (district.recipient, district.publisher, district.organ_level) == ("市政府", "乃东区人民政府", "县级政府")
    sector = _text(
        tmp_path,
        "2022年，全市司法行政系统在市委、市政府的正确领导下，全力推进法治政府建设。\n我局牵头制定普法规划。\n",
        source_url="https://ssfj.suining.gov.cn/zwgk/show/69db3f06.html",
    )
    assert (sector.publisher, sector.organ_level, sector.county) == ("遂宁市司法局", "地级部门", None)
    assert not any("所属县" in line for line in sector.review)  # a prefecture's department has no county to find


def test_a_province_government_by_its_unit_and_an_organ_after_the_rules_it_answers(tmp_path: Path) -> None:
    province = _text(
        tmp_path, "2022年，省政府坚持以习近平新时代中国特色社会主义思想为指导，陕西省法治政府建设取得新成效。\n"
    )
    assert (province.publisher, province.organ_level) == ("陕西省人民政府", "省级政府")
    organ = _text(
        tmp_path,
        "【字体:大 中 小】 打印 收藏 分享到 |\n根据《法治政府建设与责任落实督察工作规定》《成都市法治建设工作要点》等相关要求，"
        "成都市应急局对2021年度工作完成情况进行了自查，现将有关情况公示如下。\n",
    )
    assert (organ.publisher, organ.organ_level) == ("成都市应急管理局", "地级部门")


def test_a_department_calling_itself_our_bureau_is_found_by_its_site_or_its_one_named_department(
    tmp_path: Path,
) -> None:
    """我委 under a site named 兰州市交通运输委员会; 我局 naming 永定区卫生健康局 once and its field (卫生健康) again;
    a 我局 report naming two departments of its county stays unknown (the 司法局 may only coordinate)."""
    site = _text(
        tmp_path,
        "兰州市交通运输委员会\n\njtw.lanzhou.gov.cn\n\n2020年法治政府建设工作报告\n发布日期:2021-05-07浏览次数: 字号:[ ]\n"
        "2020年，我委坚持依法行政，推进兰州交通运输法治建设。\n",
        source_url="http://jtw.lanzhou.gov.cn/art/2021/5/7/art_2650_998206.html",
    )
    assert (site.publisher, site.organ_level) == ("兰州市交通运输委员会", "地级部门")
    lead = "2025年，在区委、区政府的坚强领导下，我局全面履行卫生健康领域法治建设职责。\n"
    named = _text(
        tmp_path,
        lead + "审议通过《龙岩市永定区卫生健康局法治政府建设示范创建实施方案》，推动卫生健康事业依法发展。\n",
        source_url="http://www.yongding.gov.cn/xxgk/zdxxgk/ylws/jdjc/202512/t20251216_2263867.htm",
    )
    assert (named.publisher, named.organ_level) == ("永定区卫生健康局", "县级部门")
    two = _text(
        tmp_path,
        lead + "审议通过《龙岩市永定区卫生健康局实施方案》，配合永定区司法局开展卫生健康领域普法。\n",
        source_url="http://www.yongding.gov.cn/xxgk/zdxxgk/ylws/jdjc/202512/t20251216_2263867.htm",
    )
    assert two.publisher is None and any("我局" in line for line in two.review)


def test_a_city_department_in_a_report_naming_a_district_and_an_organ_line_under_a_reading_tool(
    tmp_path: Path,
) -> None:
    """市司法局 where the text names 南康区 as an example: a district has no 市 department, so the report is the
    city's and has no county; and the organ line under a bare "字号:" is the title's first line, not its value."""
    city = _text(
        tmp_path,
        "2022年，在市委、市政府的正确领导下，市司法局坚持以习近平法治思想为指导，建设法治赣州。\n"
        "南康区“法治赋能家具产业转型升级”入围全国法治政府建设示范项目。\n",
    )
    assert (city.publisher, city.organ_level, city.prefecture, city.county) == (
        "赣州市司法局",
        "地级部门",
        "赣州市",
        None,
    )
    organ_line = _text(
        tmp_path,
        "日期:2024-02-22\n字号:\n\n酉阳土家族苗族自治县可大乡\n\n关于2023年法治政府建设情况的报告\n\n"
        "2023年，在县委、县政府的坚强领导下，可大乡坚持依法行政，推进法治政府建设。\n",
    )
    assert organ_line.title == "酉阳土家族苗族自治县可大乡关于2023年法治政府建设情况的报告"
    assert organ_line.publisher == "酉阳土家族苗族自治县可大乡人民政府"


def test_an_address_dated_before_the_report_was_written_is_no_publication_date(tmp_path: Path) -> None:
    fm = _text(
        tmp_path,
        "成文时间:2022年02月28日\n标 题:市中区人力资源和社会保障局2021年度法治政府建设情况报告\n"
        "市中区人力资源和社会保障局2021年度法治政府建设情况报告\n2021年以来，区人社局坚持依法行政。\n",
        source_url="http://www.zzszq.gov.cn/zw/gkml/qzbm/rlzyhshbzj/202201/t20220129_1387019.html",
    )
    assert (fm.written_date, fm.published_date) == (dt.date(2022, 2, 28), None)
    assert any("2022-01-29 早于成文日期" in line for line in fm.review)


def test_a_development_zones_committee_and_an_autonomous_prefectures_bare_department(tmp_path: Path) -> None:
    """A 开发区 is governed by its 管理委员会 (no 人民政府, no department of the city it lies in); 州生态环境局 in a
    report of 恩施土家族苗族自治州 is that prefecture's, written once."""
    zone = _text(
        tmp_path,
        "2025年天津经济技术开发区法治政府建设情况报告\n2025年，天津经济技术开发区管理委员会(简称经开区管委会)坚持以"
        "习近平法治思想为指导，按照天津市、滨海新区决策部署推进法治政府建设。\n",
    )
    assert zone.publisher == "天津经济技术开发区管理委员会"
    bureau = _text(
        tmp_path,
        "州生态环境局2022年法治政府建设情况报告\n2022年，州生态环境局坚持依法行政，推进恩施土家族苗族自治州生态环境法治建设。\n",
        source_url="http://hbj.enshi.gov.cn/xxgk/zdgk/202303/t20230321_1416610.shtml",
    )
    assert (bureau.publisher, bureau.organ_level) == ("恩施土家族苗族自治州生态环境局", "地级部门")


def test_the_organ_after_two_clauses_of_guidance_and_a_title_set_again_on_two_lines(tmp_path: Path) -> None:
    organ = _text(
        tmp_path,
        "2021年，在市委、市政府的坚强领导下，省农业农村厅的正确指导下，六安市农业农村局全面贯彻落实法治政府建设"
        "各项工作要求。\n",
    )
    assert (organ.publisher, organ.organ_level) == ("六安市农业农村局", "地级部门")
    title = _text(
        tmp_path,
        "控江路街道2022年度法治政府建设 工作情况报告 2023-02-09\n\n控江路街道2022年度法治政府建设\n\n工作情况报告\n\n"
        "2022年，在区委、区政府的正确领导下，控江路街道坚持以习近平法治思想为指导推进法治政府建设。\n",
    )
    assert title.title == "控江路街道2022年度法治政府建设工作情况报告"


def test_a_department_saying_our_bureau_is_found_by_its_portal_column(tmp_path: Path) -> None:
    """zfxxgk_xglls_lyhcyj: the 林业和草原局's column of the 香格里拉市 portal, for a report saying only 我局; a
    column of a non-government site is no evidence."""
    text = "2025年，我局坚持以习近平法治思想为指导，推进香格里拉市林草领域依法行政。\n"
    url = "http://www.xianggelila.gov.cn/zfxxgk_xglls_lyhcyj/zhengcewenjian/202601/20260116_236962.html"
    fm = _text(tmp_path, text, source_url=url)
    assert (fm.publisher, fm.organ_level) == ("香格里拉市林业和草原局", "县级部门")
    assert any("栏目代号" in line for line in fm.review)
    assert _text(tmp_path, text, source_url="http://example.com/zfxxgk_lyhcyj/1.html").publisher is None


def test_a_report_naming_no_organ_but_one_department_of_its_county_is_that_departments(tmp_path: Path) -> None:
    """Without a title, a subject or 我局, the county government is assumed, unless the text names one department
    of the county as its own, its field written again; a county report naming two departments stays the county's."""
    url = "https://www.yuhang.gov.cn/art/2021/3/22/art_1229176599_3854783.html"
    own = _text(
        tmp_path,
        "一、2020年度推进法治政府建设的主要举措和成效\n制定出台《余杭区农业农村局2020年法治工作要点》，明确区农业农村局"
        "法治建设重点任务，不断强化全区农业农村领域的法治化水平。\n",
        source_url=url,
    )
    assert (own.publisher, own.organ_level) == ("余杭区农业农村局", "县级部门")
    county = _text(
        tmp_path,
        "一、2020年度推进法治政府建设的主要举措和成效\n余杭区司法局牵头开展司法行政工作，余杭区农业农村局开展农业农村执法，"
        "司法所和农业农村部门协同推进。\n",
        source_url=url,
    )
    assert county.publisher == "余杭区人民政府"


def test_a_prefecture_speaking_of_this_year_and_its_year_in_the_first_heading(tmp_path: Path) -> None:
    """今年以来，伊犁州…: the prefecture (by its short form) is the subject; the year is its first heading's
    (一、2023年…), never the end of a cited range (纲要（2021—2025年）)."""
    fm = _text(
        tmp_path,
        "今年以来，伊犁州深入学习贯彻党的二十大精神，深入贯彻落实《法治政府建设实施纲要（2021—2025年）》，"
        "自治州法治政府建设持续推进。\n一、2023年法治政府建设情况\n（一）深入学习贯彻习近平法治思想\n全州各级行政机关依法行政。\n",
    )
    assert (fm.publisher, fm.report_year, fm.prefecture, fm.county) == (
        "伊犁哈萨克自治州人民政府",
        2023,
        "伊犁哈萨克自治州",
        None,
    )
    city = _text(
        tmp_path,
        "2024年，是攻坚之年。一年来，在自治区党委的坚强领导下，那曲市法治政府建设工作坚持以习近平法治思想为指导，"
        "聚焦“四件大事”。\n",
    )
    assert (city.publisher, city.organ_level) == ("那曲市人民政府", "地级政府")


def test_a_breadcrumb_of_slashes_is_no_part_of_the_title(tmp_path: Path) -> None:
    fm = _text(
        tmp_path,
        "首页/ 政府信息公开 / 法定主动公开内容 / 目标责任考核 / 正文\n\n吴起县2021年度法治政府建设工作报告\n\n"
        "今年来，吴起县委、县政府深入推进依法行政。现将工作情况报告如下。\n",
    )
    assert fm.title == "吴起县2021年度法治政府建设工作报告"


def test_a_township_the_gazetteer_lacks_is_taken_as_the_known_countys(tmp_path: Path) -> None:
    """银杏大街街道 (new since the gazetteer's edition) of a report whose county is known: published by the county's
    street office, said so in review; a township the gazetteer holds elsewhere is never prefixed so."""
    lead = "2025年，银杏大街街道在文峰区委、区政府的正确领导下，紧紧围绕基层治理中心工作推进法治建设。现将全年工作情况报告如下：\n"
    fm = _text(tmp_path, "银杏大街街道办事处2025年法治政府建设情况报告\n" + lead + "一、主要举措\n")
    assert (fm.county, fm.town) == ("文峰区", None)
    assert (fm.publisher, fm.organ_level) == ("文峰区银杏大街街道办事处", "乡镇")
    assert any("不在地名表中" in line for line in fm.review)
    elsewhere = "2024年，友谊路街道在文峰区委、区政府的正确领导下，紧紧围绕基层治理中心工作推进法治建设。现将全年工作情况报告如下：\n"
    fm = _text(tmp_path, "友谊路街道办事处2024年法治政府建设情况报告\n" + elsewhere + "一、主要举措\n")
    assert fm.publisher != "文峰区友谊路街道办事处"


def test_a_departments_short_name_becomes_its_official_one(tmp_path: Path) -> None:
    fm = _text(
        tmp_path,
        "绿春县林草局2024年度法治政府建设年度报告\n2024年，绿春县林草局坚持依法行政，推进林草领域法治建设。"
        "现将有关情况报告如下：\n一、主要举措\n",
    )
    assert (fm.publisher, fm.organ_level) == ("绿春县林业和草原局", "县级部门")


def test_a_title_and_recipient_run_together_with_the_body_are_told_apart(tmp_path: Path) -> None:
    """A page copied as one run of text: title, a space, the recipient and its colon, then the body."""
    fm = _text(
        tmp_path,
        "中共黄湾镇委员会黄湾镇人民政府关于报送2024年度法治政府建设的报告 中共海宁市委、海宁市人民政府: "
        "2024年，在市委市政府的坚强领导下，黄湾镇扎实开展法治政府建设，深入贯彻习近平法治思想，将法治理念融入政府工作的"
        "每一个环节。现将黄湾镇2024年度法治政府建设工作情况汇报如下： 一、主要措施和成效\n",
    )
    assert fm.title == "中共黄湾镇委员会黄湾镇人民政府关于报送2024年度法治政府建设的报告"
    assert fm.recipient == "中共海宁市委、海宁市人民政府"
    assert (fm.publisher, fm.issuers) == ("海宁市黄湾镇人民政府", ["中共黄湾镇委员会", "黄湾镇人民政府"])
    body = "今年以来我镇法治政府建设情况 良好，在县委、县政府的坚强领导下，全镇上下深入贯彻习近平法治思想，扎实推进依法行政，各项工作取得新成效。\n"
    fm = _text(tmp_path, body)
    assert "今年以来" not in fm.title  # a first sentence broken by a stray space is no title


def test_a_title_that_names_its_organ_after_guanyu_and_one_dated_in_brackets(tmp_path: Path) -> None:
    body = "2019年，市应急管理局坚持依法行政，扎实推进法治政府建设。现将有关情况报告如下：\n一、主要举措\n"
    fm = _text(tmp_path, "关于嘉兴市应急管理局2019年度法治政府建设工作的报告\n" + body)
    assert (fm.publisher, fm.organ_level) == ("嘉兴市应急管理局", "地级部门")
    fm = _text(tmp_path, "上海市民防办公室关于2020年度法治政府建设工作的情况报告 ( 2021年02月10日 )\n" + body)
    assert fm.title == "上海市民防办公室关于2020年度法治政府建设工作的情况报告"


@pytest.mark.parametrize(
    ("byline", "date", "printed", "publisher", "written"),
    [
        (
            "新晃县退役军人事务局",
            "（2025年2月20日）",
            "（2025年2月20日）",
            "新晃侗族自治县退役军人事务局",
            dt.date(2025, 2, 20),
        ),
        ("波洲镇人民政府", "(2025年3月1日)", "（2025年3月1日）", "新晃侗族自治县波洲镇人民政府", dt.date(2025, 3, 1)),
        ("新晃县司法局", "(二〇二五年一月八日)", "（二〇二五年一月八日）", "新晃侗族自治县司法局", dt.date(2025, 1, 8)),
    ],
)
def test_a_title_with_its_organ_and_date_under_it_keeps_both(
    tmp_path: Path, byline: str, date: str, printed: str, publisher: str, written: dt.date
) -> None:
    """题注: the title, the organ as a byline, the date in brackets, on a portal page under its heading. The organ
    is the publisher and heads the title (as an organ line under a heading does), the date is the 成文日期 and
    stays under the title in the body."""
    text = (
        "2024年法治政府建设情况报告\n发布时间:2025-03-06 15:53 信息来源:新晃县人民政府\n"
        f"2024年法治政府建设情况报告\n{byline}\n{date}\n"
        "2024年，在县委、县政府的正确领导下，我们坚持以习近平法治思想为指导，推进依法行政。\n一、工作开展情况\n"
        "严格规范公正文明执法。\n"
    )
    path = tmp_path / "report.txt"
    path.write_text(text, "utf-8")
    url = "http://xinhuang.gov.cn/xinhuang/c112148/202503/23022381500047eb8deae7953238fa5c.shtml"
    conversion = convert_file(path, settings.load(tmp_path), source_url=url)
    fm = conversion.front_matter
    title = f"{byline}2024年法治政府建设情况报告"
    assert (fm.title, fm.publisher, fm.written_date) == (title, publisher, written)
    assert conversion.body.split("\n\n")[:3] == [
        f"# {title}",
        f"{printed}\n{{: .title-date }}",  # the brackets full-width, as the body's are
        "2024年，在县委、县政府的正确领导下，我们坚持以习近平法治思想为指导，推进依法行政。",
    ]


@pytest.mark.parametrize("rest", ["报 告", "工作报告", "情况的报告"])
def test_the_documents_title_on_two_lines_under_a_portal_heading_that_words_it_otherwise(
    tmp_path: Path, rest: str
) -> None:
    """A portal's heading (…建设工作报告), then the document's own title set on two lines (…建设 / 报 告): the
    title is the document's two lines together, never the second line alone."""
    text = (
        "平舆县交通运输局2022年法治政府建设年度工作报告\n平舆县交通运输局2022年法治政府建设\n"
        f"{rest}\n2022年，平舆县交通运输局以习近平法治思想为指引，全面推进法治政府建设。\n"
    )
    fm = _text(tmp_path, text, source_url="http://www.pingyu.gov.cn/openness/detail/content/64a27d4c9b.html")
    assert fm.title == "平舆县交通运输局2022年法治政府建设" + rest.replace(" ", "")
    assert fm.publisher == "平舆县交通运输局"


def test_a_bare_date_under_the_title_is_not_taken_for_the_written_date(tmp_path: Path) -> None:
    """A newspaper's or portal's own date set bare under a reposted title (2025年03月10日) says when it was printed,
    not when the document was written: only a date in brackets there is the 题注's, and this one stays in the text."""
    path = tmp_path / "report.txt"
    path.write_text(
        "大连市2024年法治政府建设情况报告\n2025年03月10日\n2024年，大连市坚持以习近平法治思想为指导，推进依法行政。\n",
        "utf-8",
    )
    conversion = convert_file(path, settings.load(tmp_path), source_url="http://szb.dltv.cn/epaper/202503/10/1.html")
    assert conversion.front_matter.written_date is None
    assert "\n\n2025年03月10日\n\n" in conversion.body
