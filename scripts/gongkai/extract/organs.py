"""Who issued the report: the organ as the document names it, and its full official name once its place is known.

Pages name the organ in many ways: a letterhead, the title's opening ("鲁山县背孜乡人民政府关于…"), a signature,
the first sentence ("2025年，鹤岗市人民政府坚持…"), the portal's catalogue (发布机构, which may be the county office
that posts for a township), or only a place ("滕家镇2023年度法治政府建设报告"). The publisher is the organ's full
official name: county prefix for a township or a county department (two 南关街道 in two counties must not look
alike), the department itself for a department's report (司法局, not the county government), the government of a
joint 党委 + 政府 report. What is inferred rather than read is said in `review`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.extract.places import ResolvedPlace, ethnic_short_form, is_place_name, short_forms
from gongkai.model import OrganLevel
from gongkai.script import simplified

# An organ's name ends in one of these; 人民政府 and 办事处 are governments, the rest departments or party organs.
_GOVERNMENT = re.compile(r"(?:人民政府|政府|街道办事处|办事处)$")
_DEPARTMENT = re.compile(r"(?:局|厅|委员会|委|办公室|办公厅|办|中心|署|所|队|院|站|管委会|管理委员会|管理局|公司)$")
_PARTY = re.compile(r"^(?:中共|中国共产党)|(?:党委|党工委|工委|党组)$|^中共.*委员会$")
# A department called 委 (卫生健康委, 住房城乡建设委), never a party committee (县委, 镇党委, 工委) before it.
_DEPARTMENT_WEI = r"(?<![省市县区州旗镇乡盟党工])委"
# The organ at the head of a title, before 关于 or the year: "鲁山县背孜乡人民政府关于…", "陵川县教育局 2025年…", or
# right after 关于: "关于嘉兴市应急管理局2019年度法治政府建设工作的报告".
_TITLE_ORGAN = re.compile(
    r"^(?:[【\[][^】\]]*[】\]])?(?:关于(?=[\u4e00-\u9fff]{2,40}?(?:19|20)\d\d年))?(?P<organ>[\u4e00-\u9fff]{2,40}?(?:人民政府|政府|办事处|局|厅|部|委员会|办公室|办公厅|管委会|中心"
    rf"|{_DEPARTMENT_WEI}))"
    r"\s*(?:关于|(?:19|20)\d\d|[〇○一二]{4}|年度)"
)
# The subject of the first sentence names the organ: "2025年，鹤岗市人民政府坚持…", "2024年，垡头街道工委办事处在区委…",
# "2023年，在市委、市政府的正确领导下，许昌市生态环境局全面贯彻…", "2025年，下蜀镇坚持以…" (a place alone: its
# government), and a disclosure report's "现将莲湖区西关街道办事处2024年度…报告予以公开".
_LEAD_CLAUSES = re.compile(
    r"^(?:(?:19|20)\d\d年度?(?:以来)?[，,、]?|这一年[，,]?|一年来[，,]?|今年以来[，,]?)?"
    # "在市委、市政府的坚强领导下，省农业农村厅的正确指导下，": the second clause without its 在
    r"(?:在[^，。；]{2,60}?[下上中][，,]|[^，。；在]{2,40}?的[^，。；]{0,6}(?:领导|指导|支持)下[，,])*"
    # "根据《…规定》《…工作要点》等相关要求，成都市应急局对…": the rules the report answers, before its subject
    r"(?:(?:根据|按照)[^，,。；]{2,200}?(?:要求|规定|部署)[，,])?"
)
_LEAD_ORGAN = re.compile(
    r"(?P<organ>[\u4e00-\u9fff]{2,30}?(?:人民政府办公室|人民政府|政府|办事处|局|厅)|[\u4e00-\u9fff]{2,12}?(?:镇|乡|街道|街|苏木)"
    # 省卫生健康委, 市住房城乡建设委: a department named 委 (never a party committee: 县委, 镇党委, 工委)
    rf"|[\u4e00-\u9fff]{{3,20}}?{_DEPARTMENT_WEI}(?:员会)?)"
    r"(?:[（(]简称[^）)]{1,12}[）)])?"  # 天津经济技术开发区管理委员会(简称经开区管委会)坚持…
    r"(?=坚持|认真|深入|全面|紧紧|始终|在|按照|以|围绕|把|高度|积极|扎实|严格|不断|持续|切实|法治|党委|党工委|工委|对(?:19|20)\d\d"
    r"|[，,])"
)
# "2024年，在自治区党委领导下，乌鲁木齐市坚持…": a county, city or prefecture as the subject stands for its government.
_PLACE_LEAD = re.compile(
    r"(?P<place>[\u4e00-\u9fff]{2,12}?(?:市|县|区|旗|州|盟))"
    r"(?:法治政府建设(?:工作)?)?"  # "…领导下，那曲市法治政府建设工作坚持以…"
    r"(?=坚持|认真|深入|全面|紧紧|始终|按照|以习近平|围绕|高度|积极|扎实|严格|不断|持续|切实)"
)
# "2023年，山西省委、省政府坚持…": a joint 党委 + 政府 subject; its government is the organ.
_JOINT_LEAD = re.compile(
    r"(?P<place>[\u4e00-\u9fff]{1,12}?(?:省|自治区|市|州|盟|县|区|旗|镇|乡))(?:党)?委[、，,和]?(?:[省市州县区旗镇乡])?(?:人民)?政府"
)
_REPORTED = re.compile(
    r"现(?:将|发布|公布)《?(?P<organ>[\u4e00-\u9fff]{2,30}?(?:人民政府|办事处|局|镇|乡|街道))(?:19|20)\d\d年"
    # 现公布2023年长春市二道区人民政府信息公开工作年度报告: the year first, the 政府 of 政府信息公开 shared
    r"|现(?:将|发布|公布)《?(?:19|20)\d\d年度?(?P<organ_after>[\u4e00-\u9fff]{2,30}?(?:人民政府|办事处|局|委员会))"
    r"(?=政府信息公开|信息公开|法治政府)"
    # 现将省政府2024年度法治政府建设情况报告如下: the place's government by its unit alone
    r"|现将(?P<unit_organ>[省市州盟县区旗](?:人民)?政府)(?:19|20)\d\d年"
    r"|由(?P<compiler>[\u4e00-\u9fff]{2,30}?(?:人民政府|办事处|局|镇|乡|街道))编制"
)
# "我市", "我县", "我镇": the organ of the place the report is filed under, at that level.
# "我市", "全县", or the place's own organ by its unit alone ("区政府坚持…", "县人民政府坚持…"); never a sector
# of it ("全市司法行政系统…" opens the 司法局's report).
_PRONOUN = re.compile(
    _LEAD_CLAUSES.pattern
    + r"(?:[我全](?P<unit>省|区|市|州|县|旗|镇|乡|街道|街(?!道))(?![\u4e00-\u9fff]{2,8}系统(?:在|坚持|以|深入|全面|认真|紧紧|始终|围绕|按照|[，,]))"
    + r"|(?P<bare>省|区|市|州|县|旗|镇|乡)(?:人民)?政府)"
)
# A province's own report: "2023年，全省法治政府建设工作坚持…", "我省…", "省委、省政府坚持…". No county report speaks so.
_PROVINCE_SPEAKS = re.compile(_LEAD_CLAUSES.pattern + r"(?:我省|全省|省政府(?!办)|省委[、，]?省政府)")


def speaks_for_a_province(first_paragraph: str) -> bool:
    return bool(_PROVINCE_SPEAKS.match(simplified(first_paragraph)))


# A place at the head of a title without an organ: "滕家镇2023年度…", "静海区2023年度…", "福建省2021年度…".
_TITLE_PLACE = re.compile(
    r"^(?:[【\[][^】\]]*[】\]])?(?:关于)?(?:(?:19|20)\d\d年度?)?(?P<place>[\u4e00-\u9fff]{2,20}?(?:省|自治区|市|州|盟|地区|县|区|旗|镇|乡|街道|街))"
    r"(?:人民政府)?(?:\d{4}|[〇○一二]{4}|法治|依法)"
)
_JOINT = re.compile(
    r"^(?P<party>中共.{2,25}?(?:委员会|党委|党工委|工委|委))(?P<government>.{2,30}(?:人民政府|办事处))$"
)


@dataclass(frozen=True)
class Organ:
    issuers: list[str]
    publisher: str | None
    level: OrganLevel
    review: list[str]


def split_joint(organ: str) -> list[str]:
    """中共东昌区委东昌区人民政府 → [中共东昌区委, 东昌区人民政府]: a joint report's two issuers."""
    joint = _JOINT.match(organ)
    return [joint["party"], joint["government"]] if joint else [organ]


def title_organ(title: str) -> str | None:
    match = _TITLE_ORGAN.match(simplified(title).replace(" ", ""))
    return match["organ"] if match else None


def lead_organ_of(paragraphs: list[str]) -> str | None:
    """The organ the body's first sentence is about; past an opening paragraph that only speaks of the report
    itself (本报告依据…编制, 政府信息公开年报's preamble), the next paragraph's ("2023年，元谋县交通运输局以…")."""
    for paragraph in paragraphs[:3]:
        organ = lead_organ(paragraph)
        if organ is not None or "本报告" not in paragraph:
            return organ
    return None


def lead_organ(first_paragraph: str) -> str | None:
    """The organ the first sentence is about, as written (a place alone stands for its government)."""
    sentences = simplified(first_paragraph).split("。")
    organ = _organ_of_sentence(sentences[0])
    if organ is None and len(sentences) > 1:  # "2021年时间节点特殊……。这一年，唐山市委、市政府以…"
        organ = _organ_of_sentence(sentences[1])
    return organ


def _organ_of_sentence(sentence: str) -> str | None:
    reported = _REPORTED.search(sentence)
    if reported:
        return reported["organ"] or reported["organ_after"] or reported["unit_organ"] or reported["compiler"]
    start = _LEAD_CLAUSES.match(sentence).end()  # type: ignore[union-attr]
    joint = _JOINT_LEAD.match(sentence, start)
    if joint and is_place_name(joint["place"]):
        return joint["place"] + "人民政府"
    match = _LEAD_ORGAN.match(sentence, start)
    if match is not None and _PARTY.search(match["organ"]):
        return None
    if match is None:
        place = _PLACE_LEAD.match(sentence, start)
        return place_government(place["place"]) if place and is_place_name(place["place"]) else None
    if "我" in match["organ"]:  # 我镇政府, 现将我镇…: a self-reference, see pronoun_organ
        return None
    organ = match["organ"]
    if organ.endswith("街"):  # 松洲街 for 松洲街道, as Guangdong writes it; never a street's name alone
        if not is_place_name(organ):
            return None
        organ += "道"
    return place_government(organ) if organ.endswith(("镇", "乡", "街道", "苏木")) else organ


_SELF = re.compile(r"我(?:局|委|办|镇|乡|街道|街(?!道)|中心|厅)")  # 我街: a 街道, as Guangdong writes it
# A township's report speaks of itself as 我镇, 全乡, 本街道, or of its own 镇党委 / 镇政府 with no name before it;
# a county's report speaks of 我县, 我区, 本市 (and of 各乡镇党委, which is no township's own).
_TOWNSHIP_SPEECH = re.compile(
    r"[我全本](?:镇|乡|街道)|(?:^|(?<=[，。；,、：:（(\s据由对是在经]))(?:镇|乡|街道)(?:党委|党工委|人民政府|政府|党政|长)"
    r"|(?<=[，。；,;])(?:镇|乡|街道)(?=按照|坚持|围绕|始终|深入|全面|认真|积极|紧紧|扎实|以习)"  # "…,街道按照…"
)
_COUNTY_SPEECH = re.compile(r"[我本](?:县|区|市|旗)")


def speaks_as_township(body_start: str) -> bool:
    """Whether the opening of the body is a township's own voice (its place may then be named only in passing)."""
    text = simplified(body_start)[:1000]
    return bool(_TOWNSHIP_SPEECH.search(text)) and not _COUNTY_SPEECH.search(text)


def self_reference(first_paragraph: str) -> str | None:
    """ "我局", "我镇": the word a report uses for its own organ in its first paragraph, if any."""
    match = _SELF.search(simplified(first_paragraph)[:300])
    return match.group(0) if match else None


def pronoun_organ(first_paragraph: str, place: ResolvedPlace) -> tuple[str, str] | None:
    """ "2024年以来，我市坚持…", "全省法治政府建设工作…": the government of the report's own place at the level the
    pronoun names, with where it was read (for the review line)."""
    match = _PRONOUN.match(simplified(first_paragraph))
    if match is None:
        return None
    unit = match["unit"] or match["bare"]
    organ: str | None = None
    town = place.town or ""
    if town and (unit in ("镇", "乡", "街道") or unit == "街" and town.endswith("街道")):  # 我街: Guangdong's 街道
        organ = f"{place.county or ''}{town}{'办事处' if town.endswith('街道') else '人民政府'}"
    elif (unit in ("县", "旗", "区") or unit == "市" and (place.county or "").endswith("市")) and place.county:
        organ = f"{place.county}人民政府"
    elif unit in ("市", "州") and place.prefecture:
        organ = f"{place.prefecture}人民政府"
    elif unit in ("省", "区") and place.province and not place.county:
        organ = f"{place.province}人民政府"
    said = match.group(0)[match.start("unit") - 1 if match["unit"] else match.start("bare") :]
    return (organ, f"正文中的“{said}”和所属地区") if organ else None


# 垡头街道工委办事处, 某镇党委政府: a township's party committee and its office or government written as one name.
_TOWNSHIP_JOINT = re.compile(r"(街道|镇|乡)(?:党工委|工委|党委)(办事处|人民政府|政府)$")


def _named_organ(candidate: str) -> str:
    """The organ of one name as written: the government of a joint 党委 + 政府 name, else its first part."""
    parts = split_joint(_TOWNSHIP_JOINT.sub(r"\1\2", simplified(candidate)))
    return next((part for part in parts if _GOVERNMENT.search(part)), parts[-1])


def title_place_organ(title: str) -> str | None:
    """The government of the place a title starts with, when the title names no organ (滕家镇2023年度…)."""
    match = _TITLE_PLACE.match(simplified(title).replace(" ", ""))
    if not match:
        return None
    return place_government(match["place"])


# A development zone (天津经济技术开发区, 高新技术产业开发区) has no 人民政府: a 管理委员会 governs it.
_ZONE = re.compile(r"(?:开发区|高新区|园区|试验区|合作区|示范区|实验区)$")


def place_government(place: str) -> str:
    """The organ that governs a place named alone: 滕家镇 → 滕家镇人民政府, 松洲街道 → 松洲街道办事处, 天津经济技术
    开发区 → its 管理委员会."""
    if place.endswith(("街道", "街")):
        return place + "办事处"
    return place + ("管理委员会" if _ZONE.search(place) else "人民政府")


_BARE_UNIT = re.compile(r"(?:县|区|市|旗|州|盟)(?![场域委])")  # 县司法局 (never 市场监督管理局)


# 北京, 天津, 上海, 重庆: provinces whose departments are 局 and 委, as a prefecture's are elsewhere.
_MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})


def _department(organ: str, place: ResolvedPlace) -> tuple[str, str] | None:
    """(the department's own name, the level of the place it belongs to) of a department organ of a known place.

    The place names written before the department are matched against the resolved place's names (济宁市兖州区
    司法局 → 司法局 of 兖州区), never cut by a pattern: 兖州 ends in 州 and 市场监督管理局 starts with 市.
    """
    if _GOVERNMENT.search(organ) or not _DEPARTMENT.search(organ) or _PARTY.search(organ):
        return None
    if _ZONE.search(organ.removesuffix("管理委员会").removesuffix("管委会")):
        return None  # a development zone's 管理委员会 governs the zone: no department of the place it lies in
    levels = [
        (level, name)
        for level, name in (
            ("province", place.province),
            ("prefecture", place.prefecture),
            ("county", place.county),
            ("town", place.town),
        )
        if name
    ]
    position, level_found = 0, None
    advanced = True
    while advanced:
        advanced = False
        for level, name in levels:
            for written in _forms(name):
                if len(written) >= 2 and organ.startswith(written, position):
                    position, level_found, advanced = position + len(written), level, True
                    break
            if advanced:
                break
    bare = _BARE_UNIT.match(organ, position)
    if organ.startswith("省", position) and place.province and not place.prefecture:  # 省卫生健康委 of a province
        position, level_found = position + 1, "province"
        bare = None
    if bare and place.county and (bare.group() != "市" or place.county.endswith("市")):  # 县司法局 of a county
        position, level_found = bare.end(), "county"
    elif bare and bare.group() in ("州", "盟") and (place.prefecture or "").endswith(bare.group()):
        position, level_found = bare.end(), "prefecture"  # 州生态环境局 of 恩施土家族苗族自治州
    elif bare and bare.group() == "市" and place.prefecture and not (place.county or "").endswith("市"):
        position, level_found = bare.end(), "prefecture"  # 市卫健委 of a prefecture (a 区 or 县 has no 市 department)
    elif bare and bare.group() == "市" and place.province_code in _MUNICIPALITIES and not place.county:
        position, level_found = bare.end(), "province"  # 市住房城乡建设委 of 天津市
    own = organ[position:]
    if len(own) < 2 or not _DEPARTMENT.search(own):
        return None
    if level_found is None:
        if position or not place.province:
            return None  # a department of no known place: its name stays as written
        # No place written before it: the report's own place, but a province's departments are 厅 (司法厅), and a
        # 局 or 委 of a province known alone belongs to a prefecture or county the text did not name.
        if place.county or place.prefecture:
            level_found = "county" if place.county else "prefecture"
        elif own.endswith("厅") or place.province_code in _MUNICIPALITIES:  # 上海市生态环境局 is a province's
            level_found = "province"
        else:
            return None
    return own, level_found


def _forms(name: str) -> list[str]:
    """How a place's name may be written before an organ: in full, without its unit (鲁山), as its short form
    (黔西南州, 延边州, 张家川县)."""
    return list(dict.fromkeys([name, _short(name), *short_forms(name)]))


def _short(name: str) -> str:
    for suffix in ("自治区", "自治州", "自治县", "省", "市", "州", "盟", "地区", "县", "区", "旗"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _government_level(organ: str, place: ResolvedPlace) -> str | None:
    """Which resolved place a government organ governs, judged from the name it writes."""
    bare = organ.removesuffix("人民政府").removesuffix("政府").removesuffix("办事处")
    town_forms = (
        [place.town, place.town.removesuffix("道"), place.town.removesuffix("街道"), ethnic_short_form(place.town)]
        if place.town
        else []
    )
    if place.town and (any(form and bare.endswith(form) for form in town_forms) or organ.endswith("街道办事处")):
        return "town"
    for level, name in (("county", place.county), ("prefecture", place.prefecture), ("province", place.province)):
        if name and any(bare.endswith(form) for form in _forms(name) if len(form) >= 2):
            return level
    if bare in ("县", "区", "市", "旗", "") and place.county:
        return "county"
    if bare in ("市", "州", "盟") and place.prefecture:  # 市政府 of a report filed under a prefecture alone
        return "prefecture"
    if bare in ("省", "区") and place.province and not place.prefecture:  # 省政府, 区政府 of 广西壮族自治区
        return "province"
    return None


_LEVELS = {
    ("town", "government"): OrganLevel.TOWNSHIP,
    ("county", "government"): OrganLevel.COUNTY_GOVERNMENT,
    ("county", "department"): OrganLevel.COUNTY_DEPARTMENT,
    ("prefecture", "government"): OrganLevel.PREFECTURE_GOVERNMENT,
    ("prefecture", "department"): OrganLevel.PREFECTURE_DEPARTMENT,
    ("province", "government"): OrganLevel.PROVINCE_GOVERNMENT,
    ("province", "department"): OrganLevel.PROVINCE_DEPARTMENT,
}


# Short names departments go by in their own reports, and the official names 三定 regulations give them.
_DEPARTMENT_NAMES = {
    "市场监管局": "市场监督管理局",
    "市监局": "市场监督管理局",
    "卫健委": "卫生健康委员会",
    "卫健局": "卫生健康局",
    "发改委": "发展和改革委员会",
    "发改局": "发展和改革局",
    "人社局": "人力资源和社会保障局",
    "住建局": "住房和城乡建设局",
    "应急局": "应急管理局",
    "医保局": "医疗保障局",
    "退役军人局": "退役军人事务局",
    "文旅局": "文化和旅游局",
    "资规局": "自然资源和规划局",
    "工信局": "工业和信息化局",
    "科技局": "科学技术局",
    "教体局": "教育和体育局",
    "林草局": "林业和草原局",
    "卫生健康委": "卫生健康委员会",
    "住房城乡建设委": "住房和城乡建设委员会",
    "住建委": "住房和城乡建设委员会",
    "发展改革委": "发展和改革委员会",
}


# The working departments (工作部门) of county and prefecture governments as 三定 regulations name them, today's and
# those merged away since 2018 (reports of earlier years carry them): a 局 or 委员会 named in running text is one
# of these, never 大局 or 格局.
_DEPARTMENTS = frozenset(
    """
    发展和改革局 发展和改革委员会 教育局 教育和体育局 教育体育局 科学技术局 科技局 工业和信息化局 科学技术和工业信息化局
    经济和信息化局 经济和信息化委员会 民族宗教事务局 民族宗教事务委员会 公安局 民政局 司法局 财政局 人力资源和社会保障局
    自然资源局 自然资源和规划局 规划和自然资源局 国土资源局 生态环境局 环境保护局 住房和城乡建设局 住房和城乡建设委员会
    交通运输局 交通运输委员会 水利局 水务局 农业农村局 农业局 畜牧兽医局 商务局 文化和旅游局 文化广电和旅游局
    文化广电旅游体育局 文化旅游体育局 卫生健康局 卫生健康委员会 卫生和计划生育局 卫生和计划生育委员会 退役军人事务局
    应急管理局 安全生产监督管理局 审计局 市场监督管理局 食品药品监督管理局 工商行政管理局 质量技术监督局 统计局
    医疗保障局 林业局 林业和草原局 城市管理局 城市管理综合执法局 综合行政执法局 城市管理和综合执法局 信访局 体育局
    数据局 行政审批局 行政审批服务局 政务服务管理局 政务服务数据管理局 国有资产监督管理委员会 机关事务管理局
    粮食和物资储备局 乡村振兴局 能源局 地方金融监督管理局 金融工作局 档案局 城乡规划局
    """.split()
)
# How a report calling itself 我局 or 我委 may name itself in full.
_SPEAKER_UNITS = {
    "我局": ("局",),
    "我委": ("委员会", "委"),
    "我办": ("办公室", "办"),
    "我厅": ("厅",),
    "我中心": ("中心",),
}


def speaker_organ(
    speaker: str, site: str | None, text: str, place: ResolvedPlace, column: str | None = None
) -> tuple[str, str] | None:
    """The organ of a report that calls itself 我局 or 我委 and names no organ where an organ names itself: the
    site's own name where that is such an organ (兰州市交通运输委员会's site), else the one department of the
    report's own place the text names (named_department), else the department whose column of the portal carries
    the page (`column`, from its address)."""
    units = _SPEAKER_UNITS.get(speaker)
    if units is None:
        return None
    if site and site.endswith(units) and not _PARTY.search(site) and not _GOVERNMENT.search(site):
        return site, f"网站名称“{site}”（正文以“{speaker}”自称）"
    named = named_department(text, place, units)
    if named is not None:
        return named, f"正文中的“{named}”（正文以“{speaker}”自称，文中只提到本地的这一个部门）"
    if column is None or not column.endswith(units) or not place.province:
        return None
    return column, f"网址中的栏目代号（正文以“{speaker}”自称）"


def named_department(text: str, place: ResolvedPlace, units: tuple[str, ...] = ("局", "委员会", "委")) -> str | None:
    """The one department of the report's own place (county or prefecture) the text names in full, as written,
    where its field (卫生健康 of 卫生健康局) is written again elsewhere in the text: a report naming no organ but
    its own department. A second department named (the 司法局 that coordinates) leaves it unknown."""
    text = simplified(text)
    named: dict[tuple[str, str], tuple[str, str]] = {}  # (official name, level) → (as written, its own part)
    for name in (place.county, place.prefecture):
        for form in _forms(name) if name else ():
            for match in re.finditer(rf"{re.escape(form)}[\u4e00-\u9fff]{{2,12}}?(?:局|委员会)", text):
                own, level = _department(match.group(0), place) or ("", "")
                if _DEPARTMENT_NAMES.get(own, own) in _DEPARTMENTS:
                    named.setdefault((_DEPARTMENT_NAMES.get(own, own), level), (match.group(0), own))
    if len(named) != 1:
        return None
    ((official, _level), (written, own)) = next(iter(named.items()))
    rest = text.replace(written, "")
    fields = {name.removesuffix("委员会").removesuffix("局") for name in (official, own)}
    if not official.endswith(units) or max(rest.count(field) for field in fields) < 2:
        return None
    return written


def _official(level: str, kind: str, own: str, place: ResolvedPlace) -> str:
    """The full official name: the organ's own place (with its county for a township), then the organ."""
    own = _DEPARTMENT_NAMES.get(own, own)
    if level == "town" and place.town:
        organ = "办事处" if place.town.endswith("街道") else "人民政府" if kind == "government" else own
        return f"{place.county or ''}{place.town}{organ}"
    name = {"county": place.county, "prefecture": place.prefecture, "province": place.province}[level] or ""
    return f"{name}人民政府" if kind == "government" else f"{name}{own}"


def identify(candidates: list[tuple[str, str]], place: ResolvedPlace, speaker: str | None = None) -> Organ:
    """The organ named by the most trusted of `candidates` ((name, where it was read), best first), and its full
    official name and level once its place is known. `speaker`: how the text names itself ("我局", "我镇") when
    no candidate names the organ: then the place's government is not assumed, as the text says it is another."""
    review: list[str] = []
    found = [(name, source) for name, source in candidates if name]
    if found:
        written, source = found[0]
        organ = _named_organ(written)
        issuers = split_joint(simplified(written))
        if source:
            review.append(f"发文机关由{source}推定为“{organ}”，请核对")
    elif place.county and (not speaker or place.town and speaker in ("我镇", "我乡", "我街道", "我街")):
        organ = _official("town", "government", "", place) if place.town else f"{place.county}人民政府"
        issuers = [organ]
        review.append(f"文中未写明发文机关，按地名推定为“{organ}”，请核对")
    elif speaker:
        review.append(f"正文以“{speaker}”自称，但未能确定是哪个机关：请填写发文机关（issuers、publisher）")
        return Organ([], None, OrganLevel.OTHER, review)
    else:
        return Organ([], None, OrganLevel.OTHER, review)
    department = _department(organ, place)
    if department is not None:
        own, level = department
        level = "county" if level == "town" else level
        return Organ(
            issuers, _fuller(organ, _official(level, "department", own, place)), _LEVELS[(level, "department")], review
        )
    if _PLACE_ONLY.search(organ):  # 发布单位：荣成市滕家镇 — the place's government
        organ = place_government(organ)
    level_name = _government_level(organ, place) if _GOVERNMENT.search(organ) else None
    if level_name is None and (township := _township_unknown_to_gazetteer(organ, place)) is not None:
        official = f"{place.county}{township}"
        review.append(f"“{township}”所在的乡镇（街道）不在地名表中，按本报告所属县推定发文机关为“{official}”，请核对")
        return Organ(issuers, official, OrganLevel.TOWNSHIP, review)
    if level_name is None:
        return Organ(issuers, organ, OrganLevel.OTHER, review)
    official = _official(level_name, "government", "", place)
    return Organ(issuers, _fuller(organ, official), _LEVELS[(level_name, "government")], review)


_TOWNSHIP_ORGAN = re.compile(r"^(?P<town>[\u4e00-\u9fff]{1,10}(?:镇|乡|街道))(?:人民政府|办事处)$")


def _township_unknown_to_gazetteer(organ: str, place: ResolvedPlace) -> str | None:
    """The organ of a township the gazetteer does not hold anywhere (a new or renamed one: 银杏大街街道办事处) with
    the report's county known: taken as that county's, its name without the county's (which the caller writes
    before it). A township name the gazetteer holds, or one written after another place's name, is left alone."""
    if not place.county or place.town:
        return None
    own = next(
        (organ[len(form) :] for form in _forms(place.county) if len(form) >= 2 and organ.startswith(form)), organ
    )
    match = _TOWNSHIP_ORGAN.match(own)
    if match is None or is_place_name(match["town"]) or _OTHER_PLACE_INSIDE.search(match["town"]):
        return None
    return own


_OTHER_PLACE_INSIDE = re.compile(r"[省市县旗盟州]|区.")  # 新乡市红旗区某街道: places the county cannot prefix


_PLACE_ONLY = re.compile(r"(?:省|自治区|市|州|盟|县|区|旗|镇|乡|街道)$")


def _fuller(written: str, official: str) -> str:
    """The name as the organ wrote it when that is the official name with the higher places before it
    (重庆市大足区邮亭镇人民政府), else the official name built from the gazetteer."""
    return written if written.endswith(official) and len(written) > len(official) else official
