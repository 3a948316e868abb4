"""The table printed at the end of a run."""


def cell(value: float, limit_ms: float) -> str:
    return f">{value:,.0f}" if value >= limit_ms else f"{value:,.1f}"


def print_report(result: dict) -> None:
    limit_ms = result["limit_s"] * 1000
    creation, index = result["creation"], result["index"]
    print(
        f"\n{result['server']}: {result['articles']:,} articles, "
        f"nproc {result['nproc']}, 1-min load {result['load_average_1min']}\n"
        f"  create pages {creation['seconds']:.1f} s "
        f"({result['articles'] / creation['seconds']:,.0f} pages/s); index "
        f"{index['seconds']:.1f} s ({index['docs_per_s']:,.0f} docs/s; "
        f"update_index path {index['update_index_path_docs_per_s']:,.0f}/s, "
        f"prefetching workers {index.get('prefetch_per_worker_docs_per_s', 0):,.0f}"
        f"/s each)\n"
    )
    columns = ("p50 ms", "p95 ms", "max ms", "mean ms", "n", "t/o", "hits med")
    print(f"{'query':<8}{'path':<9}" + "".join(f"{c:>10}" for c in columns))
    for key, row in result["latency"].items():
        for path in ("service", "raw"):
            s = row[path]
            values = [cell(s[k], limit_ms) for k in ("p50_ms", "p95_ms", "max_ms")]
            values += [cell(s["mean_ms"], 10**9), s["n"], s["timeouts"]]
            values.append(f"{row['hits_median'] or 0:,}" if path == "service" else "")
            print(f"{key:<8}{path:<9}" + "".join(f"{v:>10}" for v in values))
    diagnosis = result["diagnosis"]
    print(
        f"\nslowest finished service query {diagnosis['query']!r}: "
        f"{diagnosis['total_ms']} ms, {diagnosis['sql_ms']} ms in SQL"
    )
    for statement in diagnosis["statements"]:
        print(f"  {statement['ms']:>9.1f} ms  {statement['sql'][:100]}")
    print("  plan of the slowest statement:")
    for line in diagnosis["plan"][:25]:
        print("    " + line[:110])
    what = result["what_if"]
    print(f"\nwhat if: {what['what']} (setup {what['setup_s']} s)")
    for key in ("1_word", "2_word", "4_word"):
        s = what[key]
        values = [cell(s[k], limit_ms) for k in ("p50_ms", "p95_ms", "max_ms")]
        values += [cell(s["mean_ms"], 10**9), s["n"], s["timeouts"]]
        print(f"{key:<17}" + "".join(f"{v:>10}" for v in values))
