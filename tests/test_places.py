"""The gazetteer data and the place resolver, on the places of the sample reports and the known traps."""

from __future__ import annotations

import pytest

from gongkai import gazetteer
from gongkai.extract.places import PlaceEvidence, ResolvedPlace, resolve_place


def resolve(*evidence: tuple[str, str]) -> ResolvedPlace:
    return resolve_place([PlaceEvidence(source, text) for source, text in evidence])


def codes(place: ResolvedPlace) -> tuple[str | None, str | None, str | None, str | None]:
    return place.province_code, place.prefecture_code, place.county_code, place.town_code


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        pytest.param(
            [("letterhead", "中共重庆市大足区邮亭镇委"), ("issuer", "重庆市大足区邮亭镇人民政府")],
            ("500000", None, "500111", "500111116"),
            id="dazu-youting-letterhead",
        ),
        pytest.param(
            [("title", "丰都县双路镇人民政府\n2024年法治政府建设情况报告")],
            ("500000", None, "500230", "500230111"),
            id="fengdu-shuanglu-title",
        ),
        pytest.param(
            [("title", "桃源县架桥镇2024年法治政府建设工作报告"), ("meta", "桃源县架桥镇")],
            ("430000", "430700", "430725", "430725115"),
            id="taoyuan-jiaqiao",
        ),
        pytest.param(
            [("title", "鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告")],
            ("410000", "410400", "410423", "410423208"),
            id="lushan-beizi",
        ),
        pytest.param(
            [("title", "2024年度法治政府建设工作报告"), ("recipient", "沈丘县人民政府：")],
            ("410000", "411600", "411624", None),
            id="county-only-in-recipient",
        ),
        pytest.param(
            [("letterhead", "福建省福州市鼓楼区人民政府")],
            ("350000", "350100", "350102", None),
            id="gulou-with-prefecture",
        ),
        pytest.param(
            [("signature", "东莞市虎门镇人民政府")],
            ("440000", "441900", "441900", "441900121"),
            id="city-without-counties",
        ),
        pytest.param(
            [("letterhead", "鲁 山 县 背 孜 乡 人 民 政 府")],
            ("410000", "410400", "410423", "410423208"),
            id="spaced-letterhead",
        ),
        pytest.param([("issuer", "中共大足区委")], ("500000", None, "500111", None), id="qu-wei-after-county"),
    ],
)
def test_real_places_resolve(evidence: list[tuple[str, str]], expected: tuple[str | None, ...]) -> None:
    place = resolve(*evidence)
    assert codes(place) == expected
    assert place.review == []


def test_names_come_with_codes() -> None:
    place = resolve(("letterhead", "重庆市大足区邮亭镇"))
    assert (place.province, place.prefecture, place.county, place.town) == ("重庆市", None, "大足区", "邮亭镇")


def test_ambiguous_county_alone_is_left_for_review() -> None:
    place = resolve(("title", "鼓楼区人民政府2024年法治政府建设年度报告"))
    assert codes(place) == (None, None, None, None)
    assert place.review == ["县名“鼓楼区”有多处同名，未能确定所属省份"]


def test_ambiguous_county_within_one_province_fills_the_province_only() -> None:
    place = resolve(("title", "江苏省鼓楼区"))  # 南京 and 徐州 both have one
    assert codes(place) == ("320000", None, None, None)
    assert place.review == ["县名“鼓楼区”在江苏省有多处同名，未能确定所属地市"]


def test_township_of_another_county_is_not_taken() -> None:
    place = resolve(("title", "鲁山县双路镇人民政府关于2024年法治政府建设情况的报告"))
    assert codes(place) == ("410000", "410400", "410423", None)
    assert len(place.review) == 1
    assert "双路镇" in place.review[0] and "重庆市丰都县" in place.review[0]


def test_organ_words_without_a_name_resolve_nothing() -> None:
    place = resolve(("recipient", "县委、县人民政府："))
    assert codes(place) == (None, None, None, None)
    assert place.review == ["未能确定所属县（区）"]


def test_conflicting_counties_prefer_the_title_and_say_so() -> None:
    place = resolve(("title", "鲁山县背孜乡人民政府"), ("recipient", "沈丘县人民政府："))
    assert codes(place) == ("410000", "410400", "410423", "410423208")
    assert place.review == ["标题写作“鲁山县”，主送机关写作“沈丘县”，已采用标题，请核实所属县（区）"]


def test_county_found_only_in_the_body_is_flagged() -> None:
    place = resolve(("title", "2024年法治政府建设情况报告"), ("body", "根据中共丰都县委全面依法治县委员会办公室的通知"))
    assert place.county_code == "500230"
    assert place.town_code is None  # townships are never taken from the body
    assert place.review == ["所属县（区）“重庆市丰都县”仅见于正文，请核实"]


def test_several_counties_in_the_body_resolve_nothing() -> None:
    place = resolve(("body", "学习借鉴丰都县、桃源县的经验"))
    assert place.county_code is None
    assert "未能确定所属县（区）" in place.review[0]


def test_a_township_unique_in_the_country_places_the_report_and_says_so() -> None:
    place = resolve(("title", "邮亭镇人民政府2024年法治政府建设情况报告"))
    assert codes(place) == ("500000", None, "500111", "500111116")
    assert any("全国仅此一处" in line and "重庆市大足区" in line for line in place.review)


def test_a_township_name_found_in_several_counties_is_not_placed_but_the_clerk_gets_a_hint() -> None:
    place = resolve(("title", "城关镇人民政府2024年法治政府建设情况报告"))
    assert codes(place) == (None, None, None, None)
    assert any("城关镇" in line for line in place.review)


def test_a_unique_township_against_the_province_the_text_names_is_not_taken() -> None:
    place = resolve(("title", "邮亭镇人民政府2024年法治政府建设情况报告"), ("letterhead", "河南省"))
    assert place.county is None


def test_province_alone_fills_the_province() -> None:
    assert codes(resolve(("letterhead", "河南省人民政府"))) == ("410000", None, None, None)


@pytest.mark.parametrize(
    "body",
    [
        "推进主城区、老城区建设，打造中原区域中心",  # 城区, 老城区, 中原区 are county names too
        "加强行政执法管理县域",  # 理县
        "在区委区政府的坚强领导下，全区各乡镇（街道）",
    ],
)
def test_everyday_words_are_not_counties(body: str) -> None:
    assert resolve(("body", body)).county_code is None


def test_organ_names_are_not_townships() -> None:
    # 林业局 and 工业园区 are township-level units in the statistics code, and everyday organ names.
    place = resolve(("title", "鲁山县林业局2024年法治政府建设年度报告"), ("issuer", "鲁山县街道办事处"))
    assert place.county_code == "410423"
    assert place.town_code is None


def test_township_names_inside_longer_words_are_not_townships() -> None:
    place = resolve(("title", "鲁山县住房和城乡建设局关于推进法治建设镇村联动的报告"))  # 建设镇 exists elsewhere
    assert (place.county_code, place.town_code, place.review) == ("410423", None, [])


def test_unknown_evidence_source_is_an_error() -> None:
    with pytest.raises(ValueError, match="footer"):
        resolve(("footer", "鲁山县"))


def test_a_portal_address_read_by_a_strong_rule_gives_the_county_with_a_review_line() -> None:
    place = resolve(("title", "邮亭镇2024年法治政府建设情况报告"), ("url", "http://www.dazu.gov.cn/zwgk/"))
    assert (place.county, place.town) == ("大足区", "邮亭镇")
    assert any("取自网址 www.dazu.gov.cn" in line for line in place.review)


def test_an_ambiguous_address_is_settled_only_by_a_township_the_text_names() -> None:
    assert resolve(("url", "http://www.lushan.gov.cn/a.html")).county is None  # 鲁山县, 庐山市 or 芦山县
    place = resolve(("title", "背孜乡2024年法治政府建设情况报告"), ("url", "http://www.lushan.gov.cn/a.html"))
    assert place.county == "鲁山县" and any("乡镇名与之相符" in line for line in place.review)


def test_bare_initials_are_not_enough() -> None:
    place = resolve(("body", "2024年，我镇坚持依法行政。"), ("url", "http://ybq.gov.cn/a.html"))
    assert place.county is None and any("未采用" in line for line in place.review)


def test_a_province_report_on_a_county_portal_stays_with_the_province() -> None:
    place = resolve(("title", "2021年度山西省法治政府建设年度报告"), ("url", "http://www.sxxiaxian.gov.cn/doc/1.shtml"))
    assert (place.province, place.county) == ("山西省", None)


def test_an_address_contradicting_the_text_is_named_and_the_text_wins() -> None:
    place = resolve(
        ("title", "鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告"), ("url", "http://www.dazu.gov.cn/a.html")
    )
    assert place.county == "鲁山县" and any("不符" in line and "dazu" in line for line in place.review)


@pytest.mark.parametrize("url", ["http://61.54.6.141:10082/a.htm", "http://www.wenku-copy.com/dazu/a.html"])
def test_addresses_of_other_sites_are_no_evidence(url: str) -> None:
    place = resolve(("body", "2024年，我镇坚持依法行政。"), ("url", url))
    assert place.county is None and any("不作为地区依据" in line for line in place.review)


def test_gazetteer_lookups() -> None:
    assert gazetteer.lookup("500111") == gazetteer.Place("500111", "大足区", "county", "500000")
    assert gazetteer.province_of("500111116") == gazetteer.lookup("500000")
    assert gazetteer.prefecture_of("500111") is None
    assert gazetteer.prefecture_of("411624") == gazetteer.lookup("411600")
    assert gazetteer.county_of("410423208") == gazetteer.lookup("410423")
    assert len(gazetteer.counties_named("鼓楼区")) == 4
    assert gazetteer.contains("410000", "410423208") and not gazetteer.contains("500000", "410423")
    assert len(gazetteer.provinces()) == 34
    assert "500230" in [c.code for c in gazetteer.counties_in("500000")]
    assert "410423" in [c.code for c in gazetteer.counties_in("410000")]
    assert [p.code for p in gazetteer.prefectures_in("410000")][:1] == ["410100"]


@pytest.mark.parametrize(
    ("code", "short"),
    [
        ("410423", "鲁山"),
        ("500111", "大足"),
        ("500240", "石柱"),
        ("429021", "神农架"),
        ("140109", "万柏林"),
        ("341823", None),
        ("130133", None),
        ("211321", None),
    ],  # 泾县, 赵县, 朝阳县 (朝阳 is also a prefecture)
)
def test_county_short_names(code: str, short: str | None) -> None:
    assert gazetteer.short_name(code) == short


def test_every_county_and_town_hangs_from_existing_places() -> None:
    counties = gazetteer.places_at("county")
    assert len(counties) > 2800
    for county in counties:
        assert len(county.code) == 6
        assert gazetteer.province_of(county.code) is not None, county
        assert county.parent_code and gazetteer.lookup(county.parent_code) is not None, county
    towns = gazetteer.places_at("town")
    assert len(towns) > 40000
    for town in towns:
        assert len(town.code) == 9
        parent = gazetteer.county_of(town.code)
        assert parent is not None and parent.level in ("county", "prefecture"), town
        # A prefecture is a township's parent only where it has no counties (东莞市, 中山市, 儋州市, 嘉峪关市).
        assert parent.level == "county" or not gazetteer.counties_in(parent.code), town


def test_a_province_speaking_of_itself_on_a_county_portal_is_a_province_report() -> None:
    place = resolve(
        ("scope", "省"),
        ("body", "2023年，全省法治政府建设工作坚持以习近平新时代中国特色社会主义思想为指导。"),
        ("url", "http://gaotai.gov.cn/zfxxgk/202406/t20240611_1245579.html"),
    )
    assert (place.province, place.prefecture, place.county) == ("甘肃省", None, None)
    assert any("省级报告" in line for line in place.review)


def test_an_ambiguous_county_settled_by_the_body_names_the_regions_in_one_order() -> None:
    """城关区 of 拉萨市 (and of 兰州市…): settled by the province and prefecture the body names, listed province
    first whatever order a set of them held in this process (the same input, the same review, byte for byte)."""
    for body in ("拉萨市深入推进依法行政。西藏自治区党委部署。", "西藏自治区党委部署。拉萨市深入推进依法行政。"):
        place = resolve(("title", "城关区2022年法治政府建设年度报告"), ("body", body))
        assert place.county_code == "540102"
        assert "由正文提到的“西藏自治区、拉萨市”确定为“西藏自治区拉萨市城关区”" in place.review[0]
