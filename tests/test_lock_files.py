"""The lock (requirements/*.txt, `make lock`): every package pinned with its hashes, the three
files agreeing, within pyproject.toml's ranges, and the one the tests run in (issue 17)."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ("app", "dev", "load")
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\]+)")


def pins(name):
    """{canonical package name: (version, number of hashes)} of requirements/<name>.txt."""
    text = (ROOT / "requirements" / f"{name}.txt").read_text()
    found = {}
    for block in re.split(r"\n(?=\S)", text):
        match = PIN.match(block)
        if match:
            package = canonicalize_name(match.group(1))
            found[package] = (match.group(2), block.count("--hash=sha256:"))
        else:
            assert block.startswith("#"), f"requirements/{name}.txt: unpinned line {block!r}"
    return found


@pytest.mark.parametrize("name", LOCKS)
def test_every_package_is_pinned_with_its_hashes(name):
    locked = pins(name)
    assert locked
    assert {package for package, (_, hashes) in locked.items() if hashes == 0} == set()


def test_each_lock_holds_the_one_before_it_at_the_same_versions():
    for smaller, larger in (("app", "dev"), ("dev", "load")):
        outer = pins(larger)
        for package, (version, _) in pins(smaller).items():
            assert outer.get(package, (None,))[0] == version, (smaller, larger, package)


def test_the_pins_lie_within_pyproject_ranges():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {
        "app": project["dependencies"],
        "dev": project["optional-dependencies"]["dev"],
        "load": project["optional-dependencies"]["load"],
    }
    for lock, requirements in wanted.items():
        locked = pins(lock)
        for line in requirements:
            requirement = Requirement(line)
            version, _ = locked[canonicalize_name(requirement.name)]
            assert requirement.specifier.contains(version), (lock, line, version)


def test_the_tests_run_on_the_locked_versions():
    """`make test` installs requirements/dev.txt: a package of another version here means
    an environment the lock did not make (run `make test` again after `make lock`)."""
    stale = {
        package: (version, metadata.version(package))
        for package, (version, _) in pins("dev").items()
        if _installed(package) and metadata.version(package) != version
    }
    assert stale == {}


def _installed(package):
    try:
        metadata.version(package)
    except metadata.PackageNotFoundError:
        return False
    return True
