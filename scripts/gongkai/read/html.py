"""HTML pages saved from government portals: the article body without the portal around it.

A saved portal page is mostly chrome (navigation, 字号, 打印, QR code, footer) around one article container.
The body is the first known CMS container holding a real article, else the element with the most CJK text in
its paragraphs. What portals say about the article outside it (政府网站发展指引 meta tags, the 来源/发布时间
bar, <title>, canonical URL) goes to `page_meta` uninterpreted. The cleaned body goes through pandoc so tables
and <br> line breaks are read the same way as in other formats. Patterns live in data/portal_chrome.toml.
"""

from __future__ import annotations

import functools
import re
import tomllib
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, PageElement

from gongkai.document import Block, Inline, Paragraph, RawDocument, Table
from gongkai.furniture import catalogue_values
from gongkai.read.base import InputError
from gongkai.read.encoding import decode
from gongkai.read.pandoc_ast import blocks_from_ast, run_pandoc
from gongkai.textrules import CJK

_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE
)
_CJK = re.compile(f"[{CJK}]")
CATALOGUE_LINES = 40  # lines of a page read for its catalogue when no title line was found
CATALOGUE_LINES_AFTER_TITLE = 6
_SPACES = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_EXECUTABLE_HREF = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
_SIMPLE_SELECTOR = re.compile(r"[.#]?[A-Za-z][\w-]*")
_TITLE_SEPARATORS = re.compile(r"\s*[-_|｜—–]+\s*")
# A bar value ends at a wide gap, a separator, or the next "标签：" after a space (成文日期：, 点击：…).
_VALUE_END = re.compile(r"\s{2,}|\s+[\u4e00-\u9fff]{2,6}\s*[:：]|[|丨【\[]")

# Removed with their content from every page whatever the data file says, so that nothing executable or
# non-textual (scripts, frames, forms, embedded objects, images) can reach the document.
_NEVER_TEXT = frozenset(
    "script style noscript template iframe frame frameset object embed applet form input button select textarea "
    "img picture svg math canvas audio video map link meta base xml".split()
)
# Tags handed to pandoc as they are. Anything else is made a <div> if it is or holds a block, else unwrapped:
# pandoc's HTML reader loses or splits text around other tags. It ends the paragraph at Word's <o:p>, reads
# only the inside of a <main>, drops text loose in a <dl>, and keeps figure and table captions apart.
_PANDOC_TAGS = frozenset(
    "p div section article blockquote center pre address h1 h2 h3 h4 h5 h6 ul ol li table thead tbody tfoot tr td "
    "th hr br a strong b".split()
)
# No colspan/rowspan: our tables are lists of cell texts anyway, and pandoc drops the cells a zero or
# overlapping span pushes out of its grid.
_KEPT_ATTRIBUTES = {"a": ("href",), "ol": ("start",)}
# Elements that end a visual line; table cells do not (a 发布时间 | 来源 bar is often one table row).
_LINE_TAGS = frozenset(
    "html body p div section article main aside header footer nav menu blockquote center pre address figure "
    "figcaption h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table caption thead tbody tfoot tr hr form".split()
)
# Text scoring: a paragraph's text counts for the nearest of these around it, and half for the next one up.
_CONTAINERS = frozenset("body div td th section article main blockquote center dd".split())

_NO_BODY = "网页中找不到正文（可能是栏目列表页或导航页，而不是报告本身），请提交报告所在的文章页或报告原件"


@dataclass(frozen=True)
class _Selectors:
    """CSS selectors of the forms `tag`, `.class`, `#id`, in priority order.

    That is all portal templates need, and one lookup per element is far faster than a CSS engine's pass
    over the page per selector.
    """

    rank: dict[str, int]

    @classmethod
    def parse(cls, selectors: list[str]) -> _Selectors:
        for selector in selectors:
            if not _SIMPLE_SELECTOR.fullmatch(selector):
                raise ValueError(f"portal_chrome.toml: only tag, .class or #id selectors work, not {selector!r}")
        return cls(rank={selector: position for position, selector in reversed(list(enumerate(selectors)))})

    def rank_of(self, element: Tag) -> int | None:
        """Position of the first selector matching `element`, None if none does."""
        keys = [element.name, *(f".{name}" for name in element.get_attribute_list("class") if name)]
        if element.get("id"):
            keys.append(f"#{element.get('id')}")
        ranks = [self.rank[key] for key in keys if key in self.rank]
        return min(ranks) if ranks else None


@dataclass(frozen=True)
class _Rules:
    guideline_meta: tuple[str, ...]
    body: _Selectors
    min_cjk: int
    max_link_share: float
    remove: _Selectors
    label: re.Pattern[str]
    bar_keys: dict[str, str]  # bar label → page_meta key (来源 or 发布时间)
    defining_labels: frozenset[str]
    bar_start: re.Pattern[str]
    date: re.Pattern[str]
    chrome_line: re.Pattern[str]
    chrome_max_chars: int


def _label_pattern(labels: list[str], bare_labels: list[str]) -> str:
    """Longest first so 发布时间 wins over 时间; a bare label after a CJK character is part of a word (办公时间)."""
    branches = [
        rf"(?<![\u4e00-\u9fff]){re.escape(label)}" if label in bare_labels else re.escape(label)
        for label in sorted(labels, key=len, reverse=True)
    ]
    return rf"({'|'.join(branches)})\s*[:：]"


@functools.cache
def _rules() -> _Rules:
    config = tomllib.loads(resources.files("gongkai").joinpath("data/portal_chrome.toml").read_text("utf-8"))
    bar = config["bar"]
    chrome = config["chrome"]
    label = _label_pattern(bar["source_labels"] + bar["date_labels"] + bar["other_labels"], bar["bare_labels"])
    # Atomic group: once a piece matched, a failing rest of the line never retries it, so a long line that is
    # not chrome fails in linear time instead of trying every split into pieces.
    piece = "(?>(?:[【\\[]\\s*)?(?:" + "|".join(f"(?:{pattern})" for pattern in chrome["pieces"]) + ")(?:\\s*[】\\]])?)"
    separator = r"[\s|丨·/]*"
    return _Rules(
        guideline_meta=tuple(config["guideline_meta"]),
        body=_Selectors.parse(config["body"]["selectors"]),
        min_cjk=int(config["body"]["min_cjk"]),
        max_link_share=float(config["body"]["max_link_share"]),
        remove=_Selectors.parse(config["remove"]["selectors"]),
        label=re.compile(label),
        bar_keys={label: "来源" for label in bar["source_labels"]}
        | {label: "发布时间" for label in bar["date_labels"]},
        defining_labels=frozenset(bar["defining_labels"]),
        bar_start=re.compile(rf"(?:{label}|{bar['date']})"),
        date=re.compile(bar["date"]),
        chrome_line=re.compile(rf"(?:{separator}{piece})+{separator}"),
        chrome_max_chars=int(chrome["max_chars"]),
    )


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


def _inside(element: Tag, ancestor: Tag) -> bool:
    return element is ancestor or any(parent is ancestor for parent in element.parents)


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


# ---------------------------------------------------------------- page metadata


def _page_meta(soup: BeautifulSoup, rules: _Rules) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        name = tag.get("name")
        content = _squash(str(tag.get("content") or ""))
        if isinstance(name, str) and name in rules.guideline_meta and content and name not in found:
            found[name] = content
    meta = {name: found[name] for name in rules.guideline_meta if name in found}
    if soup.title is not None and _squash(soup.title.get_text()):
        meta["title"] = _squash(soup.title.get_text())
    canonical = soup.find("link", rel="canonical") or soup.find("meta", property="og:url")
    if isinstance(canonical, Tag):
        url = _squash(str(canonical.get("href") or canonical.get("content") or ""))
        if url:
            meta["canonical"] = url
    return meta


def _text_lines(root: Tag) -> list[tuple[str, Tag]]:
    """The page as a reader sees it: (line text, element the line belongs to), split at block tags and <br>."""
    lines: list[tuple[str, Tag]] = []
    parts: list[str] = []

    def flush(owner: Tag) -> None:
        text = _squash("".join(parts))
        parts.clear()
        if text:
            lines.append((text, owner))

    # Iterative walk: a hostile page can nest deeper than Python's recursion limit.
    # Children are kept reversed so that taking the next one is a cheap pop().
    stack: list[tuple[Tag, list[PageElement]]] = [(root, list(reversed(root.contents)))]
    while stack:
        tag, children = stack[-1]
        if not children:
            stack.pop()
            if tag.name in _LINE_TAGS:
                flush(tag)
            continue
        child = children.pop()
        if isinstance(child, Tag):
            if child.name == "br":
                flush(tag)
            else:
                if child.name in _LINE_TAGS:
                    flush(tag)
                elif child.name in ("td", "th"):
                    parts.append(" ")
                stack.append((child, list(reversed(child.contents))))
        elif type(child) is NavigableString:
            parts.append(str(child))
    flush(root)
    return lines


def _bar_values(line: str, rules: _Rules) -> dict[str, str] | None:
    """来源 and 发布时间 cut out of a line, if the line is a 来源/发布时间 bar."""
    if len(line) > rules.chrome_max_chars or not rules.bar_start.match(line):
        return None
    labels = list(rules.label.finditer(line))
    if not any(match.group(1) in rules.defining_labels for match in labels):
        return None
    values: dict[str, str] = {}
    for index, match in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(line)
        value = _VALUE_END.split(line[match.end() : end].strip())[0].strip()
        key = rules.bar_keys.get(match.group(1))
        if key and value and key not in values:
            values[key] = value
    if "发布时间" not in values:
        date = rules.date.match(line)
        if date is not None:
            values["发布时间"] = date.group(0)
    return values


# ---------------------------------------------------------------- choosing the body


def _link_cjk(element: Tag) -> int:
    return sum(_cjk_count(link.get_text()) for link in element.find_all("a"))


def _is_article(element: Tag, rules: _Rules) -> bool:
    total = _cjk_count(element.get_text())
    links = _link_cjk(element)
    return total - links >= rules.min_cjk and links <= rules.max_link_share * total


def _densest(soup: BeautifulSoup) -> Tag | None:
    """The container with the most CJK paragraph text (link text excluded), readability-style."""
    scores: dict[int, float] = {}
    elements: dict[int, Tag] = {}
    for string in soup.find_all(string=True):
        if type(string) is not NavigableString:
            continue
        count = _cjk_count(string)
        if not count or any(parent.name == "a" for parent in string.parents):
            continue
        containers = [parent for parent in string.parents if parent.name in _CONTAINERS][:2]
        for weight, container in zip((1.0, 0.5), containers, strict=False):
            scores[id(container)] = scores.get(id(container), 0.0) + weight * count
            elements[id(container)] = container
    if not scores:
        return None
    order = {id(tag): position for position, tag in enumerate(soup.find_all(True))}
    # Ties go to the element first in the page, i.e. the outer one: losing text is worse than keeping a line.
    best = max(scores, key=lambda key: (scores[key], -order[key]))
    return elements[best]


def _choose_body(soup: BeautifulSoup, rules: _Rules) -> Tag | None:
    densest = _densest(soup)
    ranked = [(rank, element) for element in soup.find_all(True) if (rank := rules.body.rank_of(element)) is not None]
    articles = [(rank, element) for rank, element in ranked if _is_article(element, rules)]
    if articles:
        best_rank = min(rank for rank, _element in articles)
        matches = [element for rank, element in articles if rank == best_rank]
        chosen = max(matches, key=lambda element: _cjk_count(element.get_text()))
        # A container that misses paragraphs the densest element around it has is too narrow.
        if densest is not None and chosen is not densest and _inside(chosen, densest):
            return densest
        return chosen
    return densest


# ---------------------------------------------------------------- cleaning


def _is_hidden(element: Tag) -> bool:
    """Hidden by attribute or inline style; <html>/<body> hidden until a script shows them is not hidden text."""
    style = str(element.get("style") or "")
    return element.name not in ("html", "body") and (element.has_attr("hidden") or bool(_HIDDEN_STYLE.search(style)))


def _prune(root: Tag, doomed: Callable[[Tag], bool]) -> None:
    """Remove every outermost element for which `doomed` holds, and comments, CDATA, doctypes.

    Collected first and removed after, never looking inside a doomed element: asking bs4 whether a Tag was
    already removed (`decomposed`) searches its descendants, which makes a removal loop quadratic.
    """
    found: list[PageElement] = []
    stack = [root]
    while stack:
        for child in stack.pop().contents:
            if isinstance(child, Tag):
                (found if doomed(child) else stack).append(child)
            elif type(child) is not NavigableString:
                found.append(child)
    for element in found:
        element.extract()


def _own(table: Tag, names: list[str]) -> list[Tag]:
    """Parts of `table` itself, not of tables nested in it."""
    return [part for part in table.find_all(names) if part.find_parent("table") is table]


def _is_layout(table: Tag) -> bool:
    """A table holding other tables, or one cell per row, is page layout rather than a table of the report."""
    if table.find("table") is not None:
        return True
    return all(len(row.find_all(["td", "th"], recursive=False)) <= 1 for row in _own(table, ["tr"]))


def _body_html(body: Tag) -> str:
    """The body as HTML pandoc reads without surprises: known tags only, no attributes but link targets."""
    if body.name not in _PANDOC_TAGS or body.name in ("tr", "td", "th", "thead", "tbody", "tfoot"):
        body.name = "div"  # a layout cell or <body> chosen as the body: its content is what counts
    for caption in body.find_all("caption"):
        # Kept as the paragraph above its table: pandoc would keep it apart from the cells.
        caption.name = "p"
        table = caption.find_parent("table")
        if table is not None:
            table.insert_before(caption.extract())
    for table in [element for element in [body, *body.find_all("table")] if element.name == "table"]:
        if _is_layout(table):
            for part in _own(table, ["thead", "tbody", "tfoot"]):
                part.unwrap()
            for part in [table, *_own(table, ["tr", "td", "th"])]:
                part.name = "div"
    for element in body.find_all(True):
        if element.name == "a" and (not element.get("href") or _EXECUTABLE_HREF.match(str(element.get("href")))):
            element.unwrap()
        elif element.name not in _PANDOC_TAGS:
            if element.name in _LINE_TAGS or element.find(list(_LINE_TAGS)) is not None:
                element.name = "div"
            else:
                element.unwrap()
    for element in [body, *body.find_all(True)]:
        kept = _KEPT_ATTRIBUTES.get(element.name, ())
        element.attrs = {name: value for name, value in element.attrs.items() if name in kept}
    return body.decode()


def _is_chrome(text: str, rules: _Rules) -> bool:
    text = _squash(text)
    if len(text) > rules.chrome_max_chars:
        return False
    return bool(rules.chrome_line.fullmatch(text)) or _bar_values(text, rules) is not None


def _without_chrome(blocks: list[Block], rules: _Rules) -> list[Block]:
    """Drop whole chrome lines; a blank line (<br><br>) separates paragraphs, so split there."""
    kept: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            if block.rows:
                kept.append(block)
            continue
        if not isinstance(block, Paragraph):
            continue
        group: list[list[Inline]] = []
        for line in [*block.lines, []]:
            text = "".join(run.text for run in line)
            if text.strip() and _is_chrome(text, rules):
                continue
            if text.strip():
                group.append(line)
            elif group:
                kept.append(Paragraph(lines=group, heading_hint=block.heading_hint))
                group = []
    return kept


def _block_text(block: Block) -> str:
    if isinstance(block, Table):
        return " ".join(cell for row in block.rows for cell in row)
    return block.text if isinstance(block, Paragraph) else ""


def _title_line(lines: list[tuple[str, Tag]], meta: dict[str, str]) -> tuple[str, Tag] | None:
    """The page's own line for the article title: equal to ArticleTitle or to <title> without its site suffix.

    The longest such line wins, and a line that is only a link (a menu item named like the column) never does.
    """
    page_title = meta.get("title", "")
    candidates = {meta.get("ArticleTitle", ""), page_title}
    candidates.update(page_title[: match.start()] for match in _TITLE_SEPARATORS.finditer(page_title))
    wanted = {_SPACES.sub("", candidate) for candidate in candidates} - {""}
    found = [
        (text, owner)
        for text, owner in lines
        if _SPACES.sub("", text) in wanted
        and _SPACES.sub("", text) not in {_SPACES.sub("", link.get_text()) for link in owner.find_all("a")}
    ]
    return max(found, key=lambda line: len(line[0]), default=None)


# What a browser writes into a page it saves ("Save as… Web page, HTML only"): the address it was saved from.
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.IGNORECASE)


def read(path: Path, data: bytes, kind: str, charset: str | None = None) -> RawDocument:
    """The article of a saved portal page as blocks, the page's own metadata in `page_meta`. `charset`: the one
    a container declared for these bytes (an .mhtml part's), else the page's own declaration is used."""
    rules = _rules()
    text, encoding = decode(path, data, charset or _declared_charset(data))
    with warnings.catch_warnings():
        # Saved XHTML pages start with an XML declaration; browsers render them as HTML, and so do we.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(text, "lxml")
    meta = _page_meta(soup, rules)
    saved_from = _SAVED_FROM.search(text[:4096])
    if saved_from and "canonical" not in meta:
        meta.setdefault("Url", saved_from.group(1))
    _prune(soup, lambda element: element.name in _NEVER_TEXT or _is_hidden(element))
    lines = _text_lines(soup.body or soup)
    for line, _owner in lines:
        values = _bar_values(line, rules)
        if values:
            meta.update(values)
            break
    title = _title_line(lines, meta)
    # The 政府信息公开 catalogue (索引号, 发文字号, 成文日期…) sits above the title or just below it, often outside the
    # article container: read it there, and nowhere else (a list of related articles has dates of its own).
    end = next((index for index, line in enumerate(lines) if title and line == title), CATALOGUE_LINES)
    for line, _owner in lines[: end + CATALOGUE_LINES_AFTER_TITLE]:
        for key, value in catalogue_values(line).items():
            meta.setdefault(key, value)
    _prune(soup, lambda element: rules.remove.rank_of(element) is not None)
    body = _choose_body(soup, rules)
    if body is None:
        raise InputError(path, _NO_BODY)
    title_inside = title is not None and _inside(title[1], body)
    html = _body_html(body)
    converted = blocks_from_ast(run_pandoc(path, html.encode("utf-8"), "html"))
    lost = _cjk_count(body.get_text()) - sum(_cjk_count(_block_text(block)) for block in converted)
    if lost > 0:
        # pandoc dropped text it did not expect where it was: better no document than a silently shorter one.
        raise InputError(path, f"网页正文有 {lost} 个汉字未能转换（网页结构异常），请改为提交报告原件（Word 或 PDF）")
    blocks = _without_chrome(converted, rules)
    if sum(_cjk_count(_block_text(block)) for block in blocks) < rules.min_cjk:
        raise InputError(path, _NO_BODY)
    first = _SPACES.sub("", _block_text(blocks[0]))
    if title is not None and not title_inside and first != _SPACES.sub("", title[0]):
        blocks.insert(0, Paragraph(lines=[[Inline(title[0])]], heading_hint=1))
    return RawDocument(blocks=blocks, source_format="html", encoding=encoding, page_meta=meta)
