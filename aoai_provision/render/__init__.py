"""Jinja2 rendering of Bicep and ARM templates from the desired state."""
