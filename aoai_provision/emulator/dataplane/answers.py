"""Small deterministic answers: chat text, embedding vectors, token counts, transcripts."""

from __future__ import annotations

import base64
import hashlib
import math
import re
import struct
from typing import Any

WORDS = ("OK.", "The", "emulator", "answers", "every", "deployment", "with", "a", "short", "deterministic", "reply.")
DIMENSIONS = {"text-embedding-3-large": 3072, "text-embedding-3-small": 1536, "text-embedding-ada-002": 1536}
TRANSCRIPT = "A short test tone."


def answered_model(model: dict[str, Any]) -> str:
    """The ``model`` field Azure answers with: name and date version joined (gpt-4o-mini-2024-07-18)."""
    name, version = str(model.get("name", "")), str(model.get("version", ""))
    return f"{name}-{version}" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", version) else name


def count_tokens(text: str) -> int:
    """A rough count (a token is about four characters), at least one."""
    return max(1, math.ceil(len(text) / 4))


def reply(max_tokens: int | None) -> tuple[str, str]:
    """The assistant's text (one word per token) and the finish reason."""
    limit = len(WORDS) if max_tokens is None else max(1, min(max_tokens, len(WORDS)))
    return " ".join(WORDS[:limit]), "stop" if limit == len(WORDS) else "length"


def embedding(text: str, dimensions: int) -> list[float]:
    """A unit vector derived from the text's hash: equal inputs give equal vectors."""
    seed = hashlib.sha256(text.encode()).digest()
    raw: list[float] = []
    counter = 0
    while len(raw) < dimensions:
        block = hashlib.sha256(seed + counter.to_bytes(4, "little")).digest()
        raw.extend((b - 127.5) / 127.5 for b in block)
        counter += 1
    vector = raw[:dimensions]
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [round(v / norm, 6) for v in vector]


def encode_floats(vector: list[float]) -> str:
    """``encoding_format: base64``: little-endian float32, base64."""
    return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
