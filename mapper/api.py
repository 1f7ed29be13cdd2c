"""The Python API: what the command line does, as functions.

::

    import mapper

    journey = mapper.load("journeys/online-shop.yaml")
    journey.graph                          # the networkx.DiGraph of the journey
    analysis = mapper.analyse(journey)
    analysis.summary.expected_lost         # typed figures
    analysis.touchpoints["courier"].score
    analysis.to_json()                     # = journeymap score FILE --format json
    mapper.render_report(analysis, "out")  # = the files journeymap build writes for it

Every problem with an input raises :class:`mapper.JourneyError`, whose
``problems`` are located (``path``/``file``, ``line``, ``column``,
``message``) and whose text is what the command line prints.  The commands
``check``, ``score``, ``build`` and ``export`` are thin layers over these
functions.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence, Union

if TYPE_CHECKING:  # the modules are imported when a function needs them: `import mapper` stays light
    from .loader.catalog import Catalog
    from .model.journey import Journey
    from .risk.analysis import Analysis
    from .risk.profile import Profile

PathLike = Union[str, "os.PathLike[str]"]
#: a catalog folder, several, or a :class:`~mapper.loader.catalog.Catalog`
CatalogArg = Union[None, PathLike, Iterable[PathLike], "Catalog"]
#: a scoring profile file, or a loaded :class:`~mapper.risk.profile.Profile`
ProfileArg = Union[None, PathLike, "Profile"]

__all__ = ["analyse", "from_dict", "load", "loads", "render_report"]


def _catalog(catalog: CatalogArg) -> "Catalog":
    from .loader.catalog import Catalog

    if isinstance(catalog, Catalog):
        return catalog
    if catalog is None:
        return Catalog()
    if isinstance(catalog, (str, os.PathLike)):
        return Catalog([catalog])
    return Catalog(list(catalog))


def _profile(profile: ProfileArg) -> "Profile":
    from .risk.profile import Profile, load_profile

    if isinstance(profile, Profile):
        return profile
    return load_profile(None if profile is None else os.fspath(profile))


def load(path: PathLike, *, catalog: CatalogArg = None,
         settings: Sequence[str] = (), text: Optional[str] = None) -> "Journey":
    """Read and validate the journey file at ``path``.

    ``catalog`` adds touchpoint catalog folders (searched before the built-in
    one); ``settings`` are what-if changes ``touchpoint.key=value`` applied
    before validation (``score --set``).  ``text`` is the content of the
    journey named ``-`` (standard input, shown as ``<stdin>`` in messages).
    Raises :class:`mapper.JourneyError` with every problem found."""
    from .model.workspace import load_journey

    return load_journey(os.fspath(path), _catalog(catalog), settings, text=text)


def loads(text: Union[str, bytes], name: str = "<string>", *,
          catalog: CatalogArg = None) -> "Journey":
    """Validate a journey given as YAML text; ``name`` stands for the file in messages."""
    from .loader.yamlfile import decode, parse_yaml
    from .model.build import build_journey

    data = text.encode("utf-8") if isinstance(text, str) else text
    tree = parse_yaml(decode(data, name), name)
    return build_journey(tree, name, _catalog(catalog))


def from_dict(data: Any, name: str = "<dict>", *, catalog: CatalogArg = None) -> "Journey":
    """Validate a journey given as Python data: the same keys as the file
    format, in dicts and lists (as ``yaml.safe_load`` or ``json.load`` return
    them).  Problems are located at ``name:1:1`` and name the key."""
    from .loader.data import tree_from_data
    from .model.build import build_journey

    return build_journey(tree_from_data(data, name), name, _catalog(catalog))


def analyse(journey: "Journey", *, profile: ProfileArg = None, disable: Iterable[str] = (),
            fix_first: bool = True, findings: bool = True) -> "Analysis":
    """Score every touchpoint, solve where the cohort ends up and lint the journey.

    ``profile`` overrides the built-in scoring profile (a YAML file or a
    loaded profile); ``disable`` names lint rules not to run; with
    ``fix_first=False`` the removal effect of each touchpoint (the fix-first
    ranking) is not computed, which is what ``check`` needs.  The findings
    are in ``analysis.findings``; with ``findings=False`` the journey is not
    linted and that list stays empty (what the terminal's risk table needs)."""
    from .risk.assess import assess

    analysis, _ = assess(journey, _profile(profile), tuple(disable), removal=fix_first,
                         linted=findings)
    return analysis


def render_report(analysis: "Analysis", out_dir: PathLike) -> list[str]:
    """Write the files ``build`` writes for this journey (``ID.json``, ``ID.dot``,
    ``ID.svg``, ``ID.html`` and any per-stage views) into ``out_dir``, which is
    created if needed; files are replaced atomically, unchanged ones left
    alone.  Returns the file names.  Needs Graphviz's ``dot``
    (:class:`mapper.core.errors.ToolMissing` otherwise)."""
    from .site.pipeline import write_journey

    return write_journey(analysis, os.fspath(out_dir))
