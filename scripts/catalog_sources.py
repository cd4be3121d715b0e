"""Source table and row normalization for scripts/build_catalog.py (reads the reference catalog rows)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from aoai_provision.catalog.resolve import normalize_status
from aoai_provision.catalog.types import LifecycleFact, ModelVersion, Source

DOCS = "MicrosoftDocs/azure-ai-docs"
LIST_REPO = "ayuina/ainaba-csa-blog"
LIST_COMMIT = "d6c095a4f98fd1d45b1f9387bbdb0b7a6d3095fc"


def _doc(key: str, title: str, as_of: str, path: str, commit: str | None, repo: str = DOCS) -> Source:
    return Source(key=key, title=title, as_of=as_of, url=f"{repo}/{path}@{commit}" if commit else f"{repo}/{path}")


DOC_SOURCES: dict[str, Source] = {
    s.key: s
    for s in (
        _doc("S2", "Model retirement schedule (rendered Learn page)", "2026-09-02",
             "articles/foundry/openai/concepts/model-retirement-schedule.md",
             "c0b1c98385a5309a7eafcdaee78a4964290ca8b7", repo="MicrosoftDocs/azure-ai-docs-pr"),
        _doc("S1", "Model retirement schedule", "2026-07-07",
             "articles/foundry/openai/includes/concepts-model-retirement-schedule-content.md",
             "00bb5540c93f4bf3d1d78fe21e36c6dbc2930026"),
        _doc("S3", "Model retirements, Foundry (classic)", "2025-12-16",
             "articles/ai-foundry/openai/includes/retirement/models.md", "31c50ba110d5cae14a227ad610b537c5accbeafe"),
        _doc("S4", "Model retirements (mid-2025)", "2025-06-18",
             "articles/ai-services/openai/includes/retirement/models.md", "fd2cd7f2d059e2e0003ce8afc4727a2a56ae4e74"),
        _doc("S5", "Model retirements (Jan-2025)", "2025-01-09",
             "articles/ai-services/openai/concepts/model-retirements.md", "014bb4a1883dd54520fe0b9ce0887e8771b8dd87"),
        _doc("S6", "Retired models", "2026-04-23",
             "articles/foundry/openai/includes/concepts-retired-models-content.md",
             "4345ee015911b0665800e43cc4e0eec2515a49e7"),
        _doc("S7", "Realtime API supported models", "2026-07-29",
             "articles/foundry/openai/includes/how-to-realtime-audio-1.md", "2a5ac2402744c2c41d85783be1dbd90cea85dfe7"),
        _doc("S8", "Azure OpenAI models page, audio section", "2026-01", "(models page, audio section)", None),
        Source(key="seed-2025-02", title="Azure OpenAI docs (Feb-2025 realtime/audio how-to and quotas)",
               as_of="2025-02"),
        _doc("avail", "Global Standard model availability by capability", "2026-07-23",
             "articles/foundry/openai/includes/model-matrix/standard-global-by-capability.md",
             "10fd319b2aa5d580b5714f69788024d7c4dd13fa"),
        _doc("avail2", "Realtime WebRTC how-to: global deployments in East US 2 and Sweden Central", "2026-01-29",
             "articles/foundry/openai/how-to/realtime-audio-webrtc.md", "10bec398fe4dae9abd0ae3cb89ad0190bfbdbd49"),
    )
}
SEED = DOC_SOURCES["seed-2025-02"]
REALTIME_URI = Source(
    key="realtime-uri", title="Realtime API WebSocket URI in the realtime how-to and reference (2024-2025 revisions)",
    as_of="2025", url=f"{DOCS}/articles/ai-services/openai/realtime-audio-reference.md",
)
LIST_SOURCES = {
    region: Source(
        key=f"list:{region}", title=f"az cognitiveservices model list -l {region}", as_of="2025-04-10",
        url=f"{LIST_REPO}/check-azure-aimodel-details/models/{region}.json@{LIST_COMMIT}",
    )
    for region in ("swedencentral", "japaneast", "westus2")
}

# Model names as the catalog rows spell them -> the deployable ARM model names.
_ALIASES = {"gpt-3.5-turbo-instruct": "gpt-35-turbo-instruct", "dalle-3": "dall-e-3", "model router": "model-router"}
# The retired-models table (S6) splits some names at their first hyphen ("text similarity-ada-001").
_S6_JOINED = {"text", "code", "dall", "gpt", "o1", "babbage", "davinci"}
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_TEXT = re.compile(rf"(\d{{4}}-\d{{2}}-\d{{2}})|(({_MONTHS}) \d{{1,2}}, \d{{4}})")


def parse_doc_date(text: object) -> date | None:
    """The first date written in a cell ("No earlier than May 20, 2025", "2026-03-31", ...)."""
    if not isinstance(text, str):
        return None
    found = _DATE_TEXT.search(text)
    if not found:
        return None
    if found.group(1):
        return date.fromisoformat(found.group(1))
    return datetime.strptime(found.group(2), "%B %d, %Y").date()


def availability_source(text: str) -> Source:
    if "standard-global-by-capability" in text:
        return DOC_SOURCES["avail"]
    if "realtime-audio-webrtc" in text:
        return DOC_SOURCES["avail2"]
    if text.startswith("seed"):
        return SEED
    raise ValueError(f"unknown availability source {text!r}")


def row_keys(row: dict[str, Any], lists: dict[tuple[str, str], ModelVersion]) -> list[tuple[str, str | None]]:
    """(model, version) pairs a catalog row speaks about; version None = every version of the model."""
    model, version = str(row["model"]).strip(), row.get("version")
    if "(fine-tuned)" in model:
        return []  # fine-tuned retirement phases are not deployable base models
    if row["source"]["key"] == "S6" and model in _S6_JOINED and version and not re.match(r"^\d{4}", version):
        model, version = f"{model}-{version}", None
    names = [_ALIASES.get(n.strip(), n.strip()) for n in model.split(";")]
    keys: list[tuple[str, str | None]] = []
    for name in names:
        v = version
        if name == "dall-e-3" and v == "3":
            v = "3.0"
        if v is not None:
            listed = {ver.lower(): ver for (m, ver) in lists if m == name}
            v = listed.get(v.lower(), v)
        keys.append((name, v))
    return keys


def _replacement(text: str | None, model: str) -> str | None:
    if not text:
        return None
    text = re.sub(r"\s*\(version\s+([^)]+)\)", r" \1", text)
    text = re.sub(r"\s+version:\s*", " ", text)
    text = re.sub(r"\s*\(([^)]+)\)", r" \1", text)
    parts = [p.strip() for chunk in text.split(";") for p in chunk.split(" or ") if p.strip()]
    parts = [f"{model} {p}" if re.match(r"^\d{4}-\d{2}-\d{2}$", p) else p for p in parts]
    return " or ".join(parts) or None


_SKU_SPLIT = re.compile(r"Deployment-type-specific retirement: (\w+) (\d{4}-\d{2}-\d{2}); all other types (\d{4}-\d{2}-\d{2})")
_UPGRADES_FROM = re.compile(r"auto-upgrades scheduled to start on (\d{4}-\d{2}-\d{2})")


def facts_from_row(row: dict[str, Any], key: tuple[str, str | None]) -> list[LifecycleFact]:
    """One fact per statement of the row; a per-deployment-type split gives a SKU-limited fact too."""
    source = DOC_SOURCES[row["source"]["key"]]
    qualifier = row.get("retirement_qualifier")
    retirement = parse_doc_date(row.get("retirement_date")) or (
        date.fromisoformat(row["retirement_date_iso"]) if row.get("retirement_date_iso") else None
    )
    status_text = row.get("lifecycle_status")
    upgrade_date = None
    if qualifier == "upgrade-no-sooner-than":  # an auto-upgrade date, not a retirement
        upgrade_date, retirement, qualifier = retirement, None, None
    retired = source.key == "S6" or str(status_text) in ("Retired", "Deprecated/Retired")
    fact = LifecycleFact(
        source=source,
        lifecycle_status="Retired" if retired else normalize_status(status_text),
        deprecation_date=parse_doc_date(row.get("deprecation_date")),
        retirement_date=retirement,
        retirement_qualifier="retired" if retired else (qualifier if retirement else None),
        replacement=_replacement(row.get("replacement"), key[0]),
        auto_upgrade_target=_replacement(row.get("auto_upgrade_target"), key[0]),
        auto_upgrade_date=upgrade_date,
    )
    split = _SKU_SPLIT.search(str(row.get("notes") or ""))
    if split is None:
        return [fact]
    # S3: "Standard deployment type retires on 2026-03-31, with auto-upgrades scheduled to start on
    # 2026-03-09. For other deployment types ... moved to 2026-10-01."
    sku, limited, others = split.group(1), date.fromisoformat(split.group(2)), date.fromisoformat(split.group(3))
    upgrades = _UPGRADES_FROM.search(str(row.get("retirement_date") or ""))
    return [
        replace(fact, retirement_date=others),
        replace(fact, retirement_date=limited, skus=(sku,),
                auto_upgrade_date=date.fromisoformat(upgrades.group(1)) if upgrades else fact.auto_upgrade_date),
    ]


MATRIX_PATH = "catalog/raw/azure-ai-docs/articles/foundry/openai/includes/model-matrix/standard-global-by-capability.md"
# The tabs of the availability matrix (`avail`, 2026-07-23) -> the models.list capability they stand for.
_MATRIX_TABS = {"Chat models": "chatCompletion", "Embedding models": "embeddings", "Audio models": "audio",
                "Image and Video models": "imageGenerations"}
_TAB = re.compile(r"^# \[([^\]]+)\]")
_HEADER_CELL = re.compile(r"\*\*([^*]+)\*\*, \*\*([^*]+)\*\*")


def matrix_capabilities(text: str) -> dict[tuple[str, str], set[str]]:
    """(model, version) -> capabilities, from the tab each column of the capability matrix sits in."""
    found: dict[tuple[str, str], set[str]] = {}
    capability = None
    for line in text.splitlines():
        tab = _TAB.match(line)
        if tab:
            capability = _MATRIX_TABS.get(tab.group(1).strip())
        elif capability and line.startswith("| **Region**"):
            for model, version in _HEADER_CELL.findall(line):
                found.setdefault((_ALIASES.get(model, model), version), set()).add(capability)
    return found


def capabilities_for(model: str, category: str, audio_or_realtime: bool, listed: dict[str, str],
                     documented: set[str] | None = None) -> dict[str, str]:
    """List capabilities, plus the matrix tab's and the flags the catalog rows imply when absent."""
    caps = dict(listed)
    implied: dict[str, str] = dict.fromkeys(sorted(documented or ()), "true")
    if "realtime" in model:
        implied["realtime"] = "true"
    if audio_or_realtime or any(w in model for w in ("audio", "tts", "transcribe", "whisper", "realtime")):
        implied["audio"] = "true"
    if "audio-preview" in model or model.startswith("gpt-audio") or "Text generation" in category:
        implied["chatCompletion"] = "true"
    if "embedding" in model or "Embedding" in category:
        implied["embeddings"] = "true"
    if "Image" in category or model.startswith(("dall-e", "gpt-image", "sora")):
        implied["imageGenerations"] = "true"
    for name, value in implied.items():
        caps.setdefault(name, value)
    return caps


_DEFAULT_NOTE = re.compile(r"current default (\S+?);\s*new default (\S+?)[;.]?(?:\s|$)")


def default_version(row: dict[str, Any]) -> tuple[str, str] | None:
    """(as_of, version) from a default-version table row: the announced new default, else the current one.

    These documents are newer than the April-2025 models lists, so they decide `isDefaultVersion`.
    """
    if row.get("category") != "default-version":
        return None
    found = _DEFAULT_NOTE.search(str(row.get("notes") or ""))
    if not found:
        return None
    new = found.group(2).strip()
    return DOC_SOURCES[row["source"]["key"]].as_of, new if new not in ("-", "") else found.group(1).strip()
