"""Shared presentation: the pieces every output phrases the same way (raw
figures, factor texts, advice, terminal text; words and number formats come
from ``core.vocabulary``).  Reads the risk engine's results; knows nothing of
HTML, DOT or files."""
