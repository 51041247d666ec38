"""Place candidates from page addresses, on real portal hostnames, and the pinyin data they are read with.

tests/data/hosts.tsv lists government hostnames seen on real pages with the place each belongs to, checked
against the page (seen_at: the page, or the report text that names the site). "design" hosts are those the rules
were written from; "held-out" hosts were collected afterwards and changed nothing. bench/bench_hosts.py prints
how the rules do on each set.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gongkai import gazetteer
from gongkai.extract import hosts
from gongkai.extract.hosts import HostEvidence, host_evidence

TABLE = Path(__file__).resolve().parent / "data" / "hosts.tsv"


def codes(evidence: HostEvidence) -> list[str]:
    return [candidate.place.code for candidate in evidence.candidates]


def unique_code(evidence: HostEvidence) -> str | None:
    return evidence.unique.code if evidence.unique else None


@pytest.mark.parametrize(
    ("url", "expected", "unique"),
    [
        pytest.param("jiangle.gov.cn", "350428", True, id="full-pinyin-jiangle-is-jiangle-county"),
        pytest.param("http://www.taoyuan.gov.cn/Item/121714.aspx", "430725", True, id="full-pinyin-with-www-and-path"),
        pytest.param("xunxian.gov.cn", "410621", True, id="full-pinyin-with-unit-xunxian"),
        pytest.param("www.lushan.gov.cn", "410423", False, id="lushan-is-three-counties"),
        pytest.param("ybq.gov.cn", "500112", False, id="initials-with-unit-ybq-includes-yubei"),
        pytest.param("www.hunan.gov.cn", "430000", True, id="province-portal-hunan"),
        pytest.param("www.sc.gov.cn", "510000", True, id="province-portal-sc"),
        pytest.param("http://www.gxzf.gov.cn/gggs/t7893462.shtml", "450000", True, id="province-portal-gxzf"),
        pytest.param("changde.gov.cn", "430700", True, id="prefecture-full-pinyin"),
        pytest.param("cqfd.gov.cn", "500230", True, id="province-abbreviation-and-county-initials"),
        pytest.param("www.tjjh.gov.cn", "120118", True, id="municipality-and-district-initials"),
        pytest.param("cqstl.gov.cn", "500151", True, id="province-initials-with-unit-then-initials"),
        pytest.param("www.nbjb.gov.cn", "330205", True, id="prefecture-initials-and-county-initials"),
        pytest.param("www.kman.gov.cn", "530181", True, id="kunming-anning"),
        pytest.param("www.hnls.gov.cn", "410423", False, id="hn-is-three-provinces"),
        pytest.param("www.bjxch.gov.cn", "110102", True, id="initials-keeping-ch"),
        pytest.param("www.cnlongxi.gov.cn", "621122", True, id="zhongguo-prefix"),
        pytest.param("www.jxjaxzf.gov.cn", "360925", False, id="zhengfu-suffix"),
        pytest.param("www.li-xian.gov.cn", "430723", False, id="hyphen-dropped"),
        pytest.param("ya.gov.cn", "350481", False, id="bare-initials-collide"),
        pytest.param("ljx.fuzhou.gov.cn", "350122", True, id="county-subdomain-of-prefecture"),
        pytest.param("www.cqrd.gov.cn", "500000", True, id="province-letters-and-an-organ"),
    ],
)
def test_hosts_name_places(url: str, expected: str, unique: bool) -> None:
    evidence = host_evidence(url)
    assert evidence.government
    assert expected in codes(evidence), evidence.candidates
    assert unique_code(evidence) == (expected if unique else None), evidence.candidates


def test_lushan_candidates_are_the_three_counties_by_full_pinyin() -> None:
    evidence = host_evidence("www.lushan.gov.cn")
    assert {place.name for place in evidence.strongest} == {"鲁山县", "庐山市", "芦山县"}
    assert {c.rule for c in evidence.candidates} == {"全拼 lushan"}


def test_rules_say_how_the_label_was_read() -> None:
    assert host_evidence("cqfd.gov.cn").candidates[0].rule == "省简称 cq + 首字母 fd"
    assert host_evidence("ybq.gov.cn").candidates[0].rule == "首字母带单位 ybq"
    assert host_evidence("jiangle.gov.cn").candidates[0].rule == "全拼 jiangle"
    assert host_evidence("ljx.fuzhou.gov.cn").candidates[0].rule == "子域 首字母带单位 ljx（福州市下）"


def test_candidates_come_strongest_first() -> None:
    evidence = host_evidence("sc.gov.cn")  # the portal, then every county whose initials are sc
    strengths = [candidate.strength for candidate in evidence.candidates]
    assert strengths == sorted(strengths) and strengths[0] == hosts.PORTAL and len(strengths) > 5


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://1.25.240.11:8082/sites/wltqq/zwinfo.jsp?id=15652", "ip"),  # 乌拉特前旗's portal, by address
        ("http://[2001:db8::1]/", "ip"),
        ("https://m.fx361.cc/news/2019/0221/17671430.html", "other"),  # a periodicals aggregator
        ("https://saintpaulhem.com/ncx/ncxrmzf/fzzfgzbg/202109/1612ef839ecc434b99e45ed9b50b44ca.shtml", "other"),
        ("http://zjfzb.zjol.com.cn/html/2021-04/09/content_2748327.htm", "other"),  # a newspaper
        ("https://www.xiaomilidoc.com/p-15283494.html", "other"),  # a 文库
    ],
)
def test_other_hosts_give_no_place(url: str, kind: str) -> None:
    evidence = host_evidence(url)
    assert (evidence.kind, evidence.government, evidence.candidates, evidence.unexplained) == (kind, False, (), ())


def test_chinese_government_domain_is_government() -> None:
    evidence = host_evidence("http://将乐县.政务/")
    assert evidence.government and evidence.hostname.endswith(".xn--zfr164b")


def test_central_government_names_no_place() -> None:
    evidence = host_evidence("https://www.gov.cn/xinwen/2017-03/28/content_5181403.htm")
    assert (evidence.government, evidence.candidates, evidence.unexplained) == (True, (), ())


def test_department_subdomains_add_no_county() -> None:
    evidence = host_evidence("sfj.lishui.gov.cn")  # 丽水市's 司法局; lishui is also 南京's 溧水区
    assert {place.name for place in evidence.strongest} == {"丽水市", "溧水区"}
    assert all(candidate.label == "lishui" for candidate in evidence.candidates)
    assert evidence.unexplained == ()


@pytest.mark.parametrize(
    ("host", "department"),
    [
        ("sfj.lishui.gov.cn", "司法局"),
        ("ssfj.suining.gov.cn", "司法局"),
        ("qsfj.example.gov.cn", "司法局"),
        ("sthj.sh.gov.cn", "生态环境局"),
        ("jytyj.ordos.gov.cn", "教育体育局"),
        ("xxgk.jl.gov.cn", None),
        ("sjj.jl.gov.cn", None),
        ("zssl.zhoushan.gov.cn", "水利局"),
        ("zssl.lishui.gov.cn", None),
    ],
)
def test_department_labels_also_after_the_letter_of_their_level(host: str, department: str | None) -> None:
    """ssfj is 市司法局: s, q, x (市, 区, 县) before a department's letters, or the letters of the place the domain
    names (zs, 舟山, before 水利's sl), never another place's; 信息公开 (xxgk) names no department."""
    assert host_evidence(host).department == department


def test_subdomains_of_a_county_portal_stay_unexplained() -> None:
    evidence = host_evidence("guotuju.hnhx.gov.cn")  # 滑县's 国土局
    assert "410526" in codes(evidence) and evidence.unexplained == ("guotuju",)
    assert all(candidate.label == "hnhx" for candidate in evidence.candidates)


def test_overridden_reading_is_the_one_matched() -> None:
    assert unique_code(host_evidence("shanxian.gov.cn")) == "371722"  # 单县 reads shàn
    assert "371722" not in codes(host_evidence("danxian.gov.cn"))
    assert unique_code(host_evidence("www.cqfd.gov.cn")) == "500230"
    assert "500230" in codes(host_evidence("fengdu.gov.cn")) and "500230" not in codes(host_evidence("fengdou.gov.cn"))


def _rows() -> list[dict[str, str]]:
    header, *lines = TABLE.read_text(encoding="utf-8").splitlines()
    return [dict(zip(header.split("\t"), line.split("\t"), strict=True)) for line in lines]


# Real hosts no rule reads: 喀左 is the customary short form of 喀喇沁左翼 (no spelling of the full name), and
# yzcity mixes 永州's initials with an English word.
KNOWN_MISSES = {"www.kazuo.gov.cn", "admin.yzcity.gov.cn"}


def test_real_hosts_table_names_existing_places() -> None:
    rows = _rows()
    assert len(rows) >= 100 and len({row["host"] for row in rows}) == len(rows)
    for row in rows:
        place = gazetteer.lookup(row["code"])
        assert place is not None and place.name == row["name"], row
        assert row["set"] in ("design", "held-out") and row["seen_at"], row


@pytest.mark.parametrize("row", _rows(), ids=lambda row: row["host"])
def test_real_host_gives_its_place_and_never_another_alone(row: dict[str, str]) -> None:
    evidence = host_evidence(row["host"])
    assert evidence.government
    assert (row["code"] in codes(evidence)) != (row["host"] in KNOWN_MISSES), evidence.candidates
    assert unique_code(evidence) in (None, row["code"]), evidence.candidates


@pytest.mark.parametrize("level", ["province", "prefecture", "county"])
def test_every_place_is_a_candidate_of_its_own_full_pinyin_host(level: gazetteer.Level) -> None:
    readings = {reading.code: reading for reading in gazetteer.readings()}
    for place in gazetteer.places_at(level):
        reading = readings[place.code]
        full = "".join(reading.syllables)
        for host in (f"{full}.gov.cn", f"www.{full}{''.join(reading.unit)}.gov.cn"):
            assert place.code in codes(host_evidence(host)), (place, host)


@pytest.mark.parametrize(
    ("code", "pinyin"),
    [
        ("500230", "feng-du"),  # 丰都: pypinyin says feng-dou
        ("371722", "shan"),  # 单县: dan
        ("341621", "guo-yang"),  # 涡阳: wo-yang
        ("341500", "lu-an"),  # 六安
        ("340300", "beng-bu"),  # 蚌埠
        ("440113", "pan-yu"),  # 番禺
        ("371522", "shen"),  # 莘县
        ("361124", "yan-shan"),  # 铅山
        ("441422", "da-bu"),  # 大埔
        ("371524", "dong-e"),  # 东阿
        ("130225", "lao-ting"),  # 乐亭
        ("511527", "jun-lian"),  # 筠连: yun-lian
        ("500115", "chang-shou"),  # 长寿
        ("430100", "chang-sha"),  # 长沙
        ("500000", "chong-qing"),  # 重庆
        ("350200", "xia-men"),  # 厦门
        ("411624", "shen-qiu"),  # 沈丘
        ("140400", "chang-zhi"),  # 长治: zhang-zhi
        ("140428", "zhang-zi"),  # 长子 keeps zhǎng
        ("330382", "yue-qing"),  # 乐清
        ("610000", "shaan-xi"),  # 陕西, apart from 山西 shan-xi
        ("410621", "xun"),  # 浚县: jun
        ("141024", "hong-tong"),  # 洪洞: hong-dong
    ],
)
def test_place_name_traps_are_read_right(code: str, pinyin: str) -> None:
    reading = next(reading for reading in gazetteer.readings() if reading.code == code)
    assert "-".join(reading.syllables) == pinyin


def test_pinyin_tsv_is_what_the_build_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offline: the build reads only the committed gazetteer files, the overrides and pypinyin's own dictionary."""
    monkeypatch.syspath_prepend(str(TABLE.parent.parent.parent / "tools" / "gazetteer"))  # a data tool, not the package
    pinyin_build = importlib.import_module("pinyin_build")
    assert pinyin_build.render() == pinyin_build.PINYIN.read_text(encoding="utf-8"), (
        "pinyin.tsv is stale: run tools/gazetteer/pinyin_build.py and review the diff"
    )


def test_every_province_prefecture_and_county_has_one_reading() -> None:
    readings = [reading.code for reading in gazetteer.readings()]
    expected = [p.code for level in ("province", "prefecture", "county") for p in gazetteer.places_at(level)]
    assert sorted(readings) == sorted(expected)


def test_every_province_abbreviation_names_a_province() -> None:
    provinces = gazetteer.province_hosts()
    assert len(provinces) == 31
    for province in provinces:
        place = gazetteer.lookup(province.code)
        assert place is not None and place.level == "province" and province.host_prefixes and province.portal_labels


def test_reading_hosts_is_fast() -> None:
    host_evidence("jiangle.gov.cn")  # builds the index
    labels = [f"{reading.syllables[0]}{len(reading.syllables)}x.gov.cn" for reading in gazetteer.readings()]
    start = time.perf_counter()
    for label in labels:
        host_evidence(label)
    assert (time.perf_counter() - start) / len(labels) < 0.0005


def test_converting_never_loads_the_readings() -> None:
    """The pinyin file is read on first use only: a resolver that never sees a hostname does not pay for it."""
    code = (
        "from gongkai import gazetteer\n"
        "from gongkai.extract.places import PlaceEvidence, resolve_place\n"
        "resolve_place([PlaceEvidence('title', '鲁山县背孜乡人民政府')])\n"
        "print(gazetteer.readings.cache_info().currsize)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0"
