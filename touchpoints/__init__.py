"""The built-in touchpoint catalog (data files; installed as ``mapper.touchpoints``)."""
