"""What an installation gets: every package in the wheel, the data folders found, every dependency pinned.

`.ci/run` builds the wheel and runs `flask setup` from it in an empty folder; these checks catch the
usual ways that breaks (a new package folder left out of pyproject's list, a dependency without a pin)
in the quick loop already.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from quality_assess.config import data_dir

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_package_folder_is_in_the_wheel():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "quality_assess").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert {"quality_assess.migrations", "quality_assess.criteria_data"} <= listed


def test_migrations_and_catalogue_are_found_from_a_checkout():
    assert (data_dir("migrations") / "env.py").is_file()
    assert (data_dir("criteria_data") / "qd-6858-2016.toml").is_file()


def test_flask_finds_the_app_without_app_option_in_the_checkout():
    assert "FLASK_APP=quality_assess" in (ROOT / ".flaskenv").read_text().splitlines()


def test_every_dependency_is_pinned_in_the_constraints_file():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[_name(name)] = version
    project = PYPROJECT["project"]
    declared = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        declared |= {_name(r) for r in extra}
    assert sorted(declared - pins.keys()) == []
    assert all(re.fullmatch(r"\d+(\.\d+)*([a-z]+\d+)?(\.post\d+)?", v) for v in pins.values())
