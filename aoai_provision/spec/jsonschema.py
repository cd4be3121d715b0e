"""The JSON Schema of environment files, generated from the pydantic models (committed at the repo root)."""

from __future__ import annotations

import json
from typing import Any

from aoai_provision.spec.schema import EnvironmentFile


def environment_json_schema() -> dict[str, Any]:
    """Draft 2020-12 schema with titles and descriptions that editors show on hover."""
    schema = EnvironmentFile.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }


def schema_text() -> str:
    """The schema as stable, pretty-printed JSON text ending in a newline."""
    return json.dumps(environment_json_schema(), indent=2, sort_keys=False) + "\n"
