"""Turning other files (CSV tables, Mermaid diagrams) into journey YAML that
validates and scores the same as the source."""
