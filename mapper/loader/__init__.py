"""Reading journey files: the located YAML reader, the catalog, Python data.

The first step of the pipeline: text in, plain Python values with their
file, line and column out.  Nothing here knows what a journey means (that is
:mod:`mapper.model`).
"""
