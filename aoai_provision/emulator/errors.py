"""ARM-shaped errors the emulator raises, with Azure's codes and wording."""

from __future__ import annotations

from typing import Any

CS = "Microsoft.CognitiveServices"


class ArmError(Exception):
    """An error ARM answers with ``{"error": {"code", "message"}}`` and an HTTP status."""

    def __init__(self, status: int, code: str, message: str, *, headers: dict[str, str] | None = None,
                 details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})
        self.details = details

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            error["details"] = self.details
        return {"error": error}


def resource_not_found(resource_type: str, name: str, resource_group: str) -> ArmError:
    return ArmError(404, "ResourceNotFound",
                    f"The Resource '{resource_type}/{name}' under resource group '{resource_group}' was not "
                    "found. For more details please go to https://aka.ms/ARMResourceNotFoundFix")


def resource_group_not_found(resource_group: str) -> ArmError:
    return ArmError(404, "ResourceGroupNotFound", f"Resource group '{resource_group}' could not be found.")


def deployment_not_found(name: str) -> ArmError:
    return ArmError(404, "DeploymentNotFound", f"Deployment {name} not found.")


def request_conflict(account_id: str) -> ArmError:
    return ArmError(409, "RequestConflict",
                    f"Another operation is being performed on the parent resource '{account_id}'. "
                    "Please try again later.")


def insufficient_quota(requested: float, available: float, usage: float, limit: float, quota_name: str) -> ArmError:
    return ArmError(400, "InsufficientQuota",
                    f"This operation require {_num(requested)} new capacity in quota {quota_name}, which is "
                    f"bigger than the current available capacity {_num(available)}. The current quota usage is "
                    f"{_num(usage)} and the quota limit is {_num(limit)} for quota {quota_name}.")


def sku_not_in_region(sku: str, model: str, version: str, region: str) -> ArmError:
    return ArmError(400, "InvalidResourceProperties",
                    f"The specified SKU '{sku}' for model '{model} {version}' is not supported in this region "
                    f"'{region}'.")


def model_not_supported(fmt: str, name: str, version: str, publisher: str = "", source: str = "") -> ArmError:
    return ArmError(400, "DeploymentModelNotSupported",
                    f"The model 'Publisher: {publisher}, Format: {fmt}, Name: {name}, Version: {version}, "
                    f"Source: {source}, SourceAccount: ' of account deployment is not supported.")


def capacity_out_of_range(capacity: int, minimum: int, maximum: int, step: int) -> ArmError:
    return ArmError(400, "InvalidResourceProperties",
                    f"The specified capacity '{capacity}' of account deployment is not valid. The capacity "
                    f"must be between {minimum} and {maximum} and a multiple of {step}.")


def custom_domain_in_use(subdomain: str) -> ArmError:
    return ArmError(409, "CustomDomainInUse",
                    f"Please pick a different name. The subdomain name '{subdomain}' is not available as it's "
                    "already used by a resource. If the resource using the name was deleted in the last 48 "
                    "hours, you may need to purge the deleted resource. Learn more at "
                    "\"https://go.microsoft.com/fwlink/?linkid=2215493\"")


def flag_must_be_set_for_restore(account_id: str) -> ArmError:
    return ArmError(409, "FlagMustBeSetForRestore",
                    f"An existing resource with ID '{account_id}' has been soft-deleted. To restore the "
                    "resource, you must specify 'restore' to be 'true' in the property. If you don't want to "
                    "restore existing resource, please purge it first.")


def invalid_account_name(name: str) -> ArmError:
    return ArmError(400, "InvalidResourceName",
                    f"Resource name '{name}' is invalid. The name must be 2 to 64 characters long, start with a "
                    "letter or number, and contain only letters, numbers, '_', '.' and '-'.")


def location_not_available(location: str, resource_type: str, regions: list[str]) -> ArmError:
    return ArmError(400, "LocationNotAvailableForResourceType",
                    f"The provided location '{location}' is not available for resource type "
                    f"'{CS}/{resource_type}'. List of available regions for the resource type is "
                    f"'{','.join(regions)}'.")


def bad_request(message: str, code: str = "BadRequest") -> ArmError:
    return ArmError(400, code, message)


def throttled(retry_after_s: int, kind: str) -> ArmError:
    op_type = "Read" if kind == "reads" else "Write"
    return ArmError(429, "TooManyRequests",
                    f"The request is being throttled as the limit has been reached for operation type - "
                    f"{op_type}_ObservationWindow_00:05:00. For more information, see - "
                    "https://aka.ms/srpthrottlinglimits",
                    headers={"Retry-After": str(retry_after_s)})


def server_error(status: int) -> ArmError:
    if status == 503:
        return ArmError(503, "ServiceUnavailable",
                        "The service is temporarily unavailable. Please try again later.",
                        headers={"Retry-After": "1"})
    return ArmError(500, "InternalServerError",
                    "Encountered internal server error. Diagnostic information: emulator fault injection.")


def unauthorized(message: str = "The 'Authorization' header is missing.", *, code: str = "AuthenticationFailed",
                 authority: str = "https://login.microsoftonline.com/common") -> ArmError:
    """ARM's 401: ``AuthenticationFailed`` for a missing/malformed header, the token's own code otherwise."""
    if code == "AuthenticationFailed":
        text = f"Authentication failed. {message}"
        description = ("The authentication failed because of missing 'Authorization' header."
                       if "missing" in message else "The authentication failed because of invalid 'Authorization' "
                                                    "header.")
    else:
        text = description = message
    return ArmError(401, code, text,
                    headers={"WWW-Authenticate": f'Bearer authorization_uri="{authority}", error="invalid_token", '
                                                 f'error_description="{description}"'})


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
