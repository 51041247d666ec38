"""What a clerk reads after an ingest: one console line per file, and a Markdown review report.

The report is also the body of the pull-request comment CI posts, so it must read well on a forge.
"""

from __future__ import annotations

from pathlib import Path

from gongkai.config import Config
from gongkai.ingest import Outcome, Status

_STATUS = {Status.ADDED: "已收录", Status.WOULD_ADD: "将收录（演练）", Status.DUPLICATE: "重复", Status.FAILED: "失败"}


def _relative(path: Path | None, config: Config) -> str:
    return "" if path is None else str(config.shown(path))


def console_line(outcome: Outcome, config: Config) -> str:
    name = _relative(outcome.source, config)
    if outcome.status in (Status.FAILED, Status.DUPLICATE):
        return f"{name}: {outcome.message}"
    warnings = f"（待核实 {len(outcome.review)} 项）" if outcome.review else ""
    return f"{name} → {_relative(outcome.markdown, config)} {_STATUS[outcome.status]}{warnings}"


def _cell(value: object) -> str:
    text = "—" if value in (None, "", []) else ("、".join(map(str, value)) if isinstance(value, list) else str(value))
    return text.replace("|", "\\|").replace("\n", " ")


def review_report(outcomes: list[Outcome], config: Config, problem: str | None = None) -> str:
    """The report of a run; `problem` is what stopped the whole run (another ingest holding the lock)."""
    lines = ["# 收录核对报告", ""]
    if problem:
        lines += [f"**未能收录：** {problem}", ""]
    counts = {status: sum(1 for outcome in outcomes if outcome.status == status) for status in _STATUS}
    lines.append(
        "，".join(f"{_STATUS[status]} {count}" for status, count in counts.items() if count) or "没有待处理的文件"
    )
    for outcome in outcomes:
        lines += ["", f"## {_STATUS[outcome.status]}：{_relative(outcome.source, config)}", ""]
        if outcome.front_matter is None:
            lines.append(outcome.message)
            continue
        fm = outcome.front_matter
        place = "".join(part for part in (fm.province, fm.prefecture, fm.county, fm.town) if part) or "—"
        rows = [
            ("标题", fm.title),
            ("文种", fm.doc_type),
            ("地区", place),
            ("报告年度", fm.report_year),
            ("发文机关", fm.issuers),
            ("发文字号", fm.doc_number),
            ("成文日期", fm.written_date),
            ("发布日期", fm.published_date),
            ("生成文件", _relative(outcome.markdown, config)),
        ]
        lines += ["| 项目 | 识别结果 |", "|---|---|", *(f"| {label} | {_cell(value)} |" for label, value in rows)]
        if outcome.review:
            lines += ["", "**待核实：**", "", *(f"- {item}" for item in outcome.review)]
        else:
            lines += ["", "没有待核实的问题。"]
    return "\n".join(lines) + "\n"
