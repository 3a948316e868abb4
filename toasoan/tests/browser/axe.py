"""axe-core in the page under test: `violations(driver)`.

axe-core comes from the npm registry (package.json at the repository root,
installed by `npm ci`, which `make test` runs). It is injected with
execute_script, which the driver runs through the DevTools protocol, so the
site's Content-Security-Policy (script-src 'self', no 'unsafe-inline') does
not stand in its way.
"""

from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# axe's default rule set (WCAG 2.x A and AA, and its best practices).
RUN_OPTIONS = {"resultTypes": ["violations"]}

RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, arguments[0])
  .then((results) => done({violations: results.violations}))
  .catch((error) => done({error: String(error)}));
"""


@cache
def source():
    if not AXE.exists():
        pytest.skip(f"{AXE.relative_to(ROOT)} not found: run `npm ci` at the root")
    return AXE.read_text(encoding="utf-8")


def violations(driver, impacts=("serious", "critical")):
    """The page's axe-core violations of these impacts.

    Each: {"id", "impact", "help", "nodes": [target selectors, one per node]}.
    """
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(source())
    outcome = driver.execute_async_script(RUN, RUN_OPTIONS)
    if "error" in outcome:
        raise AssertionError(f"axe-core failed: {outcome['error']}")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [" ".join(map(str, n["target"])) for n in v["nodes"]],
        }
        for v in outcome["violations"]
        if v["impact"] in impacts
    ]


def summary(found):
    """One line per violation, for an assertion's message."""
    return "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {', '.join(v['nodes'][:5])}"
        for v in found
    )
