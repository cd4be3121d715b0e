"""The tool's error types and exit codes; the CLI maps these to messages at its edge only."""

from __future__ import annotations

from collections.abc import Sequence

from aoai_provision.findings import Finding

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CHANGES = 2  # plan --detailed-exitcode: changes present
EXIT_AUDIT_GATE = 3  # audit: a finding falls within --fail-within
EXIT_INTERRUPTED = 130  # SIGINT/SIGTERM stopped a run (128 + SIGINT, as shells report it)


class ProvisionError(Exception):
    """An expected failure with a message for people; exits 1 unless ``exit_code`` says otherwise."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, *, fix: str | None = None, findings: Sequence[Finding] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.findings = tuple(findings)


class InputError(ProvisionError):
    """A file or argument the user gave cannot be read or used."""


class SpecError(ProvisionError):
    """An environment file is invalid; ``findings`` holds every located problem."""


class CatalogError(ProvisionError):
    """A model, version, SKU or region lookup failed."""


class PlanError(ProvisionError):
    """The plan cannot be made or cannot succeed (preflight, immutable fields, soft-deleted accounts)."""


class ApplyError(ProvisionError):
    """One or more writes failed during apply or destroy."""


class Interrupted(ProvisionError):
    """An apply or destroy stopped by SIGINT/SIGTERM after its writes in flight finished."""

    exit_code = EXIT_INTERRUPTED


class RenderError(ProvisionError):
    """A template failed to render."""


class AzureCallError(ProvisionError):
    """An Azure Resource Manager call failed; keeps ARM's code, message and request id."""

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        request_id: str | None = None,
        resource: str | None = None,
        fix: str | None = None,
    ) -> None:
        super().__init__(message, fix=fix)
        self.code = code
        self.status = status
        self.request_id = request_id
        self.resource = resource
