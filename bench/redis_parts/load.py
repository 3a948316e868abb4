"""The reading load: wrk over many addresses, counting answers per second.

Each wrk thread counts, per wall-clock second (os.time), the 200 answers,
how many of them were page-cache hits (X-Page-Cache: hit; granian sends
header names in lower case) and the other answers; done() prints them.
"""

import json
import re
import subprocess

WRK_SCRIPT = r"""
local paths = {}
local threads = {}
local made = 0
-- Flat tables: wrk crashes copying nested ones out of a thread.
ok, hits, bad = {}, {}, {}
setup = function(thread)
  made = made + 1
  thread:set("id", made)
  table.insert(threads, thread)
end
init = function(args)
  math.randomseed(os.time() * 100 + (id or 0))
  for i, p in ipairs(args) do paths[i] = p end
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
response = function(status, headers, body)
  local s = os.time()
  if status == 200 then ok[s] = (ok[s] or 0) + 1 else bad[s] = (bad[s] or 0) + 1 end
  local hit = headers["x-page-cache"] or headers["X-Page-Cache"]
  if hit == "hit" then hits[s] = (hits[s] or 0) + 1 end
end
done = function(summary, latency, requests)
  io.write("SECONDS")
  for _, thread in ipairs(threads) do
    local t_ok, t_hits, t_bad = thread:get("ok"), thread:get("hits"), thread:get("bad")
    local seen = {}
    for s, _ in pairs(t_ok) do seen[s] = true end
    for s, _ in pairs(t_bad) do seen[s] = true end
    for s, _ in pairs(seen) do
      io.write(string.format(" %d:%d:%d:%d", s, t_ok[s] or 0, t_hits[s] or 0,
        t_bad[s] or 0))
    end
  end
  io.write("\n")
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "connect": %d, "read": %d, '
    .. '"write": %d, "timeout": %d, "non2xx": %d, "p50": %.3f, "p99": %.3f}\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write,
    e.timeout, e.status, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
end
"""


def start(base_url, paths, connections, seconds, work):
    """wrk in the background for `seconds`; collect() reads what it counted."""
    script = work / "drill.lua"
    script.write_text(WRK_SCRIPT)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s"]
    command += ["--timeout", "10s", "-s", str(script), base_url, *paths]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def collect(process):
    """{second: {"ok", "hits", "bad"}} summed over wrk's threads, and the
    run's summary (socket errors, latency percentiles in ms)."""
    output, _ = process.communicate()
    if process.returncode:
        raise RuntimeError(f"wrk failed ({process.returncode}):\n{output}")
    seconds = {}
    found = re.search(r"^SECONDS(.*)$", output, re.MULTILINE)
    for item in found.group(1).split() if found else ():
        second, ok, hits, bad = (int(part) for part in item.split(":"))
        row = seconds.setdefault(second, {"ok": 0, "hits": 0, "bad": 0})
        row["ok"] += ok
        row["hits"] += hits
        row["bad"] += bad
    summary = re.search(r"^RESULT (.*)$", output, re.MULTILINE)
    if not summary:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    return seconds, json.loads(summary.group(1))
