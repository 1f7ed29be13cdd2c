"""Jinja2 templates of the reports (data files; installed as ``mapper.templates``)."""
