"""journeymap: a shop's customer journey as code (import package ``mapper``)."""

__version__ = "0.1.0"
