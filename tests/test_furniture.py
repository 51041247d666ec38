"""Real portal pages as readers copy them: furniture out of title and body, kept as evidence; the organ's full name.

Each case is a made-up page in one of the layouts seen on real portals (tests/corpus/ holds the real ones and
bench/eval_metadata.py scores them); the place names are real so the gazetteer can resolve them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gongkai import config as settings
from gongkai.model import FrontMatter
from gongkai.pipeline import convert_file

BODY = "2024年，我镇坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平法治思想，扎实推进法治政府建设，全年开展普法宣传活动12场次，依法行政水平持续提升。"


def _convert(tmp_path: Path, text: str, url: str | None = None, name: str = "page.txt") -> FrontMatter:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return convert_file(path, settings.load(tmp_path), source_url=url).front_matter


def test_breadcrumb_bar_and_glued_title(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "您当前所在的位置: 首页 > 政务公开 > 法治政府建设\n\n"
        "鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告时间:2025-02-28 15:36浏览量:1\n\n" + BODY,
    )
    assert fm.title == "鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告"
    assert fm.published_date == dt.date(2025, 2, 28)
    assert fm.publisher == "鲁山县背孜乡人民政府" and fm.organ_level == "乡镇"


def test_catalogue_lines_give_dates_number_and_index(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "索  引 号: 11410423MB1234567X/2025-00012 分      类: 其他 ; 报告\n"
        "发文机关: 鲁山县背孜乡人民政府 成文日期: 2025年02月20日\n"
        "标      题: 鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告\n"
        "发文字号: 鲁背政[2025]3号 发布日期: 2025年02月27日\n\n" + BODY,
    )
    assert fm.title == "鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告"  # from the catalogue: no title line
    assert (fm.written_date, fm.published_date) == (dt.date(2025, 2, 20), dt.date(2025, 2, 27))
    assert fm.doc_number == "鲁背政〔2025〕3号" and fm.index_no == "11410423MB1234567X/2025-00012"
    assert fm.county == "鲁山县" and fm.town == "背孜乡"


def test_a_catalogue_table_and_the_site_name_above_it(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "鲁山县人民政府\n"
        "| 标题: | 鲁山县背孜乡人民政府2024年法治政府建设情况报告 | ||\n|---|---|---|---|\n"
        "| 索引号: | 114104230000/2025-01 | 文号: | 无文号 |\n| 发文日期: | 2025-01-08 | 发布机构: | 鲁山县背孜乡人民政府 |\n"
        "鲁山县背孜乡人民政府2024年法治政府建设情况报告\n" + BODY,
    )
    assert fm.title == "鲁山县背孜乡人民政府2024年法治政府建设情况报告"
    assert fm.doc_number is None and fm.written_date == dt.date(2025, 1, 8)
    assert fm.issuers == ["鲁山县背孜乡人民政府"]  # the site's name is not the letterhead


def test_labels_and_values_each_on_their_own_line(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "鲁山县2024年法治政府建设工作报告\n\n2025-03-22 11:50\n发文单位\n县人民政府\n发文字号\n"
        "发文日期\n2025-03-03 10:00\n效力状态\n有效\n索引号\n010898141/2025-06521\n\n"
        "2024年，鲁山县人民政府坚持依法行政，全面推进法治政府建设，各项工作取得新成效，现将有关情况报告如下，请审阅并提出宝贵意见。",
    )
    assert fm.title == "鲁山县2024年法治政府建设工作报告"
    assert (fm.published_date, fm.written_date) == (dt.date(2025, 3, 22), dt.date(2025, 3, 3))
    assert fm.publisher == "鲁山县人民政府" and fm.organ_level == "县级政府"


def test_a_catalogue_row_without_colons(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "索  引  号 113708120042347000/2026-00508 公开方式 主动公开\n发布机构 兖州区司法局 组配分类 法治政府建设年报\n"
        "成文日期 2026-01-21 废止日期\n有效性\n济宁市兖州区司法局2025年度法治政府建设情况的报告\n"
        "发布日期: 2026-01-21 16:39 信息来源:兖州区司法局 浏览次数:\n\n"
        "2025年，兖州区司法局在区委、区政府的坚强领导下，坚持以习近平法治思想为指导，聚焦法治政府建设目标任务，扎实推进各项工作，取得明显成效。",
    )
    assert fm.title == "济宁市兖州区司法局2025年度法治政府建设情况的报告"
    assert fm.publisher == "济宁市兖州区司法局" and fm.organ_level == "县级部门"
    assert fm.written_date == dt.date(2026, 1, 21) and fm.index_no == "113708120042347000/2026-00508"


def test_catalogue_rows_with_the_value_glued_to_the_label(tmp_path: Path) -> None:
    """A list copied without separators: "发布日期2026-01-27", "文号" left empty (the next row is no value of it),
    "时效性有效"; the title under them is the title, not a sentence of a catalogue row."""
    fm = _convert(
        tmp_path,
        "- 乡镇信息公开\n-\n索引号pbxxhxrmzf/2026-00001\n-\n发布机构屏边县新华乡人民政府\n-\n文号\n-\n"
        "发布日期2026-01-27\n-\n时效性有效\n新华乡2025年法治政府建设工作情况报告\n" + BODY.replace("我镇", "新华乡"),
    )
    assert fm.title == "新华乡2025年法治政府建设工作情况报告"
    assert (fm.published_date, fm.index_no, fm.doc_number) == (dt.date(2026, 1, 27), "pbxxhxrmzf/2026-00001", None)
    assert fm.publisher == "屏边苗族自治县新华乡人民政府"


def test_a_sentence_starting_with_a_label_word_is_no_catalogue_row(tmp_path: Path) -> None:
    fm = _convert(tmp_path, "某镇2024年法治政府建设情况报告\n发布机构改革后，全镇依法行政水平持续提升。\n" + BODY)
    assert (
        fm.title == "某镇2024年法治政府建设情况报告"
        and "发布机构改革后" in convert_file(tmp_path / "page.txt", settings.load(tmp_path)).markdown
    )


def test_a_traditional_page_gives_simplified_metadata_and_keeps_its_text(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "小龍門鄉2024年法治政府建設情況報告發布時間:2025-04-11 16:33信息來源：辰溪縣小龍門鄉\n\n"
        "2024年，小龍門鄉在縣全面依法治縣委員會的指導下，深入貫徹習近平法治思想，緊緊圍繞法治政府建設目標，紮實推進依法行政，各項工作取得明顯成效。",
    )
    assert fm.title == "小龍門鄉2024年法治政府建設情況報告" and fm.published_date == dt.date(2025, 4, 11)
    assert (fm.county, fm.town, fm.publisher) == ("辰溪县", "小龙门乡", "辰溪县小龙门乡人民政府")


def test_pinyin_notes_of_copy_sites_are_dropped(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "內(nèi)蒙古自治區(qū)人民政府關(guān)于2024年法治政府建設(shè)情況的報(bào)告\n\n"
        "2024年，內(nèi)蒙古自治區(qū)人民政府堅持依法行政，深入推進法治政府建設，各項工作取得新進展新成效，現將有關情況報告如下，請審閱。",
    )
    assert fm.title == "內蒙古自治區人民政府關于2024年法治政府建設情況的報告"
    assert fm.publisher == "内蒙古自治区人民政府" and fm.organ_level == "省级政府" and fm.county is None


def test_site_header_menu_row_and_a_repeated_title(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "天津市静海区人民政府 2024年12月3日星期二\n无障碍 简体| 繁体\n首页 政务公开 政务服务 互动交流 走进静海\n"
        "静海区2024年度法治政府建设情况报告\n来源:静海区人民政府办公室 发布时间:2025-03-28 09:18\n"
        "静海区2024年度法治政府建设情况报告\n\n2024年，静海区坚持以习近平新时代中国特色社会主义思想为指导，认真学习党的二十大精神，全面贯彻习近平法治思想，加快构建职责明确、依法行政的政府治理体系。",
    )
    assert fm.title == "静海区2024年度法治政府建设情况报告" and fm.published_date == dt.date(2025, 3, 28)
    assert fm.publisher == "静海区人民政府" and fm.county == "静海区"


@pytest.mark.parametrize(
    ("title", "first", "publisher", "level"),
    [
        (
            "陵川县教育局 2025年法治政府建设年度报告",
            "2025年，陵川县教育局在县委、县政府的正确领导下，坚持依法治教。",
            "陵川县教育局",
            "县级部门",
        ),
        (
            "蒙城县司法局2023年法治政府建设情况报告",
            "2023年，县司法局坚持以习近平法治思想为指导，扎实推进依法行政。",
            "蒙城县司法局",
            "县级部门",
        ),
        (
            "鲤城区人民政府金龙街道办事处关于2022年度法治政府建设情况的报告",
            "2022年，金龙街道坚持依法行政。",
            "鲤城区金龙街道办事处",
            "乡镇",
        ),
        (
            "中共东昌区委东昌区人民政府关于2024年度法治政府建设工作情况的报告",
            "2024年，东昌区依法履行职能。",
            "东昌区人民政府",
            "县级政府",
        ),
        (
            "下蜀镇2025年法治政府建设工作报告",
            "2025年，下蜀镇坚持以习近平新时代中国特色社会主义思想为指导。",
            "句容市下蜀镇人民政府",
            "乡镇",
        ),
        (
            "许昌市生态环境局2023年法治政府建设情况报告",
            "2023年，在市委、市政府的正确领导下，许昌市生态环境局全面贯彻习近平法治思想。",
            "许昌市生态环境局",
            "地级部门",
        ),
        ("福建省2021年度法治政府建设情况", "2021年，我省各级政府及其部门坚持依法行政。", "福建省人民政府", "省级政府"),
        (
            "黑龙江省司法厅关于2023年法治政府建设情况的报告",
            "2023年，黑龙江省司法厅在省委、省政府的正确领导下，坚持依法行政。",
            "黑龙江省司法厅",
            "省级部门",
        ),
        (
            "鹤岗市2025年法治政府建设情况报告",
            "2025年，鹤岗市人民政府坚持以习近平新时代中国特色社会主义思想为指导。",
            "鹤岗市人民政府",
            "地级政府",
        ),
        (
            "2023年法治政府建设情况报告",
            "2023年，巴州党委、政府坚持以习近平新时代中国特色社会主义思想为指导。",
            "巴音郭楞蒙古自治州人民政府",
            "地级政府",
        ),
        (
            "2022年法治政府建设情况报告",
            "2022年，在县委、县政府的坚强领导下，武定县人民政府办公室坚持依法行政。",
            "武定县人民政府办公室",
            "县级部门",
        ),
        (
            "上海市生态环境局2021年法治政府建设情况报告",
            "2021年，在上海市委、市政府坚强领导下，我局坚持依法行政。",
            "上海市生态环境局",
            "省级部门",
        ),
    ],
)
def test_the_publisher_is_the_organs_full_name_at_its_level(
    tmp_path: Path, title: str, first: str, publisher: str, level: str
) -> None:
    filler = "全年开展普法宣传活动12场次，行政复议和行政应诉工作依法开展，重大行政决策合法性审查全覆盖，依法行政水平持续提升。"
    fm = _convert(tmp_path, f"{title}\n\n{first}{filler}\n")
    assert (fm.publisher, fm.organ_level) == (publisher, level), fm.review


def test_a_report_above_the_county_has_no_county_and_is_filed_under_its_own_place(tmp_path: Path) -> None:
    from gongkai import store

    fm = _convert(
        tmp_path,
        "鹤岗市2025年法治政府建设情况报告\n\n2025年，鹤岗市人民政府坚持依法行政，扎实推进法治政府建设，全年各项工作取得明显成效，为全市高质量发展提供法治保障。\n",
        url="https://www.hgds.gov.cn/hegang/shizf/202601/85378.shtml",
    )
    assert (fm.province, fm.prefecture, fm.county) == ("黑龙江省", "鹤岗市", None)  # hgds is also 东山区: not taken
    assert store.report_dir(Path("content"), fm) == Path("content/230000/230400/2025")


TOWNSHIP_PAGE = (
    "邮亭镇2024年法治政府建设情况报告\n\n2024年，我镇坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平法治思想，"
    "扎实推进法治政府建设，全年开展普法宣传活动12场次，依法行政水平持续提升。\n"
)


@pytest.mark.parametrize("folders", [("重庆市", "大足区"), ("500000", "500111")])
def test_the_inbox_folder_staff_chose_is_place_evidence(project: Path, folders: tuple[str, ...]) -> None:
    from gongkai.ingest import ingest

    folder = project / "inbox" / Path(*folders)
    folder.mkdir(parents=True)
    (folder / "report.txt").write_text(TOWNSHIP_PAGE.replace("邮亭镇2024", "2024"), "utf-8")
    (outcome,) = ingest([project / "inbox"], settings.load(project))
    assert outcome.front_matter is not None and outcome.front_matter.county == "大足区"
    assert any("收件箱文件夹或站点设置" in line for line in outcome.front_matter.review)


def test_a_folder_contradicting_the_text_is_flagged_and_the_text_wins(project: Path) -> None:
    from gongkai.ingest import ingest

    folder = project / "inbox" / "河南省" / "鲁山县"
    folder.mkdir(parents=True)
    (folder / "report.txt").write_text(TOWNSHIP_PAGE.replace("邮亭镇2024", "大足区邮亭镇2024"), "utf-8")
    (outcome,) = ingest([project / "inbox"], settings.load(project))
    assert outcome.front_matter is not None and outcome.front_matter.county == "大足区"
    assert any("收件箱文件夹或站点设置" in line and "鲁山县" in line for line in outcome.front_matter.review)


def test_a_site_configured_for_one_county(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text("utf-8").replace("[tool.gongkai]\n", '[tool.gongkai]\ndefault_place = "500111"\n'), "utf-8"
    )
    fm = _convert(project, TOWNSHIP_PAGE.replace("邮亭镇2024", "2024"))
    assert fm.county == "大足区"
    pyproject.write_text(pyproject.read_text("utf-8").replace('"500111"', '"999999"'), "utf-8")
    with pytest.raises(SystemExit, match="default_place"):
        settings.load(project)


def test_a_portal_reached_by_its_ip_address_is_placed_by_its_footer(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "网站标识码:6302230002 主办单位:互助县人民政府办公室\n索 引 号:qyz/2023-00000 | 发文字号: |\n"
        "发布机构:威远镇 | 发布日期:2023-01-16 |\n威远镇政府信息公开工作年度报告\n"
        "2022年度，威远镇在县委、县政府的正确领导下，深入学习贯彻习近平新时代中国特色社会主义思想，认真落实政府信息公开条例，各项工作取得新成效。\n",
        url="http://110.166.81.53/info/1021/52660.htm",
    )
    assert (fm.county, fm.town) == ("互助土族自治县", "威远镇") and fm.published_date == dt.date(2023, 1, 16)
    assert fm.publisher == "互助土族自治县威远镇人民政府"
    assert any("网站主办单位" in line for line in fm.review) and any(
        "110.166.81.53 是 IP 地址" in line for line in fm.review
    )


def test_column_names_menu_lines_and_a_title_set_on_two_lines(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "政府信息\n公开指南\n\n政府信息\n公开制度\n\n司法信息\n\n大方县黄泥塘镇2022年度法治政府建设工作报告\n\n"
        "来源:   发布时间:   浏览量:次  字体:\n\n大方县黄泥塘镇\n\n2022年度法治政府建设工作报告\n\n"
        "2022年，黄泥塘镇坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平法治思想，扎实推进法治政府建设，各项工作取得新成效，现报告如下。\n",
    )
    assert fm.title == "大方县黄泥塘镇2022年度法治政府建设工作报告"
    assert fm.publisher == "大方县黄泥塘镇人民政府"


def test_a_joint_subject_names_the_government(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "2023年，山西省委、省政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神，"
        "深入学习贯彻习近平法治思想，扎实推进法治政府建设，各项工作取得积极成效。\n",
    )
    assert (fm.publisher, fm.organ_level, fm.province, fm.county) == ("山西省人民政府", "省级政府", "山西省", None)


def test_a_saved_page_with_its_catalogue_table_outside_the_article(tmp_path: Path) -> None:
    """tests/data/catalogue-page.html: the 政府信息公开 table above the title, a related-articles list with a date of
    its own below the article."""
    page = Path(__file__).parent / "data" / "catalogue-page.html"
    fm = convert_file(page, settings.load(tmp_path)).front_matter
    assert (fm.doc_number, fm.index_no) == ("鲁背政〔2025〕3号", "114104230000/2025-00012")
    assert (fm.written_date, fm.published_date) == (dt.date(2025, 2, 20), dt.date(2025, 2, 27))
    assert fm.publisher == "鲁山县背孜乡人民政府"


def test_a_report_calling_itself_our_bureau_is_not_given_to_the_county_government(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "2024年，在县委、县政府的正确领导下，我局坚持以习近平法治思想为指导，认真履行职责，扎实推进法治政府建设，"
        "各项工作取得明显成效，现将有关情况报告如下。\n",
        url="http://www.lushan.gov.cn/a/t20250301_1.html",
    )
    assert fm.publisher is None and any("我局" in line for line in fm.review)


def test_a_departments_site_names_the_department_a_report_calls_our_bureau(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "关于2024年法治政府建设情况的报告\n\n2024年，我局在县委、县政府的坚强领导下，坚持以习近平法治思想为指导，"
        "认真履行职责，扎实推进法治政府建设，各项工作取得明显成效，现将有关情况报告如下。\n",
        url="http://sfj.jiangle.gov.cn/a/t20250301_1.html",
    )
    assert (fm.publisher, fm.organ_level) == ("将乐县司法局", "县级部门")
    assert any("部门代号" in line for line in fm.review)


def test_a_catalogue_label_left_empty_does_not_swallow_the_next_label(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "- 索引号: tssrmzfbgs/2026-00095\n- 发文机关: 天水市人民政府办公室\n- 成文日期:\n- 发文字号:\n"
        "- 发布时间: 2026-02-24\n[天政发〔2026〕7号]天水市人民政府关于2025年法治政府建设情况的报告\n市委：\n"
        "2025年，市政府坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平法治思想，扎实推进法治政府建设，各项工作取得新成效。\n",
    )
    assert fm.published_date == dt.date(2026, 2, 24) and fm.doc_number == "天政发〔2026〕7号"
    assert fm.publisher == "天水市人民政府" and fm.county is None


def test_menu_items_and_the_sites_name_above_a_catalogue_stay_out_of_the_title(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "站群导航\n\n海南州人民政府\n\n政府工作部门\n\n各县政府\n\n|\n\n加入收藏\n\n海南州人民政府\n\n政府信息公开\n\n"
        "索引号: 3070211020000013/2023 发布机构:\n生效日期: 2023-03-21 废止日期:\n\n海南州人民政府2022年政府信息公开工作年度报告\n\n"
        "来源: 发布时间: 2023-03-17\n\n本年度报告根据《中华人民共和国政府信息公开条例》编制，全文包括总体情况、主动公开政府信息情况等内容，所列数据的统计期限自2022年1月1日起至12月31日止。\n",
    )
    assert fm.title == "海南州人民政府2022年政府信息公开工作年度报告" and fm.published_date == dt.date(2023, 3, 17)
    assert fm.publisher == "海南藏族自治州人民政府" and fm.organ_level == "地级政府"


def test_a_city_without_counties_has_no_county(tmp_path: Path) -> None:
    """中山市 and 东莞市 have no counties: their 司法局 is a prefecture's department, their 街道 lie under the city, and
    both are filed under the city (listed by its name, not as 市本级)."""
    from gongkai import store
    from gongkai.site.catalog import folder_title

    fm = _convert(
        tmp_path,
        "中山市司法局2023年法治政府建设年度报告\n\n2023年，中山市司法局坚持依法行政，扎实推进法治政府建设，"
        "全年各项工作取得明显成效。\n",
    )
    assert (fm.prefecture, fm.county, fm.organ_level) == ("中山市", None, "地级部门")
    town = _convert(
        tmp_path,
        "东莞市东城街道2024年法治政府建设情况报告\n\n2024年，东城街道坚持依法行政，扎实推进法治政府建设，"
        "全年各项工作取得明显成效。\n",
    )
    assert (town.prefecture, town.county, town.town, town.organ_level) == ("东莞市", None, "东城街道", "乡镇")
    assert town.publisher == "东莞市东城街道办事处"
    assert store.report_dir(Path("content"), town) == Path("content/440000/441900/2024")
    assert store.has_county(town) is False and folder_title("441900") == "东莞市"


def test_a_portal_menu_alone_or_glued_to_the_title_and_a_dated_site_line(tmp_path: Path) -> None:
    title = "汉中市汉台区七里街道办事处2021年度法治政府建设工作报告"
    for head in (
        f"首   页 走进汉台 新闻中心 政府信息公开 政务服务 互动交流\n\n{title}",
        f"首页走进汉台新闻中心政府信息公开政务服务互动交流{title}",
    ):
        fm = _convert(tmp_path, f"{head}\n\n2025-04-27 10:14 汉台区人民政府网\n\n{BODY}")
        assert fm.title == title and fm.published_date == dt.date(2025, 4, 27)


def test_organ_lines_under_the_document_number_begin_the_title(tmp_path: Path) -> None:
    fm = _convert(
        tmp_path,
        "惠委〔2026〕17号 签发人：某某\n中共惠安县委 惠安县人民政府\n关于2025年度法治政府建设工作情况的报告\n"
        "中共泉州市委、泉州市人民政府：\n" + BODY,
    )
    assert fm.title == "中共惠安县委惠安县人民政府关于2025年度法治政府建设工作情况的报告"
    assert fm.doc_number == "惠委〔2026〕17号" and fm.issuers == ["中共惠安县委", "惠安县人民政府"]


def test_rows_of_known_site_links_between_bars_are_furniture(tmp_path: Path) -> None:
    """A provincial department's page header ("联系我们| 网站地图| 微信", "| 手机端| 政务邮箱| 无障碍浏览|") above its
    title: the title line is the document's, and names the publisher."""
    title = "广东省交通运输厅2023年度法治政府建设年度报告"
    head = "联系我们| 网站地图| 微信\n| 手机端| 政务邮箱| 无障碍浏览|\n首页 > 政务公开 > 政府信息公开 > 公开年报"
    fm = _convert(tmp_path, f"{head}\n\n{title}\n\n发布时间: 2024-01-22 14:00 来源:广东省交通运输厅\n\n{BODY}")
    assert (fm.title, fm.publisher, fm.organ_level) == (title, "广东省交通运输厅", "省级部门")
    assert fm.published_date == dt.date(2024, 1, 22)
    fm = _convert(tmp_path, f"微信公众号\n无障碍访问 长者模式 智能问答\n{title}\n\n{BODY}")
    assert fm.title == title


@pytest.mark.parametrize(
    "rows",
    [
        "文件名称: | |||\n统一登记号: | |||\n索引号: | 发文编号: | ||\n公开目录: | 公开责任部门: | ||\n",
        "生效日期 : | 有效期: |\n",
        "公开目录：｜公开责任部门：｜｜\n",
    ],
)
def test_a_catalogue_copied_without_its_values_is_furniture_and_gives_none(tmp_path: Path, rows: str) -> None:
    """Labels with their colons between bars and nothing else (the values lost in the copy), known labels or not:
    page furniture, never the title nor a value (索引号 is not "发文编号")."""
    fm = _convert(
        tmp_path,
        rows + "隆回县人民政府2021年法治政府建设年度报告\n2021年，县委、县政府深入学习宣传贯彻习近平法治思想，"
        "围绕法治政府建设目标，以推进依法行政为主线，法治政府建设工作取得了阶段性成果。\n",
        url="http://longhui.gov.cn/longhui/fzzfjsndbg/202203/2a3f9e96be0f4f058807f5ee248f78f0.shtml",
    )
    assert fm.title == "隆回县人民政府2021年法治政府建设年度报告"
    assert fm.index_no is None and fm.publisher == "隆回县人民政府"


@pytest.mark.parametrize(
    ("first", "second", "byline"),
    [
        ("吴兴区退役军人事务局2024年度", "法治政府建设工作报告", "吴兴区退役军人事务局\n"),
        ("吴兴区妙西镇2023年", "法治政府建设情况报告", ""),
    ],
)
def test_a_title_broken_after_its_year(tmp_path: Path, first: str, second: str, byline: str) -> None:
    """ "…2024年度" over "法治政府建设工作报告", maybe the organ under them: one title on two lines."""
    fm = _convert(
        tmp_path,
        f"{first}\n{second}\n{byline}2024年，我们坚持以习近平新时代中国特色社会主义思想为指导，全面推进依法行政工作，"
        "为吴兴区法治建设贡献力量。\n",
        url="https://www.wuxing.gov.cn/xxgk/wxbmxxgk/art/2025/art_613374418.html",
    )
    assert fm.title == first + second
