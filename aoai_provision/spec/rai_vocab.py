"""What ARM accepts in content-filter (RAI) policies and blocklists, with where each list comes from."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Sources (REST API spec Microsoft.CognitiveServices, stable/2025-06-01, cognitiveservices.json):
#   RaiPolicyProperties.mode            enum RaiPolicyMode: Default, Deferred, Blocking, Asynchronous_filter
#   RaiPolicyContentFilter.source       enum RaiPolicyContentSource: Prompt, Completion
#   RaiPolicyContentFilter.severityThreshold  enum ContentLevel: Low, Medium, High
#   content filter names: examples/ListRaiContentFilters.json and examples/PutRaiPolicy.json of the
#   same spec (GET .../locations/{location}/raiContentFilters lists them with isMultiLevelFilter).
SPEC_SOURCE = ("Azure/azure-rest-api-specs specification/cognitiveservices/resource-manager/"
               "Microsoft.CognitiveServices/stable/2025-06-01 (cognitiveservices.json, "
               "examples/ListRaiContentFilters.json, examples/PutRaiPolicy.json)")
MODES = ("Default", "Deferred", "Blocking", "Asynchronous_filter")
SOURCES = ("Prompt", "Completion")
SEVERITIES = ("Low", "Medium", "High")

# Microsoft's built-in (SystemManaged) policies every account lists; deployments default to DefaultV2.
BUILTIN_POLICIES = ("Microsoft.Default", "Microsoft.DefaultV2")
DEFAULT_POLICY = "Microsoft.DefaultV2"
RESERVED_PREFIX = "microsoft."

RESOURCE_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")  # template schema pattern of policy/blocklist/item names
MAX_NAME = 64
MAX_PATTERN = 1000


@dataclass(frozen=True)
class FilterKind:
    """One content filter ARM knows: its name as policies write it, severity levels, fixed source."""

    name: str
    multi_level: bool  # takes severityThreshold (Low/Medium/High)
    source: str | None = None  # the only source it applies to, when fixed


FILTERS = (
    FilterKind("Hate", True), FilterKind("Sexual", True), FilterKind("Violence", True),
    FilterKind("Selfharm", True), FilterKind("Jailbreak", False, "Prompt"),
    FilterKind("Indirect Attack", False, "Prompt"),
    FilterKind("Protected Material Text", False, "Completion"),
    FilterKind("Protected Material Code", False, "Completion"), FilterKind("Profanity", False),
)


def filter_key(name: str) -> str:
    """`protected_material_text`, `Protected Material Text`, `ProtectedMaterialText` -> one key."""
    return re.sub(r"[^a-z]", "", name.lower())


_BY_KEY = {filter_key(f.name): f for f in FILTERS}


def find_filter(name: str) -> FilterKind | None:
    """The filter ``name`` means (any case, spaces, `_` or `-`; `self_harm` is Selfharm), or None."""
    return _BY_KEY.get(filter_key(name))


def filter_aliases() -> list[str]:
    """The names to suggest: the file spelling (snake_case) of every filter."""
    return [f.name.lower().replace(" ", "_") for f in FILTERS]


def is_builtin_policy(name: str) -> bool:
    return name.lower() in {p.lower() for p in BUILTIN_POLICIES}


def item_name(pattern: str, regex: bool) -> str:
    """A stable ARM name for a blocklist item: a readable slug of the pattern plus a short hash of it."""
    import hashlib

    digest = hashlib.sha256(f"{int(regex)}:{pattern}".encode()).hexdigest()[:10]
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", pattern).strip("-")[:40].strip("-").lower()
    return f"{slug}-{digest}" if slug else f"item-{digest}"
