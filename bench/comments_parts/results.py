"""What the run stored and logged, summed up against what the posters saw."""

import json
import math
import re
from collections import Counter
from pathlib import Path

from .common import manage

LOG_PATTERNS = {
    "database is locked": "database is locked",
    "tracebacks": "Traceback (most recent call last)",
    "server errors (500)": "Internal Server Error",
    "worker timeouts": "WORKER TIMEOUT",
}
EXCEPTION_LINE = re.compile(r"^[\w.]+(?:Error|Exception|Locked|Timeout)\b.*$", re.M)

COUNT = """
import json
from django.core.cache import caches
from django.db import connection
from toasoan.comments.models import Comment
from django_tasks_db.models import DBTaskResult
limits = caches["limits"]
prefix = limits.make_key("captcha:used:")
if hasattr(limits, "_table"):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {limits._table} WHERE cache_key LIKE %s",
            [prefix + "%"],
        )
        marks = cursor.fetchone()[0]
else:
    client = limits._cache.get_client(prefix)
    marks = sum(1 for _ in client.scan_iter(match=prefix + "*", count=1000))
print(json.dumps({
    "comments": list(Comment.objects.values_list("email", "body")),
    "tasks": DBTaskResult.objects.count(),
    "captcha_marks": marks,
}))
"""


def percentiles(values: list[float]) -> dict:
    """p50, p95 and max in milliseconds (nearest rank)."""
    if not values:
        return {"p50_ms": None, "p95_ms": None, "max_ms": None}
    ordered = sorted(values)

    def rank(p):
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] * 1000

    return {
        "p50_ms": round(rank(50), 1),
        "p95_ms": round(rank(95), 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def scan_log(path: Path) -> dict:
    text = path.read_text(encoding="utf-8", errors="replace")
    counts = {label: text.count(needle) for label, needle in LOG_PATTERNS.items()}
    lines = Counter(m.strip()[:200] for m in EXCEPTION_LINE.findall(text))
    return {**counts, "exceptions": dict(lines.most_common(10))}


def stored_rows(env: dict, work: Path) -> dict:
    output = manage(env, work / "count.log", "shell", "-c", COUNT)
    return json.loads(output.strip().splitlines()[-1])


def summarise(records: list, stored: dict, log: dict, wall: float) -> dict:
    statuses = Counter(r.get("status") for r in records)
    acked = [r["body"] for r in records if r.get("status") == 303]
    bodies = Counter(body for _, body in stored["comments"])
    lost = [b for b in acked if b not in bodies]
    unacked = sorted(set(bodies) - set(acked))
    refused = {
        str(k): v for k, v in sorted(statuses.items(), key=str) if k not in (303,)
    }
    reasons = Counter(
        f"{r.get('status')}: {r['reason']}" for r in records if r.get("reason")
    )
    return {
        "attempted": len(records),
        "accepted": len(acked),
        "refused": refused,
        "refusal_reasons": dict(reasons.most_common(10)),
        "empty_captcha_field": sum(1 for r in records if r.get("token_from_image")),
        "stored": len(stored["comments"]),
        "lost": len(lost),
        "lost_examples": lost[:5],
        "stored_not_acknowledged": len(unacked),
        "stored_twice": sum(c - 1 for c in bodies.values() if c > 1),
        "post_latency": percentiles([r["post_s"] for r in records if "post_s" in r]),
        "get_latency": percentiles([r["get_s"] for r in records if "get_s" in r]),
        "load_wall_s": round(wall, 2),
        "accepted_per_s": round(len(acked) / wall, 1) if wall else None,
        "captcha_marks_kept": stored["captcha_marks"],
        "tasks_queued": stored["tasks"],
        "server_log": log,
    }


def verdict(result: dict) -> list[tuple[str, bool]]:
    log = result["server_log"]
    return [
        (
            "every acknowledged comment stored",
            result["lost"] == 0 and result["stored"] == result["accepted"],
        ),
        ("no 'database is locked' in the server log", log["database is locked"] == 0),
        ("no traceback in the server log", log["tracebacks"] == 0),
        (
            "every (valid) comment accepted",
            result["accepted"] == result["posters"] * result["per_poster"],
        ),
    ]
