"""Rendering: journey diagrams as DOT (``dot``, ``diagram``, ``overview``) and SVG (``graphviz``)."""
