"""Environment files: located YAML loading, schema, validation and expansion to a desired state."""
