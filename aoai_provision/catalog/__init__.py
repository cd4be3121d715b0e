"""The model catalog: lifecycle, availability, capacity bounds and units; bundled data and live lists."""
