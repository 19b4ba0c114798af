"""Domain errors and their RFC 9457 problem+json form, in one place for the CLI and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.fielderrors import coded_errors
from service.problemtypes import by_slug


@dataclass(frozen=True)
class ConfigIssue:
    """One problem found in the configuration: which file, which rule (if any), where, and what."""

    file: str
    rule_id: str | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.rule_id:
            where += f": rule {self.rule_id}"
        if self.path:
            where += f": {self.path}"
        return f"{where}: {self.message}"


class AdvisorError(Exception):
    """Base of the errors the service raises on purpose; each knows its problem type and status."""

    status = 500
    problem_type = by_slug("internal-error").uri
    title = "Internal Server Error"

    def problem(self) -> dict[str, Any]:
        return {
            "type": self.problem_type,
            "title": self.title,
            "status": self.status,
            "detail": str(self),
        }

    def headers(self) -> dict[str, str]:
        """Headers HTTP requires with this status (Retry-After, WWW-Authenticate, ...)."""
        return {}


class ConfigError(AdvisorError):
    """The rules, vocabulary, scoring or articles are invalid; the service must not start."""

    title = "Invalid configuration"
    problem_type = by_slug("invalid-configuration").uri

    def __init__(self, issues: list[ConfigIssue]) -> None:
        self.issues = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


class ProfileInvalid(AdvisorError):
    """A stakeholder profile failed validation; `errors` maps dotted field paths to messages."""

    status = 422
    title = by_slug("validation-error").title
    problem_type = by_slug("validation-error").uri

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        fields = ", ".join(sorted(errors))
        super().__init__(f"The profile has invalid fields: {fields}.")

    def problem(self) -> dict[str, Any]:
        return {**super().problem(), "errors": coded_errors(self.errors)}


def flatten_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested error messages into flat dotted paths (DESIGN §9)."""
    if isinstance(messages, dict):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            for sub_path, sub_messages in flatten_errors(value, path).items():
                flat.setdefault(sub_path, []).extend(sub_messages)
        return flat
    if isinstance(messages, list | tuple):
        if all(isinstance(m, str) for m in messages):
            return {prefix or "_schema": list(messages)}
        flat = {}
        for item in messages:
            for sub_path, sub_messages in flatten_errors(item, prefix).items():
                flat.setdefault(sub_path, []).extend(sub_messages)
        return flat
    return {prefix or "_schema": [str(messages)]}


class Unauthenticated(AdvisorError):
    """No key, or a key that is unknown, revoked or expired."""

    status = 401
    title = "Unauthorized"
    problem_type = by_slug("unauthenticated").uri

    def __init__(self, detail: str, *, token_given: bool) -> None:
        super().__init__(detail)
        self.token_given = token_given

    def headers(self) -> dict[str, str]:
        challenge = 'Bearer realm="stakeholder-advisor"'
        if self.token_given:
            challenge += ', error="invalid_token"'
        return {"WWW-Authenticate": challenge}


class Forbidden(AdvisorError):
    """A valid key without the scope the operation needs."""

    status = 403
    title = "Forbidden"
    problem_type = by_slug("insufficient-scope").uri


class IdempotencyConflict(AdvisorError):
    """An Idempotency-Key the caller already used with another profile or query."""

    status = 409
    title = "Idempotency key reused"
    problem_type = by_slug("idempotency-conflict").uri


class DatabaseUnavailable(AdvisorError):
    """The database could not be reached or answered in time; the client should retry."""

    status = 503
    title = "Database unavailable"
    problem_type = by_slug("database-unavailable").uri
    retry_after = 5

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}
