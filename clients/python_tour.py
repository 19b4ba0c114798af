"""Create, read, memo, list and a 422 through the generated Python client, as CI runs it.

    PYTHONPATH=clients/python python clients/python_tour.py http://127.0.0.1:8000 KEY

Prints one JSON line of what it saw; exits non-zero if an answer has the wrong type.
"""

from __future__ import annotations

import json
import sys

from stakeholder_advisor_client import AuthenticatedClient
from stakeholder_advisor_client.api.assessments import (
    create_assessment,
    get_assessment,
    get_assessment_memo,
    list_assessments,
)
from stakeholder_advisor_client.models import (
    Assessment,
    AssessmentList,
    CapacitiesInput,
    Problem,
    ProfileInput,
    StakeholderType,
)


def tour(base_url: str, key: str) -> dict[str, object]:
    client = AuthenticatedClient(base_url=base_url, token=key, raise_on_unexpected_status=True)
    profile = ProfileInput(
        stakeholder_type=StakeholderType.DEFENCE_MINISTRY, name="Python kit <b>ministry</b>"
    )
    created = create_assessment.sync(client=client, body=profile)
    if not isinstance(created, Assessment):
        raise SystemExit(f"create: {created!r}")
    read = get_assessment.sync(client=client, assessment_id=str(created.id))
    if not isinstance(read, Assessment):
        raise SystemExit(f"read: {read!r}")
    memo = get_assessment_memo.sync(client=client, assessment_id=str(created.id))
    html = get_assessment_memo.sync(
        client=client.with_headers({"Accept": "text/html"}), assessment_id=str(created.id)
    )
    if not isinstance(memo, str) or not isinstance(html, str):
        raise SystemExit(f"memo: {memo!r} {html!r}")
    page = list_assessments.sync(client=client, limit=5)
    if not isinstance(page, AssessmentList):
        raise SystemExit(f"list: {page!r}")
    invalid = create_assessment.sync(
        client=client,
        body=ProfileInput(
            stakeholder_type=StakeholderType.DEFENCE_MINISTRY,
            capacities=CapacitiesInput(military=2.0),
        ),
    )
    if not isinstance(invalid, Problem):
        raise SystemExit(f"invalid profile accepted: {invalid!r}")
    errors = invalid.errors.additional_properties if invalid.errors else {}
    return {
        "id": str(created.id),
        "read_id": str(read.id),
        "recommendations": len(read.recommendations),
        "memo_first_line": memo.splitlines()[0],
        "html_starts": html[:40],
        "listed": [str(item.id) for item in page.items],
        "problem_status": invalid.status,
        "problem_errors": {path: [e.code.value for e in found] for path, found in errors.items()},
    }


if __name__ == "__main__":
    print(json.dumps(tour(sys.argv[1], sys.argv[2])))
