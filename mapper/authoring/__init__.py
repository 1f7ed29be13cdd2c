"""Authoring and interop: starter journeys (``new``), Mermaid, CSV and Markdown
exports and imports, and the live preview server (``serve``).

One module per job; every converter is a pure function from parsed input to
text, and only :mod:`.atomic` writes files.
"""
