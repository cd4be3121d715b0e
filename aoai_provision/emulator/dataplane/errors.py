"""The data plane's errors, with Azure OpenAI's codes and wording."""

from __future__ import annotations

from aoai_provision.emulator.errors import ArmError

DataPlaneError = ArmError  # same shape: {"error": {"code", "message"}} with a status and headers


def deployment_not_found() -> ArmError:
    return ArmError(404, "DeploymentNotFound",
                    "The API deployment for this resource does not exist. If you created the deployment within "
                    "the last 5 minutes, please wait a moment and try again.")


def operation_not_supported(operation: str, model: str) -> ArmError:
    return ArmError(400, "OperationNotSupported",
                    f"The {operation} operation does not work with the specified model, {model}. Please choose "
                    "different model and try again. You can learn more about which models can be used with each "
                    "operation here: https://go.microsoft.com/fwlink/?linkid=2197993.")


def resource_not_found() -> ArmError:
    return ArmError(404, "404", "Resource not found")


def bad_token() -> ArmError:
    return ArmError(401, "401", "Unauthorized. Access token is missing, invalid, audience is incorrect "
                                "(https://cognitiveservices.azure.com), or have expired.",
                    headers={"WWW-Authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/'
                                                 'common/oauth2/authorize", resource_id='
                                                 '"https://cognitiveservices.azure.com"'})


def bad_key() -> ArmError:
    return ArmError(401, "401", "Access denied due to invalid subscription key or wrong API endpoint. Make sure "
                                "to provide a valid key for an active subscription and use a correct regional API "
                                "endpoint for your resource.")


def keys_disabled() -> ArmError:
    return ArmError(403, "AuthenticationTypeDisabled", "Key based authentication is disabled for this resource.")


def lacks_data_action(principal: str, data_action: str, method: str, path: str) -> ArmError:
    return ArmError(403, "PermissionDenied",
                    f"The principal `{principal}` lacks the required data action `{data_action}` to perform "
                    f"`{method} {path}` operation.")


def invalid_request(message: str, code: str = "invalid_request_error") -> ArmError:
    return ArmError(400, code, message)


def rate_limited(operation: str, seconds: int, what: str) -> ArmError:
    return ArmError(429, "429",
                    f"Requests to the {operation} Operation under Azure OpenAI API version 2024-10-21 have "
                    f"exceeded {what} rate limit of your current OpenAI S0 pricing tier. Please retry after "
                    f"{seconds} second{'s' if seconds != 1 else ''}. Please go here: https://aka.ms/oai/quotaincrease "
                    "if you would like to further increase the default rate limit.",
                    headers={"Retry-After": str(seconds), "retry-after-ms": str(seconds * 1000)})
