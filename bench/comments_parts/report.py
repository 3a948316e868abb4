"""The table printed at the end of a run."""


def latency(row: dict) -> str:
    return f"{row['p50_ms']} / {row['p95_ms']} / {row['max_ms']}"


def print_table(result: dict) -> None:
    log = result["server_log"]
    machine = result["machine"]
    refused = ", ".join(f"{k}: {v}" for k, v in result["refused"].items())
    rows = [
        ("database", result["database"]),
        ("limits cache", result["limits_cache"]),
        ("gunicorn", f"{result['workers']} sync workers x 1 thread"),
        (
            "posters (N) x comments each",
            f"{result['posters']} x {result['per_poster']}",
        ),
        ("attempted", result["attempted"]),
        ("accepted (303)", result["accepted"]),
        ("refused, by status", refused or "0"),
        ("stored", result["stored"]),
        ("lost (303, not stored)", result["lost"]),
        ("stored without a 303", result["stored_not_acknowledged"]),
        ("POST ms p50 / p95 / max", latency(result["post_latency"])),
        ("GET ms p50 / p95 / max", latency(result["get_latency"])),
        ("load wall s", result["load_wall_s"]),
        ("accepted comments/s", result["accepted_per_s"]),
        ("log: database is locked", log["database is locked"]),
        ("log: tracebacks", log["tracebacks"]),
        (
            "log: 500s / worker timeouts",
            (f"{log['server errors (500)']} / {log['worker timeouts']}"),
        ),
        ("used-captcha marks kept", result["captcha_marks_kept"]),
        (
            "machine",
            f"{machine['nproc']} CPU, Python {machine['python']},"
            f" load {machine['load_average_before'][0]} before the load",
        ),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    if result["empty_captcha_field"]:
        print(
            f"  WARNING: {result['empty_captcha_field']} pages had an empty"
            " captcha_token field; the bench posted the token of the captcha"
            " image (a browser without a click on 'New code' sends it empty)"
        )
    for reason, count in result["refusal_reasons"].items():
        print(f"  refused {count} x {reason}")
    for line, count in log["exceptions"].items():
        print(f"  log {count} x {line}")
    for label, ok in result["checks"].items():
        print(f"{'OK  ' if ok else 'FAIL'}  {label}")
