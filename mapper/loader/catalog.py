"""The touchpoint catalog: reusable entries found by ``use: sector/entry``.

User catalogs (``--catalog DIR``) are searched first and may shadow built-in
entries; the built-in catalog ships inside the package.  An entry id is a
relative path of words; anything that could leave a catalog folder
(``..``, absolute paths, backslashes, symlinks pointing outside) is rejected.
"""
from __future__ import annotations

import os
import re
from typing import Any, Iterable, Optional

from ..core.errors import JourneyError, did_you_mean
from ..core.paths import SourcePath, shown
from ..core.resources import data_folder
from .yamlfile import read_yaml_file

ENTRY_ID = re.compile(r"^[\w-]+(/[\w-]+)*$")
SUFFIXES = (".yaml", ".yml")


def builtin_catalog_dir() -> str:
    """The catalog shipped with the package (``mapper.touchpoints``), or the source tree's."""
    return data_folder("mapper.touchpoints")


class Catalog:
    """Look up, validate and cache catalog entries for one run."""

    def __init__(self, user_dirs: Iterable[str | os.PathLike[str]] = ()):
        self.roots: list[str] = [os.fspath(d) for d in user_dirs] + [builtin_catalog_dir()]
        self._cache: dict[str, Any] = {}
        self._paths: dict[str, Optional[str]] = {}
        self._ids: Optional[list[str]] = None
        #: results later stages derive from an entry (validated forms), per path
        self.memo: dict[str, Any] = {}

    def ids(self) -> list[str]:
        """Every entry id available, shadowed ones once, sorted."""
        if self._ids is None:
            found: set[str] = set()
            for root in self.roots:
                for folder, dirs, files in os.walk(root):
                    dirs.sort()
                    for name in files:
                        stem, suffix = os.path.splitext(name)
                        if suffix in SUFFIXES:
                            relative = os.path.relpath(os.path.join(folder, stem), root)
                            found.add(relative.replace(os.sep, "/"))
            self._ids = sorted(found)
        return self._ids

    def path_of(self, use: str) -> Optional[str]:
        if use not in self._paths:
            self._paths[use] = self._find(use)
        return self._paths[use]

    def _find(self, use: str) -> Optional[str]:
        if not isinstance(use, str) or not ENTRY_ID.match(use):
            return None
        for root in self.roots:
            for suffix in SUFFIXES:
                candidate = os.path.join(root, *(use + suffix).split("/"))
                # not isfile(): a FIFO or device is found, and refused when read
                if os.path.exists(candidate) and not os.path.isdir(candidate):
                    real_root = os.path.realpath(root)
                    real = os.path.realpath(candidate)
                    if os.path.commonpath([real_root, real]) != real_root:
                        return "!outside"
                    return SourcePath(candidate, root)   # messages show it relative
        return None

    def locate(self, use: Any) -> tuple[Optional[str], Optional[str]]:
        """``(path, None)`` for a known entry, else ``(None, message)``."""
        if not isinstance(use, str):
            return None, "use: expected a catalog entry id"
        if use.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", use) \
                or ".." in use.split("/") or "\\" in use:
            return None, (f"use: '{use}' must be a catalog entry like 'retail/online-checkout'; "
                          "paths that leave the catalog folder are not allowed")
        if use.endswith(SUFFIXES):
            return None, f"use: write the entry without its file suffix: '{use.rsplit('.', 1)[0]}'"
        if not ENTRY_ID.match(use):
            return None, (f"use: '{use}' is not a catalog entry id (words separated by '/', "
                          "like 'retail/online-checkout')")
        path = self.path_of(use)
        if path == "!outside":
            return None, f"use: catalog entry '{use}' is a link that leaves the catalog folder"
        if path is None:
            return None, f"unknown catalog entry '{use}'" + did_you_mean(use, self.ids())
        return path, None

    def tree(self, path: str) -> Any:
        """The parsed file (cached); raises JourneyError for a broken file."""
        if path not in self._cache:
            try:
                self._cache[path] = read_yaml_file(path, shown(path))
            except JourneyError as exc:
                self._cache[path] = exc
        cached = self._cache[path]
        if isinstance(cached, JourneyError):
            raise cached
        return cached
