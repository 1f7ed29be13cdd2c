"""The wheel and sdist hold what they must and nothing stray, and a
non-editable install works from an unrelated folder (catalog, templates and
schema ship inside the package).

Slow (it builds the package), but it runs in CI like every other test.  The
repository is copied first (see ``install_helpers``), so building never writes
``build/`` or ``*.egg-info`` into the working tree.
"""
from __future__ import annotations

import configparser
import json
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from conftest import JOURNEYS, MINIMAL, REPO, check_readme_api_example, readme_api_example, write
from install_helpers import STRAY, run_clean

pytestmark = pytest.mark.slow

#: data files the package cannot work without
PACKAGE_DATA = (
    "mapper/journey.schema.json", "mapper/py.typed", "mapper/risk/profile.yaml",
    "mapper/templates/report.html.j2", "mapper/templates/index.html.j2",
    "mapper/templates/report.css", "mapper/templates/report.js",
    "mapper/templates/i18n/en.yaml", "mapper/templates/i18n/ru.yaml",
    "mapper/templates/i18n/bg.yaml", "mapper/touchpoints/retail/online-checkout.yaml",
    "mapper/touchpoints/README.md")
#: no distribution holds these (path parts or name endings)
FORBIDDEN_PARTS = {"tests", ".venv", "__pycache__", ".cache", ".pytest_cache",
                   ".hypothesis", "node_modules", "screenshots", "bench", ".git", "build"}
#: nor these top-level folders (``mapper/site`` is a package; ``site/`` is a build's output)
FORBIDDEN_TOP = {"site"}


def _stray(names: list[str]) -> list[str]:
    return [name for name in names
            if FORBIDDEN_PARTS & set(Path(name).parts) or Path(name).parts[0] in FORBIDDEN_TOP
            or name.endswith((".pyc", ".pyo")) or "stray" in name]


def _packages() -> set[str]:
    """Every package of the source tree, as a folder inside the wheel."""
    found = {str(p.parent.relative_to(REPO)) for p in (REPO / "mapper").rglob("__init__.py")}
    return found | {"mapper/templates", "mapper/touchpoints"}


def test_wheel_contents(dists):
    with zipfile.ZipFile(dists.wheel) as wheel:
        names = wheel.namelist()
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(wheel.read(info).decode("utf-8"))
        schema = wheel.read("mapper/journey.schema.json")
    assert not _stray(names), _stray(names)
    assert all(name.startswith(("mapper/", "journeymap-")) for name in names), names
    missing = [name for name in PACKAGE_DATA if name not in names]
    assert not missing, missing
    assert schema == (REPO / "journey.schema.json").read_bytes()
    # every module of every package (a package missing from setup.cfg shows here)
    modules = {str(p.relative_to(REPO)) for p in (REPO / "mapper").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert not modules - set(names), sorted(modules - set(names))
    folders = {str(Path(n).parent) for n in names if n.endswith("__init__.py")}
    assert _packages() <= folders, sorted(_packages() - folders)
    catalog = sorted(p.relative_to(REPO / "touchpoints").as_posix()
                     for p in (REPO / "touchpoints").rglob("*.yaml"))
    assert all(f"mapper/touchpoints/{entry}" in names for entry in catalog)
    assert any(n.endswith(".dist-info/licenses/LICENSE") or n.endswith(".dist-info/LICENSE")
               for n in names), names
    assert metadata["Name"] == "journeymap"
    assert "License :: OSI Approved :: MIT License" in metadata.get_all("Classifier")
    assert "Typing :: Typed" in metadata.get_all("Classifier")
    requires = metadata.get_all("Requires-Dist")
    assert any(r.startswith("PyYAML>=") for r in requires), requires
    from packaging.requirements import Requirement
    exact = [r for r in requires
             if any(spec.operator in ("==", "===") for spec in Requirement(r).specifier)]
    assert not exact, f"exact pins belong in constraints.txt: {exact}"


def test_sdist_contents(dists):
    with tarfile.open(dists.sdist) as sdist:
        names = [name.split("/", 1)[1] for name in sdist.getnames() if "/" in name]
    assert not _stray(names), _stray(names)
    for name in ("LICENSE", "README.md", "setup.cfg", "pyproject.toml", "constraints.txt",
                 "journey.schema.json", "mapper/journey.schema.json", "mapper/py.typed",
                 "templates/report.html.j2", "templates/i18n/bg.yaml",
                 "touchpoints/retail/online-checkout.yaml", "journeys/online-shop.yaml"):
        assert name in names, name
    # the planted stray files are really in the source it was built from
    assert STRAY and all(Path(name).parts[0] in FORBIDDEN_PARTS | FORBIDDEN_TOP
                         | {"mapper", "journeys"}
                         for name in STRAY)


def test_lower_bounds_and_pins_agree():
    """setup.cfg's lower bounds admit the pinned versions the suite runs with."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg", encoding="utf-8")
    options = config["options"]
    requirements = [Requirement(line) for line in options["install_requires"].split("\n")
                    if line.strip()]
    for extra in config["options.extras_require"].values():
        requirements += [Requirement(line) for line in extra.split("\n") if line.strip()]
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} has no pin in constraints.txt"
        assert requirement.specifier.contains(pins[name]), (requirement, pins[name])


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_the_installed_package_is_used(installed, elsewhere):
    code = ("import mapper, mapper.loader.catalog as c; print(mapper.__file__); "
            "print(c.builtin_catalog_dir())")
    proc = run_clean([installed / "bin" / "python", "-c", code], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    module, catalog = proc.stdout.splitlines()
    assert Path(module).resolve().is_relative_to(installed.resolve()), module
    assert Path(catalog).resolve().is_relative_to(installed.resolve()), catalog
    assert (Path(catalog) / "retail" / "online-checkout.yaml").is_file()
    assert not Path(catalog).resolve().is_relative_to(REPO.resolve())


def test_installed_readme_api_example_runs(installed, elsewhere):
    """The README's Python API example, with the wheel installed (not editable), in
    a folder outside the repository."""
    script = readme_api_example(elsewhere)
    proc = run_clean([installed / "bin" / "python", script], cwd=elsewhere)
    check_readme_api_example(proc, elsewhere)


def test_installed_check_of_the_examples(installed, elsewhere):
    proc = run_clean([installed / "bin" / "journeymap", "check", JOURNEYS], cwd=elsewhere)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_installed_schema(installed, elsewhere):
    proc = run_clean([installed / "bin" / "journeymap", "schema"], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(proc.stdout)
    assert proc.stdout == (REPO / "journey.schema.json").read_text(encoding="utf-8")
    assert schema["$schema"].endswith("2020-12/schema")


def test_installed_catalog_is_found(installed, elsewhere):
    path = write(elsewhere, "j.yaml", MINIMAL.replace("    name: Website\n",
                                                      "    use: retail/online-checkout\n"))
    code = ("import sys; from mapper.model.workspace import load_journey; "
            "print(load_journey(sys.argv[1]).touchpoints['site'].name)")
    proc = run_clean([installed / "bin" / "python", "-c", code, path], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "Web store checkout"
    proc = run_clean([installed / "bin" / "journeymap", "check", path], cwd=elsewhere)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = run_clean([installed / "bin" / "journeymap", "check", "--format", "json", path],
                     cwd=elsewhere)
    assert json.loads(proc.stdout)["summary"]["error"] == 0


def test_installed_templates_package(installed, elsewhere):
    code = ("import importlib.resources as r, pathlib; "
            "print(pathlib.Path(str(r.files('mapper.templates'))))")
    proc = run_clean([installed / "bin" / "python", "-c", code], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()).resolve().is_relative_to(installed.resolve())


def test_installed_python_m_mapper(installed, elsewhere):
    proc = run_clean([installed / "bin" / "python", "-m", "mapper", "check",
                      REPO / "tests" / "bad" / "use-unknown.yaml"], cwd=elsewhere)
    assert proc.returncode == 2
    assert "did you mean 'online/website'?" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_installed_schema_is_packaged(installed, elsewhere):
    code = ("import importlib.resources as r; "
            "print(r.files('mapper').joinpath('journey.schema.json').read_text('utf-8'), end='')")
    proc = run_clean([installed / "bin" / "python", "-c", code], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (REPO / "journey.schema.json").read_text(encoding="utf-8")


def test_installed_new_writes_a_modeline_that_resolves(installed, elsewhere):
    """A pip user's repository: `new` writes the schema its first line points to."""
    (elsewhere / ".git").mkdir()
    (elsewhere / "journeys").mkdir()
    proc = run_clean([installed / "bin" / "journeymap", "new", "shop"], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    first = (elsewhere / "journeys" / "shop.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../journey.schema.json"
    assert (elsewhere / "journey.schema.json").read_bytes() == \
        (REPO / "journey.schema.json").read_bytes()
    proc = run_clean([installed / "bin" / "journeymap", "check", "journeys"], cwd=elsewhere)
    assert proc.returncode == 0, proc.stdout + proc.stderr
