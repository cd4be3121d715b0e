"""Lifecycle audit: rules, findings and report formatters."""
