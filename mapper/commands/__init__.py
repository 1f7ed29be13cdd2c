"""One module per CLI command; each takes parsed args and streams, returns an exit code."""
