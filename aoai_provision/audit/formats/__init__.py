"""Audit report formatters: table, json, markdown, sarif, junit and csv (strings or rich renderables)."""

from __future__ import annotations

FORMATS = ("table", "json", "markdown", "sarif", "junit", "csv")
