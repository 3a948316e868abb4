"""From the rounds' rows to each tier's own contribution (x times).

A tier's contribution is its row with the tier on over the row with it off:
requests/s (median of the rounds; the range is the worst and best pairing of
rounds), and p50 latency off over on. It "at least doubles its row" when
even the worst pairing is 2x or more; "unclear" when the range straddles 2.
"""

import statistics

# PAGE_FRAGMENT_SECONDS switches the article's own blocks ({% fragment %},
# the kept article); the home page has none (its {% cache %} blocks stay).
ARTICLE = ("article",)
# (tier, row with it on, row with it off[, pages it applies to]), per setup.
PAIRS = {
    "production": [
        ("1 nginx's cache", "nginx", "all_on"),
        ("2+3 WSGI wrapper with its local copies", "all_on", "no_wsgi"),
        ("3 local copies", "all_on", "no_local"),
        ("2 WSGI wrapper, local copies off", "no_local", "no_wsgi"),
        ("5 page cache, through the middleware", "no_wsgi", "no_page_cache"),
        ("4 fragments, on a page-cache miss", "no_page_cache", "cold", ARTICLE),
        ("2-5 all app tiers against none", "all_on", "cold"),
    ],
    "make-run": [
        ("2 WSGI wrapper", "all_on", "no_wsgi"),
        ("5 page cache, through the middleware", "no_wsgi", "no_page_cache"),
        ("4 fragments, on a page-cache miss", "no_page_cache", "cold", ARTICLE),
        ("2-5 all app tiers against none", "all_on", "cold"),
    ],
}


def row_summary(results):
    rps = [r["rps"] for r in results]
    return {
        "rps": round(statistics.median(rps)),
        "rps_rounds": rps,
        "p50_ms": round(statistics.median(r["p50_ms"] for r in results), 3),
        "p95_ms": round(statistics.median(r["p95_ms"] for r in results), 3),
        "p50_rounds": [r["p50_ms"] for r in results],
        "socket_errors": sum(r["socket_errors"] for r in results),
    }


def verdict(low, high):
    if low >= 2:
        return "yes"
    return "no" if high < 2 else "unclear"


def contribution(on, off):
    ratio = on["rps"] / off["rps"]
    low = min(on["rps_rounds"]) / max(off["rps_rounds"])
    high = max(on["rps_rounds"]) / min(off["rps_rounds"])
    return {
        "rps_x": round(ratio, 2),
        "rps_x_range": [round(low, 2), round(high, 2)],
        "p50_x": round(off["p50_ms"] / on["p50_ms"], 2),
        "p95_x": round(off["p95_ms"] / on["p95_ms"], 2),
        "doubles": verdict(low, high),
    }


def first_reader_row(found, page):
    p50s = [f[page]["p50_ms"] for f in found]
    return {
        "p50_ms": round(statistics.median(p50s), 2),
        "p95_ms": round(statistics.median(f[page]["p95_ms"] for f in found), 2),
        "p50_rounds": p50s,
        "misses": sum(f[page]["misses"] for f in found),
        "n": sum(f[page]["n"] for f in found),
    }


def first_reader_summary(by_row):
    """The first reader after a change with all tiers on and in the cold row
    (the same rhythm); cold over all-on at p50: what the kept blocks and the
    kept shared rows save that reader."""
    out = {}
    for page in ("article", "home"):
        entry = {row: first_reader_row(found, page) for row, found in by_row.items()}
        if "all_on" in entry and "cold" in entry:
            saved = entry["cold"]["p50_ms"] / entry["all_on"]["p50_ms"]
            entry["cold_over_all_on_p50_x"] = round(saved, 2)
        out[page] = entry
    return out


def summarise(rows, firsts):
    summary = {}
    for setup, by_row in rows.items():
        table = {
            row: {page: row_summary(results) for page, results in pages.items()}
            for row, pages in by_row.items()
        }
        tiers = {}
        for tier, on, off, *only in PAIRS.get(setup, []):
            if on in table and off in table:
                tiers[tier] = {
                    page: contribution(table[on][page], table[off][page])
                    for page in table[on]
                    if page in table[off] and (not only or page in only[0])
                }
        summary[setup] = {"rows": table, "tiers": tiers}
        if setup in firsts:
            summary[setup]["first_reader"] = first_reader_summary(firsts[setup])
    print_summary(summary)
    return summary


def print_summary(summary):
    for setup, found in summary.items():
        print(f"\n{setup}: rows (median of rounds; req/s of each round)")
        for row, pages in found["rows"].items():
            for page, s in pages.items():
                print(
                    f"  {row:<18} {page:<8} {s['rps']:>7} req/s {s['rps_rounds']}"
                    f"  p50 {s['p50_ms']} ms  p95 {s['p95_ms']} ms"
                )
        print(f"{setup}: each tier's own contribution (on / off)")
        for tier, pages in found["tiers"].items():
            for page, c in pages.items():
                print(
                    f"  {tier:<42} {page:<8} {c['rps_x']:>6}x {c['rps_x_range']}"
                    f"  p50 {c['p50_x']}x  doubles: {c['doubles']}"
                )
        for page, f in found.get("first_reader", {}).items():
            print(f"  first reader after a change, {page}: {f}")
