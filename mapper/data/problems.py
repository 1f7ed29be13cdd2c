"""Located problems in data files: ``file:line:column`` or ``file:/xes/element/path``."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Located:
    """A problem at a place a text file or an XML element path names."""

    path: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.where}: {self.message}"
