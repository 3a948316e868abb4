"""wrk runs, the publish-to-visible timing and the machine's description."""

import json
import os
import platform
import re
import statistics
import subprocess
import time
from pathlib import Path

from .common import WORK, BenchError, fetch

WRK_SCRIPT = r"""
local paths = {}
init = function(args) for i, p in ipairs(args) do paths[i] = p end end
request = function()
  if #paths > 0 then return wrk.format("GET", paths[math.random(#paths)]) end
  return wrk.format("GET")
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "errors": %d, "non2xx": %d, '
    .. '"p50": %.3f, "p95": %.3f, "p99": %.3f}\n',
    summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def wrk(url, connections, seconds, paths=(), close=False):
    script = WORK / "report.lua"
    script.write_text(WRK_SCRIPT)
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    command += ["--timeout", "10s"]
    if close:  # a new connection for every request
        command += ["-H", "Connection: close"]
    command += ["-s", str(script), url, *paths]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.search(r"^RESULT (.*)$", output, re.MULTILINE)
    if not found:
        raise BenchError(f"wrk printed no result:\n{output}")
    result = json.loads(found.group(1))
    if result["non2xx"]:
        raise BenchError(f"error answers while loading {url}: {result}")
    result["rps"] = result["requests"] / result["seconds"]
    return result


def measure(args, url, paths=(), close=False):
    """requests/s with --connections, latency with one; `close`: without
    keep-alive (runserver stalls ~40 ms on a kept connection: tiers.py)."""
    # Latency first: after a loaded run the server still works through the
    # requests queued behind it, which would land in the one-connection run.
    one = wrk(url, 1, args.latency_seconds, paths, close)
    load = wrk(url, args.connections, args.seconds, paths, close)
    time.sleep(3)  # let that queue drain before the next measurement
    row = {
        "rps": round(load["rps"]),
        "p50_ms": one["p50"],
        "p95_ms": one["p95"],
        "p99_ms": one["p99"],
        "loaded_p99_ms": load["p99"],
        "socket_errors": load["errors"] + one["errors"],
        "load_1min": round(os.getloadavg()[0], 2),  # the machine is shared
    }
    print(f"  {url:<60} {row}", flush=True)
    return row


def publish_latency(args, article, url):
    """Publish edits while nginx is under load; time until a reader sees each."""
    from toasoan.news.models import ArticlePage

    script = WORK / "report.lua"
    load = subprocess.Popen(
        ["wrk", "-t2", f"-c{args.connections}", "-d600s", "-s", str(script), url],
        stdout=subprocess.DEVNULL,
    )
    seen, publishing = [], []
    try:
        time.sleep(2)
        for n in range(args.publishes):
            page = ArticlePage.objects.get(pk=article.pk)
            marker = f"Bản sửa {n} {time.time_ns()}"
            page.title = f"{article.title} – {marker}"
            started = time.perf_counter()
            page.save_revision(log_action=False).publish(log_action=False)
            committed = time.perf_counter()  # as the editor's request ends
            while marker not in fetch(url)[1].decode():
                if time.perf_counter() - started > 10:
                    raise BenchError("an edit was not visible after 10 s")
                time.sleep(0.005)
            seen.append((time.perf_counter() - started) * 1000)
            publishing.append((committed - started) * 1000)
            time.sleep(0.5)
    finally:
        load.terminate()
        load.wait()
        page = ArticlePage.objects.get(pk=article.pk)
        page.title = article.title
        page.save_revision(log_action=False).publish(log_action=False)
    result = {
        "publishes": len(seen),
        "median_ms": round(statistics.median(seen), 1),
        "max_ms": round(max(seen), 1),
        "publish_call_median_ms": round(statistics.median(publishing), 1),
    }
    print(f"  publish → visible through nginx: {result}", flush=True)
    return result


def machine():
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    nginx_version = subprocess.run(
        ["nginx", "-v"], capture_output=True, text=True
    ).stderr.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "nginx": nginx_version,
        "load_before": os.getloadavg()[0],
    }
