"""Starter journeys for ``journeymap new``."""
