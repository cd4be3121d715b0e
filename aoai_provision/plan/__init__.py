"""The pure planner: (desired, observed, catalog) -> ordered actions with reasons."""
