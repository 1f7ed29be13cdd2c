"""The package reads as a pipeline: no module imports one from a higher layer.

Every ``import`` counts, including imports inside functions and under
``TYPE_CHECKING``: a lazy import is still a dependency.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "mapper"

#: room -> layer; a module may import its own layer and the ones below
LAYERS = {
    "core": 0,
    "loader": 1,
    "model": 2, "graph": 2,
    "risk": 3,
    "eventlog": 4, "present": 4,
    "render": 5,
    "report": 6,
    "formats": 7,
    "site": 8,
    "serve": 9, "new": 9,
    "api": 10, "commands": 10, "config": 10,
    "cli": 11, "__init__": 11, "__main__": 12,
}


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path, name: str = "") -> list[tuple[int, str]]:
    """(line, absolute module) of every import of the package in ``path``
    (the module ``name``, by default the one ``path`` holds)."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names
                      if alias.name.split(".")[0] == "mapper"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").split(".")[0] == "mapper":
                target = node.module or ""
            else:
                continue
            for alias in node.names:  # ``from . import x`` may name a module
                candidate = f"{target}.{alias.name}"
                found.append((node.lineno, candidate if _exists(candidate) else target))
    return found


def _exists(module: str) -> bool:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_every_room_has_a_layer():
    rooms = {room(module_name(path)) for path in PACKAGE.rglob("*.py")}
    assert rooms <= set(LAYERS), sorted(rooms - set(LAYERS))


def test_no_module_imports_a_higher_layer():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = module_name(path)
        for line, target in imports(path):
            if LAYERS[room(target)] > LAYERS[room(source)]:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line}: "
                              f"{source} imports {target}")
    assert upward == []


def test_the_ground_floor_imports_nothing_above_it():
    for path in (PACKAGE / "core").rglob("*.py"):
        assert all(room(target) == "core" for _, target in imports(path)
                   if target != "mapper"), path


def test_the_checker_sees_an_upward_import(tmp_path):
    """The test above can fail: a core module importing the risk engine is caught,
    inside a function too."""
    probe = tmp_path / "probe.py"
    probe.write_text("def late():\n    from ..risk import analysis\n", encoding="utf-8")
    assert imports(probe, "mapper.core.probe") == [(2, "mapper.risk.analysis")]
    assert LAYERS[room("mapper.risk.analysis")] > LAYERS[room("mapper.core.probe")]
