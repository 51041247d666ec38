"""Host evidence on real portal hostnames (tests/data/hosts.tsv): is the true place a candidate, alone, or beaten?

Usage: .venv/bin/python bench/bench_hosts.py [--all]   Prints the figures per set ("design": the hosts the rules
were written from; "held-out": hosts collected afterwards and not used to change them), then every host whose
true place is not the unique strongest candidate (--all: every host), with the rules that read it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gongkai import gazetteer
from gongkai.extract.hosts import HostEvidence, host_evidence

TABLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "hosts.tsv"


def verdict(evidence: HostEvidence, code: str) -> str:
    """unique: the true place alone at the strongest rule; strongest: among several there; candidate: weaker;
    wrong unique: another place alone at the strongest rule; missed: not a candidate at all."""
    places = [candidate.place.code for candidate in evidence.candidates]
    if evidence.unique is not None:
        return "unique" if evidence.unique.code == code else "wrong unique"
    if code in [place.code for place in evidence.strongest]:
        return "strongest"
    return "candidate" if code in places else "missed"


VERDICTS = ("unique", "strongest", "candidate", "wrong unique", "missed")


def run(show_all: bool) -> None:
    header, *lines = TABLE.read_text(encoding="utf-8").splitlines()
    rows = [dict(zip(header.split("\t"), line.split("\t"), strict=True)) for line in lines]
    results = [(row, host_evidence(row["host"])) for row in rows]
    verdicts = [verdict(evidence, row["code"]) for row, evidence in results]
    sets = list(dict.fromkeys(row["set"] for row in rows))
    print("| set | hosts | registrable labels | " + " | ".join(VERDICTS) + " |")
    print("|---" * (len(VERDICTS) + 3) + "|")
    for name in [*sets, "all"]:
        chosen = [(row, v) for row, v in zip(rows, verdicts, strict=True) if name in ("all", row["set"])]
        labels = {row["host"].removesuffix(".gov.cn").rsplit(".", 1)[-1] for row, _ in chosen}
        counts = " | ".join(str(sum(v == verdict_name for _, v in chosen)) for verdict_name in VERDICTS)
        print(f"| {name} | {len(chosen)} | {len(labels)} | {counts} |")
    for (row, evidence), name in zip(results, verdicts, strict=True):
        if show_all or name != "unique":
            place = gazetteer.lookup(row["code"])
            rules = "; ".join(f"{c.place.name} {c.rule}" for c in evidence.candidates[:4])
            more = f" (+{len(evidence.candidates) - 4})" if len(evidence.candidates) > 4 else ""
            print(f"{name:12} {row['set']:8} {row['host']:24} {place.name if place else row['code']:8} {rules}{more}")


if __name__ == "__main__":
    run("--all" in sys.argv[1:])
