"""What every command shares: its shape, the shared options, and its typed options.

A command is a module of this package with ``NAME``, ``HELP`` and
``DESCRIPTION`` (its line in ``journeymap --help`` and its own help),
``add_arguments(parser)``, a frozen dataclass ``Options`` and
``run(options, out, err) -> int``.  :func:`options_from` turns the parsed
command line into that dataclass, in one place, after the configuration
file has filled what the command line left unset; a command never sees
argparse's ``Namespace``.

Command modules import only this module and the standard library at start-up
(``journeymap --help`` imports all of them): the rest inside ``run``.  For the
same reason the options classes are declared ``eq=False, repr=False``:
Python 3.11 compiles every generated method at import, about 0.2 ms each.
"""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Optional, Protocol, TextIO, TypeVar

from ..core.errors import UsageError

#: rule ids that name no lint rule (a journey that fails to load, a failed gate)
_NOT_RULES = ("invalid", "fail-on")


class _Dataclass(Protocol):
    __dataclass_fields__: ClassVar[dict[str, Any]]


class Command(Protocol):
    """A command module (modules satisfy this protocol: mypy checks each one)."""

    @property
    def NAME(self) -> str: ...  # noqa: N802  (read-only members: a module's constants)

    @property
    def HELP(self) -> str: ...  # noqa: N802

    @property
    def DESCRIPTION(self) -> str: ...  # noqa: N802

    @property
    def Options(self) -> type[_Dataclass]: ...  # noqa: N802  (the command's options class)

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, options: Any, out: TextIO, err: TextIO) -> int: ...


@dataclass(frozen=True, eq=False, repr=False)
class CatalogOptions:
    """``--catalog DIR``: user touchpoint catalogs, searched before the built-in one."""

    catalog: tuple[str, ...]


@dataclass(frozen=True, eq=False, repr=False)
class RiskOptions(CatalogOptions):
    """What scoring a journey takes: catalogs, ``--profile`` and ``--disable``."""

    profile: Optional[str]
    disable: tuple[str, ...]


def lint_rules() -> list[str]:
    """The lint rule ids ``--disable`` and the configuration file's ``disable`` accept."""
    from ..core.rules import RULES

    return sorted(set(RULES) - set(_NOT_RULES))


def rule_id(value: str) -> str:
    """``--disable RULE``: a lint rule id, with a suggestion when misspelt."""
    from ..core.errors import did_you_mean

    choices = lint_rules()
    if value not in choices:
        raise argparse.ArgumentTypeError(
            f"unknown rule '{value}'{did_you_mean(value, choices)}")
    return value


def add_catalog_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", action="append", default=[], metavar="DIR",
                        help="a user touchpoint catalog searched before the built-in one "
                             "(repeatable)")


def add_color_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour the findings: auto (default: on a terminal, unless "
                             "NO_COLOR is set; FORCE_COLOR forces it), always or never")


def add_report_options(parser: argparse.ArgumentParser, quiet: str, verbose: str) -> None:
    """How much a command that reports on many journeys prints: ``-q``, ``--color``, ``-v``."""
    parser.add_argument("-q", "--quiet", action="store_true", help=quiet)
    add_color_option(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help=verbose)


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """The journeys and the output folder of the commands that write a site."""
    parser.add_argument("paths", nargs="*", metavar="PATHS", help="journey files or folders")
    parser.add_argument("-o", "--out", metavar="OUT", help="output folder (default: site)")


def add_config_options(parser: argparse.ArgumentParser) -> None:
    """``--config FILE`` and ``--no-config``: a command that has them reads the
    configuration file (see :mod:`mapper.config`)."""
    parser.add_argument("--config", metavar="FILE",
                        help="read options from this file (journeymap.toml keys, or a "
                             "pyproject.toml's [tool.journeymap]) instead of the one found "
                             "from the working folder upwards")
    parser.add_argument("--no-config", action="store_true",
                        help="ignore configuration files")


def add_risk_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that scores journeys (see :class:`RiskOptions`)."""
    add_catalog_option(parser)
    add_config_options(parser)
    parser.add_argument("--profile", metavar="FILE",
                        help="a scoring profile (YAML) overriding the built-in weights")
    parser.add_argument("--disable", action="append", default=[], metavar="RULE",
                        type=rule_id, help="do not run this lint rule (repeatable)")


def reads_config(parser_namespace: argparse.Namespace) -> bool:
    """Whether the command's parser has the configuration options."""
    return hasattr(parser_namespace, "no_config")


OptionsT = TypeVar("OptionsT", bound=_Dataclass)


def options_from(kind: type[OptionsT], namespace: argparse.Namespace,
                 stdin: Optional[TextIO] = None) -> OptionsT:
    """The command's ``Options`` from the parsed command line: the configuration file
    fills what the command line left unset (then the defaults), lists become tuples,
    ``stdin`` is what a ``-`` path reads, and ``--catalog`` folders must exist."""
    if reads_config(namespace):
        from ..config import apply_config

        apply_config(namespace)
    values: dict[str, Any] = {}
    for field in fields(kind):
        if field.name == "stdin":
            values["stdin"] = stdin
            continue
        value = getattr(namespace, field.name)
        values[field.name] = tuple(value) if isinstance(value, list) else value
    for folder in values.get("catalog", ()):
        if not os.path.isdir(folder):
            raise UsageError(f"--catalog {folder}: no such folder")
    return kind(**values)
