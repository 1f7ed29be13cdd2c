"""Starter journeys for ``journeymap new``: one module per template."""
from __future__ import annotations

from .b2b import STARTER as B2B
from .model import Point, Starter
from .online_shop import STARTER as ONLINE_SHOP
from .service import STARTER as SERVICE
from .store import STARTER as STORE

STARTERS: dict[str, Starter] = {s.id: s for s in (ONLINE_SHOP, STORE, SERVICE, B2B)}
TEMPLATES = tuple(STARTERS)

__all__ = ["STARTERS", "TEMPLATES", "Point", "Starter"]
