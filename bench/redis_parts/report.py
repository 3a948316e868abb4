"""Per-second rates around the outage, and how long until they came back.

Seconds are wall-clock seconds as wrk counted them; the first and the last
(partial) are left out. "before" is the median of the full seconds from 2 s
after the load started until the kill; the rate is back when the mean of a
second after the restart and the two that follow is >= --bar of it (0.8: the
issue's bar; hits alone vary by a quarter from one second to the next on a
shared machine), and `back_after_s` is the end of that first second, counted
from the moment Redis answered again.
"""

import statistics


def redis_rates(samples):
    """{second: (commands per second, keys)} from the INFO samples."""
    found = {}
    for (t1, c1, _, _), (t2, c2, keys, _) in zip(samples, samples[1:], strict=False):
        if c2 < c1:  # a new server: its counter started again
            continue
        rate = (c2 - c1) / (t2 - t1)
        found.setdefault(int(t2), []).append((rate, keys))
    return {
        second: (round(statistics.mean(r for r, _ in rows)), rows[-1][1])
        for second, rows in found.items()
    }


def phase_of(second, run):
    if second + 1 <= run["killed"]:
        return "before"
    if second + 1 <= run["back"]:
        return "outage"
    return "after"


def rows_of(run):
    """One row per full second of the run."""
    counted = run["seconds"]
    redis = redis_rates(run["samples"])
    first, last = min(counted) + 1, max(counted) - 1
    rows = []
    for second in range(first, last + 1):
        row = counted.get(second, {"ok": 0, "hits": 0, "bad": 0})
        commands, keys = redis.get(second, (None, None))
        rows.append(
            {
                "since_kill_s": round(second - run["killed"], 1),
                "since_back_s": round(second - run["back"], 1),
                "phase": phase_of(second, run),
                **row,
                "redis_cmds_s": commands,
                "redis_keys": keys,
                "second": second,
            }
        )
    return rows


def summarise(run, bar):
    rows = rows_of(run)
    before = [
        r["ok"]
        for r in rows
        if r["phase"] == "before" and r["second"] >= run["started"] + 2
    ]
    rate = statistics.median(before) if before else 0
    after = [r for r in rows if r["phase"] == "after"]
    back_after = None
    for n, row in enumerate(after):
        window = [r["ok"] for r in after[n : n + 3]]
        if len(window) == 3 and statistics.mean(window) >= bar * rate:
            back_after = round(row["second"] + 1 - run["back"], 1)
            break
    first = next((r for r in after if r["ok"] >= bar * rate), None)
    return {
        "before_rps": rate,
        "first_at_bar_s": first and round(first["second"] + 1 - run["back"], 1),
        "outage_rps": [r["ok"] for r in rows if r["phase"] == "outage"],
        "after_rps": [r["ok"] for r in after],
        "back_after_s": back_after,
        "meets_bar": back_after is not None and back_after <= 10,
        "non200": sum(r["bad"] for r in rows),
        "socket_errors": {
            k: run["summary"][k] for k in ("connect", "read", "write", "timeout")
        },
        "outage_s": round(run["back"] - run["killed"], 2),
        "rows": rows,
    }


def show(summary, bar):
    print(
        f"  Redis away {summary['outage_s']} s; before {summary['before_rps']}/s; "
        f"back to >= {bar:.0%} after "
        f"{summary['back_after_s']} s, first second at it ended at "
        f"{summary['first_at_bar_s']} s (bar 10 s: "
        f"{'met' if summary['meets_bar'] else 'NOT met'}); non-200: "
        f"{summary['non200']}; socket errors: {summary['socket_errors']}"
    )
    print("  t-kill  t-back  phase    ok   hits  bad  redis cmd/s  keys")
    for r in summary["rows"]:
        print(
            f"  {r['since_kill_s']:>6}  {r['since_back_s']:>6}  {r['phase']:<7}"
            f"{r['ok']:>5}  {r['hits']:>5}  {r['bad']:>3}  "
            f"{r['redis_cmds_s'] if r['redis_cmds_s'] is not None else '-':>11}  "
            f"{r['redis_keys'] if r['redis_keys'] is not None else '-':>4}",
            flush=True,
        )
