"""Where the data shipped with the package is: the one lookup for all of it.

Templates, stylesheet, script and message catalogs (``mapper.templates``),
the touchpoint catalog (``mapper.touchpoints``), the scoring profile
(``mapper.risk``) and the package's own code (``mapper``, for the build's
fingerprint) are all found through the import system
(:func:`importlib.util.find_spec`): a non-editable install finds its own
copy wherever it is run from, an editable install is resolved by its
finder, and an uninstalled source tree falls back to the repository's
top-level ``templates/`` and ``touchpoints/`` folders.  This is cheaper at
start-up than :mod:`importlib.resources` and gives the same folders.
"""
from __future__ import annotations

import os
from functools import lru_cache

#: the data packages whose files sit in a top-level folder of the source tree
_SOURCE_FOLDERS = {"mapper.templates": "templates", "mapper.touchpoints": "touchpoints"}
_REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@lru_cache(maxsize=None)
def data_folder(package: str = "mapper.templates") -> str:
    """The folder holding the files of ``package`` (a package of this distribution)."""
    from importlib.util import find_spec

    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            if os.path.isdir(location):
                return location
    if package in _SOURCE_FOLDERS:   # running from a source tree that is not installed
        return os.path.join(_REPOSITORY, _SOURCE_FOLDERS[package])
    raise ModuleNotFoundError(f"no package {package} with data files")


def data_path(name: str, package: str = "mapper.templates") -> str:
    """The path of a shipped file, ``name`` relative to ``package``'s folder
    (``i18n/en.yaml``); names that could leave the folder are refused."""
    parts = name.split("/")
    if any(part in ("", ".", "..") or "\\" in part for part in parts):
        raise ValueError(f"bad resource name {name!r}")
    return os.path.join(data_folder(package), *parts)


def read_text(name: str, package: str = "mapper.templates") -> str:
    """The text of a shipped file (see :func:`data_path`)."""
    with open(data_path(name, package), encoding="utf-8") as handle:
        return handle.read()
