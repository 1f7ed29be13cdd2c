"""Reading journey files: the located YAML reader, the catalog, Python data.

``mapper.load`` names this package *and* the API's function: the package is
callable, so ``mapper.load("journeys/shop.yaml")`` reads a journey (see
:func:`mapper.api.load`) while ``mapper.load.yamlfile`` and ``import
mapper.load.catalog`` keep working.
"""
from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from ..api import CatalogArg, PathLike
    from ..model.journey import Journey


class _CallablePackage(ModuleType):
    def __call__(self, path: "PathLike", *, catalog: "CatalogArg" = None,
                 settings: Sequence[str] = ()) -> "Journey":
        """Read and validate the journey file at ``path`` (:func:`mapper.api.load`)."""
        from ..api import load

        return load(path, catalog=catalog, settings=settings)


sys.modules[__name__].__class__ = _CallablePackage
