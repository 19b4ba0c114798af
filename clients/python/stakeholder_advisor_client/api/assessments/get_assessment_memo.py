from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    assessment_id: str,
    *,
    download: bool | Unset = False,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["download"] = download

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/assessments/{assessment_id}/memo".format(
            assessment_id=quote(str(assessment_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | str:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 406:
        response_406 = Problem.from_dict(response.json())

        return response_406

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    assessment_id: str,
    *,
    client: AuthenticatedClient | Client,
    download: bool | Unset = False,
) -> Response[Problem | str]:
    """Read an assessment's briefing memo

     Markdown (the default, also for `Accept: */*`) or, with `Accept: text/html`, an HTML
    fragment to embed: one `<article class="advisor-memo">` with CSS classes and no scripts,
    styles, handlers or links, all text escaped. `download=true` names a file to save.

    Args:
        assessment_id (str):
        download (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        assessment_id=assessment_id,
        download=download,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    assessment_id: str,
    *,
    client: AuthenticatedClient | Client,
    download: bool | Unset = False,
) -> Problem | str | None:
    """Read an assessment's briefing memo

     Markdown (the default, also for `Accept: */*`) or, with `Accept: text/html`, an HTML
    fragment to embed: one `<article class="advisor-memo">` with CSS classes and no scripts,
    styles, handlers or links, all text escaped. `download=true` names a file to save.

    Args:
        assessment_id (str):
        download (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        assessment_id=assessment_id,
        client=client,
        download=download,
    ).parsed


async def asyncio_detailed(
    assessment_id: str,
    *,
    client: AuthenticatedClient | Client,
    download: bool | Unset = False,
) -> Response[Problem | str]:
    """Read an assessment's briefing memo

     Markdown (the default, also for `Accept: */*`) or, with `Accept: text/html`, an HTML
    fragment to embed: one `<article class="advisor-memo">` with CSS classes and no scripts,
    styles, handlers or links, all text escaped. `download=true` names a file to save.

    Args:
        assessment_id (str):
        download (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        assessment_id=assessment_id,
        download=download,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    assessment_id: str,
    *,
    client: AuthenticatedClient | Client,
    download: bool | Unset = False,
) -> Problem | str | None:
    """Read an assessment's briefing memo

     Markdown (the default, also for `Accept: */*`) or, with `Accept: text/html`, an HTML
    fragment to embed: one `<article class="advisor-memo">` with CSS classes and no scripts,
    styles, handlers or links, all text escaped. `download=true` names a file to save.

    Args:
        assessment_id (str):
        download (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            assessment_id=assessment_id,
            client=client,
            download=download,
        )
    ).parsed
