"""Errors and faults reach boto3 as the same ClientError codes and statuses AWS produces."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    PaginationError,
    ReadTimeoutError,
)

from engage_tui.emulator import Emulator
from tests.conftest import aws_client

BAD_ARN = "not-an-arn"


def _error(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, int, dict[str, Any]]:
    response: dict[str, Any] = excinfo.value.response  # type: ignore[assignment]
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"], response


def test_max_results_over_limit_names_the_field(contacts_client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        contacts_client.list_engagements(MaxResults=2000)
    code, status, response = _error(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert "MaxResults" in response["Error"]["Message"]
    assert response["Reason"] == "FIELD_VALIDATION_FAILED"
    assert [f["Name"] for f in response["Fields"]] == ["MaxResults"]


def test_bad_engagement_arn_pattern_is_rejected(contacts_client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        contacts_client.describe_engagement(EngagementId=BAD_ARN)
    code, status, response = _error(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert response["Fields"][0]["Name"] == "EngagementId"


def test_unknown_engagement_is_not_found(emulator: Emulator, contacts_client: Any) -> None:
    real = emulator.data.expected_engagements()[0]["EngagementArn"]
    forged = real[:-4] + ("0000" if not real.endswith("0000") else "1111")
    with pytest.raises(ClientError) as excinfo:
        contacts_client.describe_engagement(EngagementId=forged)
    code, status, response = _error(excinfo)
    assert (code, status) == ("ResourceNotFoundException", 400)
    assert response["ResourceId"] == forged
    assert response["ResourceType"] == "ENGAGEMENT"


@pytest.mark.parametrize("mangle", ["forge", "truncate", "other-query"])
def test_bad_next_token_is_a_validation_error(
    emulator: Emulator, contacts_client: Any, mangle: str
) -> None:
    token = contacts_client.list_engagements(MaxResults=5)["NextToken"]
    kwargs: dict[str, Any] = {"MaxResults": 5}
    if mangle == "forge":
        kwargs["NextToken"] = ("B" if token[0] != "B" else "C") + token[1:]
    elif mangle == "truncate":
        kwargs["NextToken"] = token[:-6]
    else:
        kwargs["NextToken"] = token
        kwargs["IncidentId"] = emulator.data.incidents()[0]["arn"]
    with pytest.raises(ClientError) as excinfo:
        contacts_client.list_engagements(**kwargs)
    code, status, response = _error(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert response["Fields"][0]["Name"] == "NextToken"


def test_max_results_may_change_between_pages(emulator: Emulator, contacts_client: Any) -> None:
    first = contacts_client.list_engagements(MaxResults=3)
    second = contacts_client.list_engagements(MaxResults=4, NextToken=first["NextToken"])
    assert second["Engagements"] == emulator.data.expected_engagements()[3:7]


def test_request_without_authorization_is_refused(emulator: Emulator) -> None:
    request = urllib.request.Request(
        emulator.url + "/",
        data=b"{}",
        headers={
            "X-Amz-Target": "SSMContacts.ListEngagements",
            "Content-Type": "application/x-amz-json-1.1",
        },
    )
    with pytest.raises(urllib.error.HTTPError) as excinfo:
        urllib.request.urlopen(request, timeout=5)
    assert excinfo.value.code == 403
    body = json.loads(excinfo.value.read())
    assert body["__type"] == "MissingAuthenticationTokenException"
    assert emulator.requests == [], "unsigned requests are not served"


@pytest.mark.parametrize(
    ("fault", "value", "code", "status"),
    [
        ("throttle_burst", 1, "ThrottlingException", 400),
        ("throttle_every", 1, "ThrottlingException", 400),
        ("server_error_next", 1, "InternalServerException", 500),
        ("expired_credentials", True, "ExpiredTokenException", 403),
        ("access_denied", {"ListEngagements"}, "AccessDeniedException", 400),
    ],
)
def test_contacts_fault_becomes_client_error(
    emulator: Emulator, contacts_client: Any, fault: str, value: object, code: str, status: int
) -> None:
    setattr(emulator.faults, fault, value)
    with pytest.raises(ClientError) as excinfo:
        contacts_client.list_engagements(MaxResults=2)
    assert _error(excinfo)[:2] == (code, status)
    if fault == "access_denied":
        assert "ssm-contacts:ListEngagements" in str(excinfo.value)


@pytest.mark.parametrize(
    ("fault", "value", "code", "status"),
    [
        ("throttle_burst", 1, "ThrottlingException", 429),
        ("server_error_next", 1, "InternalServerException", 500),
        ("access_denied", {"ListIncidentRecords"}, "AccessDeniedException", 403),
    ],
)
def test_incidents_fault_uses_rest_json_statuses(
    emulator: Emulator, incidents_client: Any, fault: str, value: object, code: str, status: int
) -> None:
    setattr(emulator.faults, fault, value)
    with pytest.raises(ClientError) as excinfo:
        incidents_client.list_incident_records()
    assert _error(excinfo)[:2] == (code, status)


def test_unknown_incident_record_is_not_found(incidents_client: Any) -> None:
    arn = "arn:aws:ssm-incidents::123456789012:incident-record/x/nope"
    with pytest.raises(ClientError) as excinfo:
        incidents_client.get_incident_record(arn=arn)
    code, status, response = _error(excinfo)
    assert (code, status) == ("ResourceNotFoundException", 404)


def test_throttling_is_retried_by_botocore(emulator: Emulator) -> None:
    client = aws_client(
        "ssm-contacts", emulator.url, retries={"mode": "standard", "total_max_attempts": 2}
    )
    emulator.faults.throttle_burst = 1
    page = client.list_engagements(MaxResults=2)
    assert page["ResponseMetadata"]["RetryAttempts"] == 1
    assert [op for op, _ in emulator.requests] == ["ListEngagements"] * 2


def test_faults_can_be_limited_to_operations(emulator: Emulator, contacts_client: Any) -> None:
    emulator.faults.ops = {"DescribeEngagement"}
    emulator.faults.server_error_next = 1
    assert contacts_client.list_engagements(MaxResults=1)["Engagements"]
    arn = emulator.data.expected_engagements()[0]["EngagementArn"]
    with pytest.raises(ClientError) as excinfo:
        contacts_client.describe_engagement(EngagementId=arn)
    assert _error(excinfo)[0] == "InternalServerException"
    assert contacts_client.describe_engagement(EngagementId=arn)["EngagementArn"] == arn


def test_dropped_connection(emulator: Emulator, contacts_client: Any) -> None:
    emulator.faults.drop_next = 1
    with pytest.raises(ConnectionClosedError):
        contacts_client.list_engagements()
    assert contacts_client.list_engagements(MaxResults=1)["Engagements"]


def test_malformed_body_leaves_no_engagements(emulator: Emulator, contacts_client: Any) -> None:
    emulator.faults.malformed_next = 1
    # botocore swallows invalid JSON on a 200: callers must notice the missing required list.
    page = contacts_client.list_engagements()
    assert "Engagements" not in page


def test_stall_outlasts_a_short_read_timeout(emulator: Emulator) -> None:
    client = aws_client(
        "ssm-contacts", emulator.url, retries={"total_max_attempts": 1}, read_timeout=0.2
    )
    emulator.faults.stall_seconds = 1.0
    with pytest.raises(ReadTimeoutError):
        client.list_engagements()
    assert emulator.faults.stall_seconds == 0, "a stall hangs exactly one request"


def test_repeat_token_bug_is_caught_by_the_paginator(
    emulator: Emulator, contacts_client: Any
) -> None:
    emulator.faults.repeat_token = True
    pages = contacts_client.get_paginator("list_engagements").paginate(
        PaginationConfig={"PageSize": 10}
    )
    with pytest.raises(PaginationError):
        for _ in pages:
            pass
