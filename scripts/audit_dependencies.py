"""Audit the runtime dependencies for known vulnerabilities (CI step).

What is audited: the packages that ``requirements.txt`` pulls in, at the
versions installed in this environment (``make install`` installs them with
``constraints.txt``, so these are the pinned versions); development tools
(pytest, ruff, pip-audit itself, ...) are left out: they never run in
production.

How: ``pip-audit`` (PyPI's vulnerability data, then OSV for anything PyPI
could not answer). Where neither service can be reached, a fallback reads
PyPI's project JSON, whose ``vulnerabilities`` list is that of the latest
release: it audits every pin that *is* the latest release, and lists the
others as not audited.

Exit status: 1 when a known vulnerability is found (unless it is accepted in
``ACCEPTED``, with its reason written in docs/security.md), 2 on a usage or
environment error, else 0 -- also when some packages could not be audited
because no vulnerability service is reachable: that is printed as a warning,
with the packages, and ``--strict`` turns it into a failure.

Usage::

    .venv/bin/python scripts/audit_dependencies.py [--strict] [--list]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent

# Vulnerability IDs (GHSA-, PYSEC-, CVE-) accepted for now; each needs its
# reason in docs/security.md, "## Dependencies". Empty: nothing is accepted.
ACCEPTED: dict[str, str] = {}

PYPI_PROJECT_JSON = "https://pypi.org/pypi/{name}/json"
TIMEOUT = 300


def read_requirements(path: Path) -> list[Requirement]:
    """The requirements of one file (comments, options and ``-r`` skipped)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            found.append(Requirement(line))
    return found


def runtime_closure(requirements: list[Requirement]) -> dict[str, str]:
    """{name: installed version} of the requirements and everything they need.

    Environment markers are evaluated for this interpreter; extras asked for
    (``psycopg[binary]``) are followed. Raises LookupError for a requirement
    that is not installed.
    """
    found: dict[str, str] = {}
    todo = [(r, frozenset(r.extras)) for r in requirements]
    seen: set[tuple[str, frozenset]] = set()
    while todo:
        requirement, extras = todo.pop()
        name = canonicalize_name(requirement.name)
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise LookupError(
                f"{requirement.name} is required but not installed"
            ) from None
        found[name] = dist.version
        for text in dist.requires or []:
            dependency = Requirement(text)
            environments = [{"extra": e} for e in extras] or [{"extra": ""}]
            if dependency.marker is None or any(
                dependency.marker.evaluate(env) for env in environments
            ):
                todo.append((dependency, frozenset(dependency.extras)))
    return found


@dataclass
class Audit:
    vulnerable: dict[str, list[dict]] = field(default_factory=dict)
    clean: set[str] = field(default_factory=set)
    unaudited: dict[str, str] = field(default_factory=dict)  # name -> why
    accepted: dict[str, list[str]] = field(default_factory=dict)


def _accepted(vuln: dict) -> bool:
    ids = {vuln.get("id", ""), *vuln.get("aliases", [])}
    return bool(ids & ACCEPTED.keys())


def run_pip_audit(packages: dict[str, str], service: str) -> dict | None:
    """pip-audit's JSON report for `packages`, or None if the service failed."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("".join(f"{n}=={v}\n" for n, v in sorted(packages.items())))
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--requirement",
        handle.name,
        "--no-deps",
        "--disable-pip",
        "--vulnerability-service",
        service,
        "--format",
        "json",
        "--progress-spinner",
        "off",
    ]
    for vuln_id in ACCEPTED:
        command += ["--ignore-vuln", vuln_id]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        print(f"pip-audit ({service}): no answer in {TIMEOUT} s")
        return None
    finally:
        Path(handle.name).unlink()
    try:
        return json.loads(done.stdout)
    except ValueError:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"pip-audit ({service}) could not run: {last[:300]}")
        return None


def merge_pip_audit(report: dict, audit: Audit) -> None:
    for dep in report.get("dependencies", []):
        name = canonicalize_name(dep["name"])
        if dep.get("skip_reason"):
            audit.unaudited[name] = dep["skip_reason"]
            continue
        audit.unaudited.pop(name, None)
        vulns = dep.get("vulns", [])
        if vulns:
            audit.vulnerable[name] = vulns
        else:
            audit.clean.add(name)


def _newest_in_series(version: str, releases: dict) -> str:
    """The newest final, not yanked release with the same major.minor."""
    series = Version(version).release[:2]
    candidates = []
    for text, files in releases.items():
        try:
            release = Version(text)
        except InvalidVersion:
            continue
        yanked = bool(files) and all(f.get("yanked") for f in files)
        if release.release[:2] == series and not release.is_prerelease:
            if not yanked:
                candidates.append(release)
    return str(max(candidates)) if candidates else "?"


def fallback_latest_release(packages: dict[str, str], audit: Audit) -> None:
    """PyPI's project JSON: the vulnerabilities of the latest release."""
    for name, version in sorted(packages.items()):
        url = PYPI_PROJECT_JSON.format(name=name)
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                project = json.load(response)
        except (OSError, ValueError) as error:
            audit.unaudited[name] = f"PyPI project JSON unreachable ({error})"
            continue
        latest = project.get("info", {}).get("version")
        if latest != version:
            newest = _newest_in_series(version, project.get("releases", {}))
            audit.unaudited[name] = (
                f"no vulnerability service reachable; not the latest release "
                f"({latest}); newest of its series {newest}"
            )
            continue
        vulns = [
            v for v in project.get("vulnerabilities", []) if not v.get("withdrawn")
        ]
        audit.unaudited.pop(name, None)
        kept = [v for v in vulns if not _accepted(v)]
        if kept:
            audit.vulnerable[name] = kept
        else:
            audit.clean.add(name)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail when a package could not be audited (no service reachable)",
    )
    parser.add_argument("--list", action="store_true", help="print the packages")
    parser.add_argument("--requirements", type=Path, default=ROOT / "requirements.txt")
    return parser.parse_args(argv)


def audit_packages(packages: dict[str, str]) -> Audit:
    """pip-audit with each service in turn, then the fallback for the rest."""
    audit = Audit(unaudited={n: "not audited yet" for n in packages})
    for service in ("pypi", "osv"):
        remaining = {n: packages[n] for n in audit.unaudited}
        if not remaining:
            break
        report = run_pip_audit(remaining, service)
        if report is not None:
            merge_pip_audit(report, audit)
    if audit.unaudited:
        print(
            f"pip-audit could not audit {len(audit.unaudited)} packages; "
            "falling back to PyPI's project data (latest releases only)"
        )
        fallback_latest_release({n: packages[n] for n in audit.unaudited}, audit)
    return audit


def print_findings(audit: Audit, packages: dict[str, str]) -> int:
    """Print the vulnerabilities, the packages not audited and a summary;
    return how many vulnerabilities were found."""
    for name, vulns in sorted(audit.vulnerable.items()):
        for vuln in vulns:
            fixed = ", ".join(vuln.get("fix_versions") or vuln.get("fixed_in") or [])
            print(
                f"VULNERABLE {name}=={packages[name]}: {vuln.get('id')} "
                f"{' '.join(vuln.get('aliases', []))} fixed in: {fixed or '?'}"
            )
    for name, why in sorted(audit.unaudited.items()):
        print(f"NOT AUDITED {name}=={packages[name]}: {why}")
    found = sum(len(v) for v in audit.vulnerable.values())
    print(
        f"Audited {len(audit.clean) + len(audit.vulnerable)} of {len(packages)} "
        f"runtime packages: {found} known vulnerabilities"
        + (f", {len(ACCEPTED)} accepted in docs/security.md" if ACCEPTED else "")
        + (f"; {len(audit.unaudited)} not audited" if audit.unaudited else "")
        + "."
    )
    return found


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        packages = runtime_closure(read_requirements(args.requirements))
    except (LookupError, OSError, ValueError) as error:
        print(f"audit: {error}", file=sys.stderr)
        return 2
    print(f"Runtime dependencies: {len(packages)} packages ({args.requirements.name})")
    if args.list:
        for name, version in sorted(packages.items()):
            print(f"  {name}=={version}")

    audit = audit_packages(packages)
    if print_findings(audit, packages):
        return 1
    if audit.unaudited:
        print(
            "WARNING: no vulnerability service answered for the packages above "
            "(PyPI's per-release JSON and OSV are out of reach from this machine)."
        )
        return 1 if args.strict else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
