"""The table printed at the end of a run, and the JSON report kept."""

import json
from pathlib import Path


def rounded(run: dict) -> dict:
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in run.items()}


def print_table(result: dict) -> None:
    first, second = result["first_import"], result["second_import"]
    rows = [
        ("database", result["database"]),
        ("statistics", result["maintenance"] or "-"),
        ("files", result["files"]),
        ("first import, loop s / wall s", f"{first['loop_s']} / {first['wall_s']}"),
        ("first import, articles/s", f"{first['rate_per_s']:.1f}"),
        ("first import, peak RSS MiB", f"{first['peak_rss_mib']:.0f}"),
        ("re-run, loop s / wall s", f"{second['loop_s']} / {second['wall_s']}"),
        ("re-run, files/s", f"{second['rate_per_s']:.1f}"),
        ("re-run, peak RSS MiB", f"{second['peak_rss_mib']:.0f}"),
        ("articles after both runs", result["articles"]),
        ("index tasks left queued", result["tasks_queued"]),
        (
            "machine",
            f"{result['machine']['nproc']} CPU, Python {result['machine']['python']}",
        ),
    ]
    if result["drain"]:
        drain = result["drain"]
        rows[-1:-1] = [
            ("drain queue, wall s", drain["wall_s"]),
            ("drain queue, tasks/s", f"{drain['tasks_per_s']:.1f}"),
            ("drain queue, peak RSS MiB", f"{drain['peak_rss_mib']:.0f}"),
            ("search entries after draining", drain["search_entries"]),
        ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


def write_report(path: Path, result: dict) -> None:
    """Keep one result per kind of database (sqlite, postgresql) in the file."""
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    old = old if isinstance(old, dict) else {}
    report = {k: v for k, v in old.items() if isinstance(v, dict) and "files" in v}
    report[result["database"].split()[0]] = result
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
