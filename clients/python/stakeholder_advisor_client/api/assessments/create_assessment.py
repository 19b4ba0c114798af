from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.assessment import Assessment
from ...models.create_assessment_explain import CreateAssessmentExplain
from ...models.problem import Problem
from ...models.profile_input import ProfileInput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ProfileInput,
    explain: CreateAssessmentExplain | Unset = CreateAssessmentExplain.NONE,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    json_explain: str | Unset = UNSET
    if not isinstance(explain, Unset):
        json_explain = explain.value

    params["explain"] = json_explain

    params["dry_run"] = dry_run

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/assessments",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Assessment | Problem:
    if response.status_code == 200:
        response_200 = Assessment.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = Assessment.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    response_default = Problem.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Assessment | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ProfileInput,
    explain: CreateAssessmentExplain | Unset = CreateAssessmentExplain.NONE,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Assessment | Problem]:
    """Assess a stakeholder profile

     Runs the four rule sets on the profile and stores the assessment (unless
    `dry_run=true`: then `stored` is false, `id` null and there is no Location). With an
    `Idempotency-Key`, a retry returns the stored response.

    Args:
        explain (CreateAssessmentExplain | Unset):  Default: CreateAssessmentExplain.NONE.
        dry_run (bool | Unset):  Default: False.
        idempotency_key (None | str | Unset):
        body (ProfileInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Assessment | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        explain=explain,
        dry_run=dry_run,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: ProfileInput,
    explain: CreateAssessmentExplain | Unset = CreateAssessmentExplain.NONE,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
) -> Assessment | Problem | None:
    """Assess a stakeholder profile

     Runs the four rule sets on the profile and stores the assessment (unless
    `dry_run=true`: then `stored` is false, `id` null and there is no Location). With an
    `Idempotency-Key`, a retry returns the stored response.

    Args:
        explain (CreateAssessmentExplain | Unset):  Default: CreateAssessmentExplain.NONE.
        dry_run (bool | Unset):  Default: False.
        idempotency_key (None | str | Unset):
        body (ProfileInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Assessment | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        explain=explain,
        dry_run=dry_run,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ProfileInput,
    explain: CreateAssessmentExplain | Unset = CreateAssessmentExplain.NONE,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Assessment | Problem]:
    """Assess a stakeholder profile

     Runs the four rule sets on the profile and stores the assessment (unless
    `dry_run=true`: then `stored` is false, `id` null and there is no Location). With an
    `Idempotency-Key`, a retry returns the stored response.

    Args:
        explain (CreateAssessmentExplain | Unset):  Default: CreateAssessmentExplain.NONE.
        dry_run (bool | Unset):  Default: False.
        idempotency_key (None | str | Unset):
        body (ProfileInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Assessment | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        explain=explain,
        dry_run=dry_run,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ProfileInput,
    explain: CreateAssessmentExplain | Unset = CreateAssessmentExplain.NONE,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
) -> Assessment | Problem | None:
    """Assess a stakeholder profile

     Runs the four rule sets on the profile and stores the assessment (unless
    `dry_run=true`: then `stored` is false, `id` null and there is no Location). With an
    `Idempotency-Key`, a retry returns the stored response.

    Args:
        explain (CreateAssessmentExplain | Unset):  Default: CreateAssessmentExplain.NONE.
        dry_run (bool | Unset):  Default: False.
        idempotency_key (None | str | Unset):
        body (ProfileInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Assessment | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            explain=explain,
            dry_run=dry_run,
            idempotency_key=idempotency_key,
        )
    ).parsed
