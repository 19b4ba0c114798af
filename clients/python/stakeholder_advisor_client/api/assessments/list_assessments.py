import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.assessment_list import AssessmentList
from ...models.problem import Problem
from ...models.stakeholder_type import StakeholderType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    stakeholder_type: None | StakeholderType | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_stakeholder_type: None | str | Unset
    if isinstance(stakeholder_type, Unset):
        json_stakeholder_type = UNSET
    elif isinstance(stakeholder_type, StakeholderType):
        json_stakeholder_type = stakeholder_type.value
    else:
        json_stakeholder_type = stakeholder_type
    params["stakeholder_type"] = json_stakeholder_type

    json_since: None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/assessments",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AssessmentList | Problem:
    if response.status_code == 200:
        response_200 = AssessmentList.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[AssessmentList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    stakeholder_type: None | StakeholderType | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
) -> Response[AssessmentList | Problem]:
    """List assessments, newest first

     Keyset pagination: pass `next_cursor` back as `cursor`; the `Link` header carries the
    next page's URL too.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset):
        stakeholder_type (None | StakeholderType | Unset):
        since (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssessmentList | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        stakeholder_type=stakeholder_type,
        since=since,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    stakeholder_type: None | StakeholderType | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
) -> AssessmentList | Problem | None:
    """List assessments, newest first

     Keyset pagination: pass `next_cursor` back as `cursor`; the `Link` header carries the
    next page's URL too.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset):
        stakeholder_type (None | StakeholderType | Unset):
        since (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssessmentList | Problem
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        stakeholder_type=stakeholder_type,
        since=since,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    stakeholder_type: None | StakeholderType | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
) -> Response[AssessmentList | Problem]:
    """List assessments, newest first

     Keyset pagination: pass `next_cursor` back as `cursor`; the `Link` header carries the
    next page's URL too.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset):
        stakeholder_type (None | StakeholderType | Unset):
        since (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssessmentList | Problem]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        stakeholder_type=stakeholder_type,
        since=since,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
    stakeholder_type: None | StakeholderType | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
) -> AssessmentList | Problem | None:
    """List assessments, newest first

     Keyset pagination: pass `next_cursor` back as `cursor`; the `Link` header carries the
    next page's URL too.

    Args:
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset):
        stakeholder_type (None | StakeholderType | Unset):
        since (datetime.datetime | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssessmentList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            stakeholder_type=stakeholder_type,
            since=since,
        )
    ).parsed
