"""What one accepted comment costs a script, and a reader's browser, when the
proof of work stands for the security code (toasoan/comments/pow.py).

Run by hand, not by the tests; see bench/README.md.

1. The script: N challenges made by the server's own code are solved the way
   a script would, in Python with hashlib (counters from 0 up, one PBKDF2 each,
   until the derived key starts with the published half), and each solution
   is then checked and used up as the server does before it stores a comment.
   Reported: CPU seconds and hashes per accepted comment.
2. With --browser: the article page in headless chromium (Debian's, driven by
   selenium, as the browser tests do); the box is ticked R times, each on a
   newly loaded page, and the widget's own solving time and the time from the
   tick to "verified" are read. --throttle RATE slows the page's CPU as
   DevTools does, to imitate a phone.

The site runs in this process (Django's live-server thread, dev settings) on a
new SQLite database in a temporary folder; nothing of the development
database or page cache is touched.
"""

import argparse
import base64
import hashlib
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT_DIR = ROOT / "bench" / "out"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"

TICK = """
const done = arguments[arguments.length - 1];
const widget = document.querySelector("altcha-widget");
if (arguments[0]) { widget.configure({workers: arguments[0]}); }
const start = performance.now();
widget.addEventListener("statechange", (event) => {
  const state = event.detail.state;
  if (state === "verified") {
    const solution = JSON.parse(atob(event.detail.payload)).solution;
    done({tick_to_verified_ms: performance.now() - start,
          solve_ms: solution.time, counter: solution.counter,
          workers: widget.getConfiguration().workers});
  } else if (state === "error" || state === "expired") {
    done({error: state});
  }
});
widget.querySelector("input[type=checkbox]").click();
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--challenges", type=int, default=200, help="solved by script")
    parser.add_argument("--browser", action="store_true", help="also in chromium")
    parser.add_argument("--runs", type=int, default=20, help="ticks in the browser")
    parser.add_argument("--workers", type=int, help="the widget's workers")
    parser.add_argument("--throttle", type=float, help="CPU slow-down in chromium")
    parser.add_argument("--cost", type=int, help="COMMENTS_POW_COST to try")
    parser.add_argument("--max-number", type=int, help="COMMENTS_POW_MAX_NUMBER")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "captcha_cost.json")
    return parser.parse_args()


def set_up_django(work: Path, args) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "toasoan.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["PAGE_CACHE_DIR"] = str(work / "pagecache")
    os.environ["MEDIA_ROOT"] = str(work / "media")
    os.environ["COMMENTS_MIN_FILL_SECONDS"] = "0"
    if args.cost:
        os.environ["COMMENTS_POW_COST"] = str(args.cost)
    if args.max_number:
        os.environ["COMMENTS_POW_MAX_NUMBER"] = str(args.max_number)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def solve_like_a_script(challenge: dict) -> tuple[dict, int]:
    """The solution and the number of counters tried: what a script does."""
    p = challenge["parameters"]
    nonce, salt = bytes.fromhex(p["nonce"]), bytes.fromhex(p["salt"])
    prefix = bytes.fromhex(p["keyPrefix"])
    for counter in range(2**32):
        password = nonce + counter.to_bytes(4, "big")
        key = hashlib.pbkdf2_hmac("sha256", password, salt, p["cost"], p["keyLength"])
        if key.startswith(prefix):
            return {"counter": counter, "derivedKey": key.hex()}, counter + 1
    raise RuntimeError("no counter found")


def spread(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "mean": statistics.fmean(ordered),
        "median": statistics.median(ordered),
        "p90": ordered[int(0.9 * (len(ordered) - 1))],
        "max": ordered[-1],
    }


def script_cost(count: int) -> dict:
    from django.conf import settings

    from toasoan.comments import pow

    cpu, tries, accepted = [], [], 0
    for _ in range(count):
        challenge = pow.challenge()
        start = time.process_time()
        solution, tried = solve_like_a_script(challenge)
        cpu.append(time.process_time() - start)
        tries.append(tried)
        payload = json.dumps({"challenge": challenge, "solution": solution})
        proof = pow.check(base64.b64encode(payload.encode()).decode())
        pow.consume(proof)
        accepted += 1
    cost = settings.COMMENTS_POW_COST
    return {
        "cost": cost,
        "max_number": settings.COMMENTS_POW_MAX_NUMBER,
        "challenges": count,
        "accepted": accepted,
        "cpu_s_per_comment": spread(cpu),
        "cpu_s_total": sum(cpu),
        "derivations_per_comment": spread(tries),
        "hmac_sha256_per_comment": statistics.fmean(tries) * cost,
        "derivations_per_cpu_s": sum(tries) / sum(cpu),
    }


def start_site() -> tuple[object, str]:
    """The site in a live-server thread; the address of an open article."""
    from django.test.testcases import LiveServerThread, _StaticFilesHandler
    from django.utils import timezone

    from toasoan.comments.models import CommentSettings
    from toasoan.news.tests.factories import make_article, make_section

    section = make_section(title="Bạn đọc viết")
    article = make_article(section, title="Bài đo mã bảo vệ", published=timezone.now())
    CommentSettings.load()
    server = LiveServerThread("localhost", _StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    return server, f"http://localhost:{server.port}{article.url}"


def chromium(throttle: float | None):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--lang=vi"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_script_timeout(120)
    if throttle:
        driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": throttle})
    return driver


def browser_cost(url: str, runs: int, workers: int | None, throttle) -> dict:
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chromium(throttle)
    shown = (
        "const b = document.querySelector('[data-captcha-pow]'); return b && !b.hidden"
    )
    results = []
    try:
        for _ in range(runs):
            driver.get(url)
            WebDriverWait(driver, 30).until(lambda d: d.execute_script(shown))
            result = driver.execute_async_script(TICK, workers)
            if "error" in result:
                raise RuntimeError(f"the widget ended in {result['error']}")
            results.append(result)
        version = driver.capabilities.get("browserVersion")
    finally:
        driver.quit()
    return {
        "chromium": version,
        "runs": runs,
        "workers": results[0]["workers"],
        "throttle": throttle or 1,
        "solve_s": spread([r["solve_ms"] / 1000 for r in results]),
        "tick_to_verified_s": spread(
            [r["tick_to_verified_ms"] / 1000 for r in results]
        ),
        "counters": spread([r["counter"] for r in results]),
    }


def print_report(result: dict) -> None:
    script = result["script"]
    cpu, tries = script["cpu_s_per_comment"], script["derivations_per_comment"]
    print(
        f"difficulty: PBKDF2-SHA-256 x {script['cost']} rounds per try, "
        f"counter below {script['max_number']}"
    )
    print(f"script, {script['accepted']}/{script['challenges']} comments accepted:")
    print(
        "  CPU s per comment: mean {mean:.3f}  median {median:.3f}  "
        "p90 {p90:.3f}  max {max:.3f}".format(**cpu)
    )
    print(
        f"  tries per comment: mean {tries['mean']:.0f} (PBKDF2 derivations), "
        f"{script['hmac_sha256_per_comment']:,.0f} HMAC-SHA-256; "
        f"{script['derivations_per_cpu_s']:.0f} tries per CPU second"
    )
    if "browser" in result:
        browser = result["browser"]
        print(
            f"chromium {browser['chromium']}, {browser['workers']} workers, "
            f"CPU throttle x{browser['throttle']:g}, {browser['runs']} ticks:"
        )
        for key in ("solve_s", "tick_to_verified_s"):
            print(
                f"  {key}: mean {{mean:.2f}}  median {{median:.2f}}  p90 {{p90:.2f}}  "
                "max {max:.2f}".format(**browser[key])
            )
    print(f"machine: {result['machine']}; load before: {result['load_before']}")


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-captcha-") as folder:
        set_up_django(Path(folder), args)
        result = {
            "machine": f"{platform.processor() or platform.machine()}, "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
            "load_before": os.getloadavg(),
            "script": script_cost(args.challenges),
        }
        if args.browser:
            server, url = start_site()
            try:
                result["browser"] = browser_cost(
                    url, args.runs, args.workers, args.throttle
                )
            finally:
                server.terminate()
    print_report(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
