"""The problem types of the service's errors: one namespace, `/problems/<slug>`, each with a page.

Every error answer (the service's and the nginx proxy's) names one of these as its `type`; the
service serves each as a short human-readable page, so a developer who meets one can look it up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http import HTTPStatus

PROBLEM_BASE = "/problems/"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    status: int
    title: str
    explanation: str

    @property
    def uri(self) -> str:
        return PROBLEM_BASE + self.slug


_SPECIFIC = (
    ProblemType(
        "bad-request",
        400,
        "Bad Request",
        "The request could not be read: its body is not valid JSON (NaN, Infinity and a key "
        "repeated in one object are not JSON here), it is nested deeper than 8 levels, or the "
        "request itself is not valid HTTP. Sending it again unchanged gives the same answer.",
    ),
    ProblemType(
        "unauthenticated",
        401,
        "Unauthorized",
        "No API key was sent, or the key is unknown, revoked or expired. Send a key as "
        "'Authorization: Bearer <key>'; keys come from 'stakeholder-advisor keys create'.",
    ),
    ProblemType(
        "insufficient-scope",
        403,
        "Forbidden",
        "The API key is valid but lacks the scope the operation needs (assess, read or admin).",
    ),
    ProblemType(
        "not-found",
        404,
        "Not Found",
        "Nothing is here: an unknown route, or an assessment, rule set or article that does not "
        "exist or that the caller may not see.",
    ),
    ProblemType(
        "method-not-allowed",
        405,
        "Method Not Allowed",
        "The resource does not support this method; the Allow header lists the ones it does.",
    ),
    ProblemType(
        "not-acceptable",
        406,
        "Not Acceptable",
        "The Accept header asks only for media types the resource cannot be given in.",
    ),
    ProblemType(
        "idempotency-conflict",
        409,
        "Idempotency key reused",
        "The Idempotency-Key was already used with a different profile or query. Use a new key "
        "for a new request; the same key with the same request replays the stored answer.",
    ),
    ProblemType(
        "body-too-large",
        413,
        "Request Entity Too Large",
        "The request body is larger than the service accepts (ADVISOR_MAX_BODY_BYTES), whether it "
        "was sent with a Content-Length or chunked.",
    ),
    ProblemType(
        "uri-too-long",
        414,
        "Request-URI Too Long",
        "The request line is longer than the proxy in front of the service accepts.",
    ),
    ProblemType(
        "unsupported-media-type",
        415,
        "Unsupported Media Type",
        "Request bodies must be sent as application/json.",
    ),
    ProblemType(
        "validation-error",
        422,
        "Invalid request",
        "Some fields of the body, the query or the headers are invalid. The 'errors' member maps "
        "each field's dotted path to a list of coded errors: a machine-readable 'code', an "
        "English 'message' and, where a near miss was found, a 'suggestion'.",
    ),
    ProblemType(
        "rate-limited",
        429,
        "Too Many Requests",
        "The API key has used its request budget, or the address has made too many failed "
        "authentication attempts. Wait the seconds given in Retry-After.",
    ),
    ProblemType(
        "internal-error",
        500,
        "Internal Server Error",
        "The service failed unexpectedly. Nothing was stored; quote the request id when "
        "reporting it.",
    ),
    ProblemType(
        "invalid-configuration",
        500,
        "Invalid configuration",
        "The rules, vocabulary, scoring or articles the service reads are invalid; the detail "
        "names each file and rule at fault.",
    ),
    ProblemType(
        "database-unavailable",
        503,
        "Database unavailable",
        "The database could not be reached or did not answer in time. Retry after the seconds "
        "in Retry-After.",
    ),
    ProblemType(
        "service-unavailable",
        503,
        "Service Unavailable",
        "No instance of the service answered the proxy. Retry after the seconds in Retry-After.",
    ),
    ProblemType(
        "gateway-timeout",
        504,
        "Gateway Timeout",
        "The service did not answer the proxy in time. It may have carried the request out, so "
        "retry a POST only with an Idempotency-Key.",
    ),
)


def _slug(phrase: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", phrase.lower()).strip("-")


def _generic(status: HTTPStatus) -> ProblemType:
    return ProblemType(
        _slug(status.phrase),
        status.value,
        status.phrase,
        f"The HTTP status {status.value} {status.phrase}: {status.description}.",
    )


def _catalogue() -> dict[str, ProblemType]:
    types = {problem.slug: problem for problem in _SPECIFIC}
    specific_statuses = {problem.status for problem in _SPECIFIC}
    for status in HTTPStatus:
        if status.value >= 400 and status.value not in specific_statuses:
            generic = _generic(status)
            types.setdefault(generic.slug, generic)
    return types


PROBLEM_TYPES: dict[str, ProblemType] = _catalogue()
# The type an error of a status gets when nothing more specific is known: the first listed.
_BY_STATUS: dict[int, ProblemType] = {}
for _problem in PROBLEM_TYPES.values():
    _BY_STATUS.setdefault(_problem.status, _problem)


def for_status(status: int) -> ProblemType:
    """The problem type of an error known only by its status."""
    problem = _BY_STATUS.get(status)
    if problem is None:  # not a registered HTTP status
        return PROBLEM_TYPES["internal-error" if status >= 500 else "bad-request"]
    return problem


def by_slug(slug: str) -> ProblemType:
    return PROBLEM_TYPES[slug]
