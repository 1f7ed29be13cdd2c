"""The journey model: the declarative format (spec, schema), its validation (build) and the validated data (journey)."""
