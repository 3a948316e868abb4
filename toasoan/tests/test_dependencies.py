"""scripts/audit_dependencies.py, the CI step that audits runtime packages.

The vulnerability services are not called here (no network in tests): what
is checked is which packages are audited, and what the step answers for a
found vulnerability, a clean audit and an unreachable service.
"""

import importlib.util
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location(
        "audit_dependencies", ROOT / "scripts" / "audit_dependencies.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture(scope="module")
def runtime(audit):
    return audit.runtime_closure(audit.read_requirements(ROOT / "requirements.txt"))


def test_runtime_packages_are_those_of_requirements_txt(runtime):
    assert {"django", "wagtail", "pillow", "granian", "redis"} <= runtime.keys()
    assert "psycopg-binary" in runtime  # the extra of psycopg[binary] is followed
    assert "sqlparse" in runtime  # and the dependencies of dependencies
    for tool in [
        "pytest",
        "ruff",
        "hypothesis",
        "pip-audit",
        "pytest-django",
        "gunicorn",
    ]:
        assert tool not in runtime


def test_every_runtime_package_is_pinned_at_its_installed_version(runtime):
    """What is audited is what constraints.txt deploys."""
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    assert {name: pins.get(name) for name in runtime} == runtime
    assert runtime["django"] == metadata.version("django")


def clean(packages, service):
    return {
        "dependencies": [
            {"name": n, "version": v, "vulns": []} for n, v in packages.items()
        ]
    }


def unreachable(packages, service):
    return None


@pytest.mark.parametrize(
    "pip_audit, fallback_audits, strict, status, printed",
    [
        (clean, False, False, 0, "0 known vulnerabilities."),
        (unreachable, True, False, 0, "0 known vulnerabilities."),
        (unreachable, False, False, 0, "WARNING: no vulnerability service"),
        (unreachable, False, True, 1, "not audited"),
    ],
)
def test_answers(
    audit, monkeypatch, capsys, pip_audit, fallback_audits, strict, status, printed
):
    def fallback(packages, result):
        for name in packages:
            if fallback_audits:
                result.unaudited.pop(name)
                result.clean.add(name)
            else:
                result.unaudited[name] = "no service"

    monkeypatch.setattr(audit, "run_pip_audit", pip_audit)
    monkeypatch.setattr(audit, "fallback_latest_release", fallback)
    assert audit.main(["--strict"] if strict else []) == status
    out = capsys.readouterr().out
    assert printed in out
    assert "Runtime dependencies: " in out


def test_a_vulnerability_fails_the_step(audit, monkeypatch, capsys):
    def vulnerable(packages, service):
        report = clean(packages, service)
        report["dependencies"][0]["vulns"] = [
            {"id": "GHSA-xxxx", "aliases": ["CVE-2099-1"], "fix_versions": ["9.9"]}
        ]
        return report

    monkeypatch.setattr(audit, "run_pip_audit", vulnerable)
    assert audit.main([]) == 1
    out = capsys.readouterr().out
    assert "VULNERABLE" in out and "GHSA-xxxx CVE-2099-1 fixed in: 9.9" in out
    assert ": 1 known vulnerabilities" in out


def test_an_accepted_vulnerability_is_not_reported_by_the_fallback(audit):
    accepted = {"id": "PYSEC-1", "aliases": ["CVE-2099-2"]}
    other = {"id": "PYSEC-2", "aliases": []}
    audit.ACCEPTED["CVE-2099-2"] = "documented in docs/security.md"
    try:
        assert audit._accepted(accepted) and not audit._accepted(other)
    finally:
        del audit.ACCEPTED["CVE-2099-2"]
