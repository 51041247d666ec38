"""Portal page furniture in a document's first lines: recognised, kept out of title and body, kept as evidence.

A report copied or saved from a portal starts with the portal's furniture before the document's own title:
the site's name and date, breadcrumbs (当前位置：首页 > 政务公开 > …), the 政府信息公开目录 catalogue block
(索引号 / 发布机构 / 发文字号 / 成文日期 / 发布日期 / 标题 …, as lines, "[ 索引号 ] …" brackets or a table), the
来源/发布时间 bar, reading tools (字号 大 中 小 打印 关闭). Left in, they became the title ("…报告发布日期:2024-02-01")
or the publisher ("欢迎登录某某网站"). Here every such line is removed from the head of the document and its values
go to page_meta under the catalogue's own names (发布时间, 成文日期, 发布机构, 发文字号, 索引号, 标题, 来源), which
metadata extraction weighs as evidence. A title glued to its bar ("…情况报告时间:2023-02-28 15:36浏览量:1") is cut
apart. Labels are read in simplified characters, so a page in its 繁體 view gives the same evidence.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from gongkai.document import Block, Inline, Paragraph, Table
from gongkai.script import simplified
from gongkai.textrules import COMPLETE_TITLE, TITLE_WORD, numbering_level, without_pinyin_notes

# The head of a page ends at the first paragraph of running text; furniture after that is the body's business.
MAX_HEAD_BLOCKS = 40
BODY_CHARS = 100
# A line naming only an organ or a place (福州市, 周村区人民政府, 政府文件): above a catalogue it is the site's name.
_ORGAN_ONLY = re.compile(
    r"^[\u4e00-\u9fff]{0,30}(?:人民政府|政府|办事处|委员会|局|厅|办公室|门户网站|网站|省|自治区|市|州|盟|县|区|旗|镇|乡|街道)(?:文件)?$"
)
_BULLET = re.compile(r"^[\s•·●○■□◆◇▪*\-–—]+")
# An index number alone on its line (the catalogue's value without its label): 736916951/2024-000784.
_CODE_ONLY = re.compile(r"^[0-9A-Za-z][0-9A-Za-z/\-_.]{8,}$")
# A bar may be just the date and time under the title; a date written 2025年1月8日 alone is a signature's.
_ISO_BAR = re.compile(r"^(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
_ISO_INSIDE = re.compile(r"(?<!\d)(?:19|20)\d\d-\d{1,2}-\d{1,2}(?!\d)(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
_SENTENCE = re.compile(r"[。，；！？]")
_TABLE_RULE = re.compile(r"^[\s|｜:\-—]+$")
# A catalogue's row copied without its values: labels, each with its colon, between bars ("公开目录: | 公开责任部门: | ||").
_EMPTY_ROW = re.compile(r"^(?:\s*[\u4e00-\u9fff][\u4e00-\u9fff\s]{1,9}[:：]\s*[|｜]+)+[\s|｜]*$")
_VALUE_TRIM = " \t\u3000|｜:：-•·"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class _Rules:
    label: re.Pattern[str]
    keys: dict[str, str]
    bare: frozenset[str]
    site_line: re.Pattern[str]
    spaced_label: re.Pattern[str]
    glued_label: re.Pattern[str]


@cache
def _rules() -> _Rules:
    data = tomllib.loads(resources.files("gongkai.data").joinpath("page_furniture.toml").read_text("utf-8"))
    chrome = tomllib.loads(resources.files("gongkai.data").joinpath("portal_chrome.toml").read_text("utf-8"))
    labels: dict[str, str] = data["labels"]
    spaced = [r"\s*".join(re.escape(char) for char in label) for label in sorted(labels, key=len, reverse=True)]
    # A label ends at a colon, or is closed by the bracket that opened it ("[ 索引号 ]"), or by a table bar.
    label = re.compile(rf"(?P<open>[\[【]\s*)?(?P<label>{'|'.join(spaced)})\s*(?(open)[\]】]\s*[:：]?|(?:[:：]|[|｜]))")
    pieces = [*data["text"]["site_lines"], *chrome["chrome"]["pieces"]]
    site_line = re.compile("|".join(f"(?:{piece})" for piece in pieces))
    spaced_label = re.compile(rf"(?:^|(?<=\s))(?P<label>{'|'.join(spaced)})(?=\s|$)")
    glued_label = re.compile(rf"^(?P<label>{'|'.join(spaced)})")
    return _Rules(label, labels, frozenset(data["text"]["bare_labels"]), site_line, spaced_label, glued_label)


@dataclass
class _Line:
    """What one head line turned out to be: kept text (a title cut from its bar, or the line itself) and values."""

    kept: str | None
    values: dict[str, str]
    furniture: bool


def _label_matches(simple: str, rules: _Rules) -> list[re.Match[str]]:
    """Label occurrences that are labels here: a bare word (日期, 来源…) only after a gap or at the line start,
    unless the line also holds an unmistakable label (…报告来源：发布日期:2021-03-30点击数：)."""
    found = list(rules.label.finditer(simple))
    strong = any(_SPACES.sub("", match["label"]) not in rules.bare for match in found)
    kept = []
    for match in found:
        name = _SPACES.sub("", match["label"])
        start = match.start()
        boundary = start == 0 or simple[start - 1] in " \t\u3000|｜]】[【•·-,，;；" or simple[start - 1].isdigit()
        if name in rules.bare and not boundary and not strong:
            continue
        kept.append(match)
    return kept


def _spaced_catalogue(simple: str, rules: _Rules, anywhere: bool = False) -> list[re.Match[str]]:
    """A catalogue row without colons ("发布机构 兖州区司法局 组配分类 法治政府建设年报"): labels separated by spaces
    from their values, the line starting with one (`anywhere`: in a line known to be a bar). Only unmistakable
    labels count (not 日期, 名称…)."""
    found = [
        match
        for match in rules.spaced_label.finditer(simple)
        if _SPACES.sub("", match["label"]) not in rules.bare or match.start() == 0
    ]  # "标  题 河南省…"
    if not found or found[0].start() != 0 and not anywhere:
        return []
    return found


_CRUMB = re.compile(r"\s*(?:>>|[>＞›»])\s*")


def _breadcrumb(simple: str) -> bool:
    """A path of short column names between > marks (or / marks from 首页 on), whatever follows the last one."""
    pieces = _CRUMB.split(simple)
    if len(pieces) < 3 and simple.startswith("首页"):
        pieces = [piece.strip() for piece in simple.split("/")]
    return len(pieces) >= 3 and all(0 < len(piece) <= 20 for piece in pieces[:-1])


_MENU_GAP = re.compile(r"[\s|｜丨]+")


def _navigation(simple: str, rules: _Rules) -> bool:
    """A row of menu items: four or more short pieces between spaces or bars, no sentence, no title; or two or
    more that are each a known piece of site furniture ("联系我们| 网站地图| 微信")."""
    pieces = [piece for piece in _MENU_GAP.split(simple) if piece]
    if len(pieces) >= 2 and all(rules.site_line.fullmatch(piece) for piece in pieces):
        return True
    return (
        len(pieces) >= 4
        and all(len(piece) <= 16 for piece in pieces)
        and not _SENTENCE.search(simple)
        and not TITLE_WORD.search(simple)
    )


def _values(simple: str, matches: list[re.Match[str]], rules: _Rules) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(simple)
        value = simple[match.end() : end].strip(_VALUE_TRIM)
        value = re.split(r"\s{2,}(?!\d{1,2}:\d{2})|\s*[|｜]\s*", value)[0].strip(_VALUE_TRIM)
        key = rules.keys[_SPACES.sub("", match["label"])]
        if key and value and key not in values:
            values[key] = value
    return values


def _dated(simple: str, matches: list[re.Match[str]], rules: _Rules) -> dict[str, str]:
    """The labelled values of a line, and a date of its own (not a labelled one's value) as the publication date."""
    values = _values(simple, matches, rules)
    bar = _ISO_BAR.match(simple.lstrip(" |｜")) or _ISO_INSIDE.search(simple)
    if bar and (not matches or bar.start() < matches[0].start()):
        values.setdefault("发布时间", bar.group(0))
    return values


# A portal's top menu run together with the title under it (a page copied without line breaks between them).
_MENU_ITEM = re.compile(
    r"(?:网站)?首页|(?:走进|魅力|印象)[\u4e00-\u9fff]{2,3}?(?=新闻|政务|政府|信息|互动|专题|办事|数据|公众)|新闻中心|新闻动态"
    r"|要闻动态|政务公开|政府信息公开|信息公开|政务服务|办事服务|互动交流|政民互动|专题专栏|数据开放|公众参与"
)
_MENU_PREFIX = re.compile(f"(?:{_MENU_ITEM.pattern})+")


# What the value of a glued catalogue row must look like, by the key its label keeps it under.
_GLUED_DAY = re.compile(r"(?:19|20)\d\d(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)")
_GLUED_VALUES = {
    "发布时间": _GLUED_DAY,
    "成文日期": _GLUED_DAY,
    "索引号": re.compile(r"[0-9A-Za-z][0-9A-Za-z/\-_.]{5,}$"),
    "发布机构": re.compile(r"[\u4e00-\u9fff]{2,30}(?:人民政府|政府|办事处|局|委员会|委|办公室|办|厅|中心)$"),
}


def _glued_catalogue(simple: str, rules: _Rules) -> list[re.Match[str]]:
    """A catalogue row with nothing between label and value ("发布日期2026-01-27", "发布机构屏边县新华乡人民政府",
    a label alone: "文号"), as some portals' lists copy: only an unmistakable label at the start of a short line
    with no sentence in it, and a value of the label's kind (a date, an index number, an organ; short otherwise)."""
    match = rules.glued_label.match(simple)
    if match is None or len(simple) > 60 or _SENTENCE.search(simple):
        return []
    name = _SPACES.sub("", match["label"])
    value = simple[match.end() :].strip()
    kind = _GLUED_VALUES.get(rules.keys.get(name, ""))
    if name in rules.bare and value or (kind.match(value) is None if kind else len(value) > 8):
        return []
    return [match]


def _read_line(text: str, rules: _Rules) -> _Line:
    text = _BULLET.sub("", without_pinyin_notes(text))
    simple = simplified(text)
    bare = _SPACES.sub("", simple)
    if not bare or _TABLE_RULE.match(simple) or _CODE_ONLY.match(bare) or _EMPTY_ROW.match(simple):
        return _Line(None, {}, True)
    if rules.site_line.fullmatch(bare):  # "2025-04-27 10:14 黑龙江省人民政府网": still the page's date
        dated = _dated(simple, _label_matches(simple, rules), rules)
        return _Line(None, {key: value for key, value in dated.items() if key == "发布时间"}, True)
    menu = _MENU_PREFIX.match(bare)
    if menu and len(_MENU_ITEM.findall(menu.group(0))) >= 3:
        # "首页 走进汉台 新闻中心 政府信息公开 …", alone or glued to the title under it ("…专题专栏汉中市…工作报告")
        rest = bare[menu.end() :]
        if not rest:
            return _Line(None, {}, True)
        if COMPLETE_TITLE.search(rest):
            return _Line(rest, {}, True)
    if _breadcrumb(simple):  # 政府信息公开 > 法定主动公开内容 > … > 年度报告日期:2025-02-28 字体:[ 大 中 小 ]
        return _Line(None, _values(simple, _label_matches(simple, rules), rules), True)
    matches = _label_matches(simple, rules) or _spaced_catalogue(simple, rules) or _glued_catalogue(simple, rules)
    if matches:  # labels without a colon beside ones with ("来源:叶城县司法局 作者: 发布时间 2025年09月05日")
        taken = {match.start() for match in matches}
        matches = sorted(
            [
                *matches,
                *(match for match in _spaced_catalogue(simple, rules, anywhere=True) if match.start() not in taken),
            ],
            key=lambda match: match.start(),
        )
    bar = _ISO_BAR.match(simple.lstrip(" |｜")) or _ISO_INSIDE.search(simple)
    cut = min([match.start() for match in matches] + ([bar.start()] if bar else []), default=len(simple))
    prefix = simple[:cut].strip(_VALUE_TRIM)
    values = _dated(simple, matches, rules)
    if (
        prefix
        and cut < len(simple)
        and TITLE_WORD.search(prefix)
        and len(prefix) >= 6
        and len(simple) == len(text)
        and not _SENTENCE.search(prefix)
        and (matches or bar and not _SENTENCE.search(simple[cut:]))
    ):
        # A title glued to its bar ("…情况报告时间:2023-02-28 15:36浏览量:1"): keep the title as written (繁體 stays
        # 繁體), the bar's values as evidence.
        return _Line(text[:cut].strip(_VALUE_TRIM), values, True)
    if bar and (matches or len(bare) <= 40 and not _SENTENCE.search(simple) and not TITLE_WORD.search(simple)):
        # "2020-12-22 11:50发文单位：…", "2022-03-31 19:47 湖北省人民政府", "某某网站 www… 2023-01-28" under a
        # title: the bar's date is the publication date.
        return _Line(None, values, True)
    if not matches:
        return _Line(None, {}, True) if _navigation(simple, rules) else _Line(text, {}, False)
    if not prefix:
        return _Line(None, values, True)
    return _Line(text, {}, False)


def catalogue_values(line: str) -> dict[str, str]:
    """The values a line of page furniture holds (索引号, 发布机构, 成文日期…), for readers that see the page around
    the article (a saved HTML page's catalogue table sits outside the article container); {} for any other line."""
    reading = _read_line(line, _rules())
    return reading.values if reading.furniture else {}


def _has_content(text: str) -> bool:
    return bool(text.strip(" \t\u3000|｜:：-—"))


def _line_text(runs: list[Inline]) -> str:
    return "".join(run.text for run in runs)


def _table_text(table: Table) -> str:
    return " ".join(" | ".join(row) for row in table.rows)


class _Head:
    """Walks the head of a document line by line, keeping what is not furniture and collecting its values."""

    def __init__(self, rules: _Rules) -> None:
        self.rules = rules
        self.kept: list[Block] = []
        self.meta: dict[str, str] = {}
        self.pending: str | None = None  # a label alone on its line ("发文单位"): its value is the next line
        self.since_furniture: list[int] = []  # indexes in `kept` of paragraphs kept since the last furniture
        self.seen: set[str] = set()
        self.found = False  # any furniture at all: the document is a page saved or copied from a portal

    def furniture_line(self, text: str) -> tuple[bool, str | None]:
        """(is furniture, the text to keep of it)."""
        bare = _SPACES.sub("", simplified(_BULLET.sub("", text))).rstrip(":：")
        simple = simplified(_BULLET.sub("", text))
        if self.pending is not None and (
            _label_matches(simple, self.rules) or _glued_catalogue(simple.strip(), self.rules)
        ):
            self.pending = None  # "发文字号:" left empty, then "发布时间: 2026-02-24" (or "发布日期2026-01-27")
        if self.pending is not None and bare and bare not in self.rules.keys:
            key = self.rules.keys[self.pending]
            is_value = not COMPLETE_TITLE.search(bare)  # else the title line under a label left empty (有效性 / …报告)
            if key and is_value:
                self.meta.setdefault(key, _BULLET.sub("", text).strip(_VALUE_TRIM))
            self.pending = None
            if is_value:
                return True, None
        # A label alone on its line takes the next line as its value, except words that begin sentences and the
        # reading tools (字号:, 字体:), whose 大 中 小 never stands on a line of its own: the organ line under it does.
        if bare in self.rules.keys and bare not in ("日期", "时间", "名称", "分类", "作者", "字号", "字体"):
            self.pending = bare
            return True, None
        line = _read_line(text, self.rules)
        for key, value in line.values.items():
            self.meta.setdefault(key, value)
        return line.furniture, line.kept

    def after_furniture(self) -> None:
        """The organ names kept just before a catalogue were the site's name, not the document's letterhead."""
        self.found = True
        site = [
            block
            for i in self.since_furniture
            if isinstance(block := self.kept[i], Paragraph) and _ORGAN_ONLY.match(block.text)
        ]
        if site and len(site) == len(self.since_furniture):
            self.meta.setdefault("站点", site[0].text)
            self.kept = self.kept[: self.since_furniture[0]]
        self.since_furniture = []

    def keep(self, block: Block) -> None:
        if isinstance(block, Paragraph) and block.lines and block.lines[0] and _BULLET.match(block.lines[0][0].text):
            first = block.lines[0][0]
            stripped = Inline(_BULLET.sub("", first.text), first.strong, first.href)
            block = Paragraph(
                lines=[[stripped, *block.lines[0][1:]], *block.lines[1:]], heading_hint=block.heading_hint
            )
        if isinstance(block, Paragraph) and len(block.text) >= 8 and COMPLETE_TITLE.search(block.text):
            same = _SPACES.sub("", simplified(block.text))
            if same in self.seen:  # the portal's heading repeated as the document's title line
                return
            self.seen.add(same)
        self.since_furniture.append(len(self.kept))
        self.kept.append(block)


def _rejoined(blocks: list[Block], rules: _Rules) -> list[Block]:
    """Two short lines of the head that are furniture only together (政府信息 / 公开指南: a menu item wrapped in two
    lines, which a text export makes two paragraphs) become one paragraph, so they are recognised as one."""
    result: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            index < MAX_HEAD_BLOCKS
            and isinstance(block, Paragraph)
            and isinstance(following, Paragraph)
            and 0 < len(block.text.strip()) <= 12
            and 0 < len(following.text.strip()) <= 12
            and not _read_line(block.text, rules).furniture
            and _read_line(block.text.strip() + following.text.strip(), rules).furniture
        ):
            result.append(Paragraph(lines=[*block.lines, *following.lines], heading_hint=block.heading_hint))
            index += 2
            continue
        result.append(block)
        index += 1
    return result


def strip_furniture(blocks: list[Block]) -> tuple[list[Block], dict[str, str], bool]:
    """The raw blocks without the page furniture at their head, the values the furniture held, and whether there
    was any (the document is a portal page: a column's name may still stand above its title).

    Works on raw lines (before lines are rejoined into paragraphs), as catalogues often put each label and
    each value on a line of its own. A paragraph with no furniture line is kept exactly as it came.
    """
    head = _Head(_rules())
    blocks = _rejoined(blocks, head.rules)
    for index, block in enumerate(blocks):
        if index >= MAX_HEAD_BLOCKS:
            head.kept.extend(blocks[index:])
            break
        if isinstance(block, Table):
            # A table is furniture only as a catalogue (its cells labelled 索引号, 发布机构…), never a data table.
            furniture = len(_label_matches(simplified(_table_text(block)), head.rules)) >= 2
            if furniture:
                head.furniture_line(_table_text(block))
                head.after_furniture()
            else:
                head.keep(block)
            continue
        if not isinstance(block, Paragraph):
            head.kept.append(block)
            continue
        if _BULLET.match(block.text) and _SENTENCE.search(block.text) and not head.since_furniture:
            head.found = True  # a slogan or news ticker in a list above the article: body paragraphs carry no bullet
            continue
        if (
            len(block.lines) > 1
            and _has_content(block.text)
            and len(block.text) <= 30
            and _read_line(block.text, head.rules).furniture
        ):
            head.found = True  # furniture broken over lines: 政府信息 / 公开指南
            continue
        readings = [(line, *head.furniture_line(_line_text(line))) for line in block.lines]
        if not any(furniture for _line, furniture, _kept in readings):
            if len(block.text) > BODY_CHARS or numbering_level(block.text) is not None and len(block.text) > 12:
                head.kept.extend(blocks[index:])
                break
            head.keep(block)
            continue
        run: list[list[Inline]] = []
        for line, furniture, kept in [*readings, ([], True, None)]:
            if not furniture:
                run.append(line)
                continue
            if run:
                head.keep(Paragraph(lines=run, heading_hint=block.heading_hint))
                run = []
            if _has_content(_line_text(line)):  # a rule or a lone colon is no furniture of a page
                head.after_furniture()
            if kept:
                head.keep(Paragraph(lines=[[Inline(kept)]], heading_hint=block.heading_hint))
    return head.kept, head.meta, head.found or bool(head.meta)
