"""Reports: view models of a journey and a portfolio, rendered with jinja2 templates."""
