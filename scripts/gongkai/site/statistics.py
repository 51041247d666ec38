"""统计: per province and report year, how many reports the site holds, the share published on time, the share with
every required part, the median days from 成文日期 to 发布日期 and the median share of sentences repeated from the
same organ's previous-year report (over the reports whose previous one the site holds); two charts drawn at build time as SVG files by
pygal (a maintained charting library; its scripts and random ids taken out, so the files are static, allowed by
the site's Content-Security-Policy and the same at every build), each beside a table holding the same figures.
Charts, not maps: a map of China on a public site needs an approved 审图号."""

from __future__ import annotations

import datetime as dt
import re
import statistics as stats
from collections import Counter, defaultdict
from collections.abc import Iterator

from gongkai.site import compliance
from gongkai.site.catalog import Catalog, Report
from gongkai.write import escape

PAGE = "stats/index.md"
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)  # pygal's own, one of them dated the day of the build
_ID = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f-]{27}")
_RED = "#a8151b"


def _svg(chart: object, name: str, title: str) -> str:
    """pygal's SVG without its scripts and comments, with a stable id and the chart's own title (for screen
    readers)."""
    svg = str(chart.render(is_unicode=True))  # type: ignore[attr-defined]
    svg = _COMMENT.sub("", _SCRIPT.sub("", svg)).replace("<title>Pygal</title>", f"<title>{escape(title)}</title>")
    return _ID.sub(f"chart-{name}", svg)


def _chart(kind: str, title: str, labels: list[str], values: list[float], y_title: str) -> object:
    import pygal  # type: ignore[import-untyped]  # ships no py.typed
    from pygal.style import Style  # type: ignore[import-untyped]

    style = Style(
        font_family='"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif',
        colors=(_RED,),
        background="white",
        plot_background="white",
    )
    chart = (pygal.Bar if kind == "bar" else pygal.Histogram)(
        js=[],
        disable_xml_declaration=True,
        show_legend=False,
        width=720,
        height=320,
        style=style,
        x_label_rotation=30,
        y_title=y_title,
        print_values=False,
    )
    chart.title = title
    chart.x_labels = labels
    chart.add(title, values)
    return chart


def _median(values: list[int]) -> str:
    return f"{stats.median(values):g}" if values else "—"


def _median_share(values: list[float]) -> str:
    return f"{stats.median(values):.0%}（{len(values)} 篇）" if values else "—"


_YEAR_HEADER = (
    "| 省份 | 报告年度 | 报告数 | 按时公开 | 规定内容齐全 | 成文至发布（中位数，天） | 与上一年度报告相同的语句（中位数） |\n"
    "|---|---|---|---|---|---|---|"
)


def _year_table(rows: list[str]) -> str:
    return "\n".join([_YEAR_HEADER, *rows]) if rows else "本站尚未收录这一年度的报告。"


def _year_page_title(year: int) -> str:
    return f"{year}年度报告统计（按省份）"


def _other_years(rows: dict[int, list[str]], latest: int | None) -> list[str]:
    """Links to the pages of earlier report years: one table of every province and year outgrew 50 KB at
    10,000 reports (31 provinces × 5 years, each cell labelled for the phone layout)."""
    years = sorted((year for year in rows if year != latest), reverse=True)
    return ["其他年度：" + " ".join(f"[{year}年]({year}/index.md)" for year in years)] if years else []


def statistics_files(catalog: Catalog, deadline: tuple[int, int], whole: bool = True) -> Iterator[tuple[str, str]]:
    """(src_uri, content) of the statistics pages and their two SVG charts; not `whole`: the pages' titles alone,
    which is all a province group's build keeps of them (for its navigation), not figured out in each group."""
    if not whole:
        years = sorted({year for report in catalog.reports if isinstance(year := report.meta.get("report_year"), int)})
        yield PAGE, "# 统计\n"
        yield from ((f"stats/{year}/index.md", f"# {_year_page_title(year)}\n") for year in reversed(years[:-1]))
        return
    by_place_year: dict[tuple[str, int], list[Report]] = defaultdict(list)
    for report in catalog.reports:
        year = report.meta.get("report_year")
        if isinstance(year, int):
            by_place_year[(str(report.meta.get("province") or "地区待确认"), year)].append(report)
    rows: dict[int, list[str]] = defaultdict(list)  # report year → its table rows
    on_time_by_province: dict[str, list[bool]] = defaultdict(list)
    for (province, year), reports in sorted(by_place_year.items(), key=lambda item: (item[0][0], -item[0][1])):
        timely = [compliance.timeliness(report.meta, deadline) for report in reports]
        dated = [status.status == "按时公开" for status in timely if status.status != "日期不详"]
        complete = sum(all(present for _label, present in compliance.parts_present(report.meta)) for report in reports)
        days = [
            (published - written).days
            for report in reports
            if isinstance(published := report.meta.get("published_date"), dt.date)
            and isinstance(written := report.meta.get("written_date"), dt.date)
        ]
        share = f"{sum(dated)}/{len(dated)}（{sum(dated) / len(dated):.0%}）" if dated else "日期均不详"
        repeated = [catalog.repeat_shares[r.src_uri] for r in reports if r.src_uri in catalog.repeat_shares]
        rows[year].append(
            f"| {escape(province)} | {year}年 | {len(reports)} | {share} | {complete}/{len(reports)} "
            f"| {_median(days)} | {_median_share(repeated)} |"
        )
        on_time_by_province[province] += dated
    provinces = sorted(name for name, dated in on_time_by_province.items() if dated)
    shares = [round(100 * sum(on_time_by_province[name]) / len(on_time_by_province[name]), 1) for name in provinces]
    yield (
        "stats/on-time.svg",
        _svg(_chart("bar", "各省份按时公开的比例（%）", provinces, shares, "%"), "on-time", "各省份按时公开的比例"),
    )
    latest = max((year for _province, year in by_place_year), default=None)
    weeks: Counter[int] = Counter()
    if latest is not None:
        due = compliance.deadline_for(latest, deadline)
        for report in catalog.reports:
            published = report.meta.get("published_date")
            if report.meta.get("report_year") == latest and isinstance(published, dt.date) and due is not None:
                weeks[(published - due).days // 7] += 1
    week_labels = [f"{week:+d}周" for week in sorted(weeks)]
    yield (
        "stats/weeks.svg",
        _svg(
            _chart(
                "bar",
                f"{latest}年度报告按发布周统计（0 = 期限所在周）",
                week_labels,
                [weeks[week] for week in sorted(weeks)],
                "篇",
            ),
            "weeks",
            "发布周分布",
        ),
    )
    week_rows = ["| 相对期限的周 | 报告数 |", "|---|---|"] + [
        f"| {label} | {weeks[week]} |" for label, week in zip(week_labels, sorted(weeks), strict=True)
    ]
    yield (
        PAGE,
        "\n\n".join(
            [
                "# 统计",
                "依据《法治政府建设与责任落实督察工作规定》（每年4月1日之前公开上一年度报告，报告含五个方面内容）统计本站收录的报告。"
                "“按时公开”按发布日期计，发布日期不详的报告不计入比例；“规定内容齐全”指前四个方面都有对应的章节；"
                "“与上一年度报告相同的语句”只计本站收录了同一机关上一年度报告的报告，括号内为篇数。",
                "## 各省份按时公开的比例",
                "![各省份按时公开的比例（柱状图，数据见下表）](on-time.svg)",
                f"## 按省份（{latest}年度）" if latest else "## 按省份和年度",
                _year_table(rows.get(latest, []) if latest else []),
                *_other_years(rows, latest),
                f"## {latest}年度报告的发布时间" if latest else "## 发布时间",
                "![各周发布的报告数（柱状图，数据见下表）](weeks.svg)",
                "\n".join(week_rows),
            ]
        )
        + "\n",
    )
    for year in sorted(rows, reverse=True):
        if year != latest:
            yield (
                f"stats/{year}/index.md",
                f"# {_year_page_title(year)}\n\n{_year_table(rows[year])}\n\n[返回统计](../index.md)\n",
            )
