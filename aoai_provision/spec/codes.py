"""Stable finding codes of environment-file validation (kebab-case; part of the JSON output contract)."""

from __future__ import annotations

# reading and parsing
FILE_NOT_FOUND = "file-not-found"
NOT_A_FILE = "not-a-file"
NOT_TEXT = "not-text"
YAML_SYNTAX = "yaml-syntax"
YAML_TOO_LARGE = "yaml-too-large"
EMPTY_FILE = "empty-file"
ROOT_NOT_MAPPING = "root-not-mapping"
DUPLICATE_KEY = "duplicate-key"

# interpolation and schema
UNRESOLVED_VARIABLE = "unresolved-variable"
INVALID_VARIABLE = "invalid-variable"
UNKNOWN_KEY = "unknown-key"
MISSING_KEY = "missing-key"
INVALID_VALUE = "invalid-value"

# expansion and names
INVALID_NAME = "invalid-name"
INVALID_TEMPLATE = "invalid-template"
DUPLICATE_NAME = "duplicate-name"
MISSING_VALUE = "missing-value"
UNUSED_OVERRIDE = "unused-override"
RESERVED_TAG = "reserved-tag"

# catalog
UNKNOWN_REGION = "unknown-region"
UNKNOWN_MODEL = "unknown-model"
UNKNOWN_VERSION = "unknown-version"
UNKNOWN_SKU = "unknown-sku"
MODEL_NOT_OFFERED = "model-not-offered"
CAPACITY_OUT_OF_BOUNDS = "capacity-out-of-bounds"
RATE_LIMIT_MISMATCH = "rate-limit-mismatch"
FIXED_RATE_LIMIT = "fixed-rate-limit"
READ_ONLY_OPTION = "read-only-option"
INVALID_DEPLOYMENT_OPTION = "invalid-deployment-option"  # spillover / service tier / pause as the docs require
AZURE_LIMIT = "azure-limit"  # a documented Azure limit the file exceeds (tags, deployments per account, ids)

# lifecycle: the AOAI6xx codes of aoai_provision.catalog.verdicts (one table for validate, plan and
# audit); findings carry details={"category": "lifecycle"}.
LIFECYCLE = "lifecycle"

# content filters, blocklists and access
UNKNOWN_FILTER = "unknown-content-filter"
UNKNOWN_POLICY = "unknown-rai-policy"
UNKNOWN_BLOCKLIST = "unknown-blocklist"
INVALID_FILTER = "invalid-content-filter"
INVALID_BLOCKLIST_ITEM = "invalid-blocklist-item"
UNKNOWN_ROLE = "unknown-role"
INVALID_PRINCIPAL = "invalid-principal-id"
# private endpoints, diagnostics, customer-managed keys
INVALID_RESOURCE_ID = "invalid-resource-id"
MISSING_DNS_ZONE = "missing-dns-zone"
UNUSED_DNS_ZONE = "unused-dns-zone"
UNKNOWN_CATEGORY = "unknown-category"
INVALID_KEY_URI = "invalid-key-uri"
UNREACHABLE = "unreachable-account"
