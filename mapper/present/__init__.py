"""Shared presentation: the pieces every output phrases the same way (raw
figures, factor texts, advice, labels, terminal text).  Reads the risk
engine's results; knows nothing of HTML, DOT or files."""
