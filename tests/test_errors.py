"""What the data layer lets out: an endpoint shown without secrets, error messages redacted."""

from __future__ import annotations

import pytest

from engage_tui.aws.errors import REDACTED, ErrorKind, SourceError, redact
from engage_tui.aws.source import Target

KEY_ID = "AKIAIOSFODNN7EXAMPLE"
TEMP_KEY_ID = "ASIAY34FZKBOKMUTVV7A"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SESSION = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6Fake0123456789"
SIGNATURE = "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "https://ssm-contacts.eu-west-1.amazonaws.com",
            "https://ssm-contacts.eu-west-1.amazonaws.com",
        ),
        ("http://127.0.0.1:4566/", "http://127.0.0.1:4566"),
        (f"https://h.example/p/a/t/h?X-Amz-Security-Token={SESSION}#f", "https://h.example"),
        (f"https://alice:{SECRET.replace('/', '%2F')}@h.example:8443/x", "https://h.example:8443"),
        (f"https://alice:{SECRET}@h.example/x", "custom endpoint (unreadable URL)"),
        ("http://[::1]:4566/?q=1", "http://[::1]:4566"),
        ("https://[2001:db8::7]/", "https://[2001:db8::7]"),
        ("https://h.example:99999/", "custom endpoint (unreadable URL)"),
    ],
)
def test_target_label_shows_scheme_host_and_port_only(url: str, shown: str) -> None:
    label = Target(profile="oncall", region="eu-west-1", endpoint_url=url).label()
    assert label == f"profile oncall · eu-west-1 · {shown}"


LEAKY_MESSAGES = [
    f"Credential={KEY_ID}/20260101/us-east-1/ssm-contacts/aws4_request, "
    f"SignedHeaders=host;x-amz-date, Signature={SIGNATURE}",
    f"https://x.example/?X-Amz-Credential={TEMP_KEY_ID}%2F20260101&X-Amz-Signature={SIGNATURE}"
    f"&X-Amz-Security-Token={SESSION}",
    f"header X-Amz-Security-Token: {SESSION} was rejected",
    f'{{"SessionToken": "{SESSION}", "SecretAccessKey": "{SECRET}"}}',
    f"aws_secret_access_key={SECRET}",
    f"The key {KEY_ID} with secret {SECRET} is not valid",
    f"temporary id {TEMP_KEY_ID} and token {SESSION}",
]


@pytest.mark.parametrize("message", LEAKY_MESSAGES)
def test_error_messages_never_carry_a_credential(message: str) -> None:
    error = SourceError(ErrorKind.SERVER, f"ListEngagements failed: {message}", retryable=True)
    for shown in (error.message, str(error), repr(error)):
        for secret in (KEY_ID, TEMP_KEY_ID, SECRET, SESSION, SIGNATURE):
            assert secret not in shown
            assert secret[:16] not in shown, "not even a readable part of it"
        assert REDACTED in shown


def test_redaction_keeps_what_a_person_needs_to_act() -> None:
    message = (
        "User: arn:aws:sts::111122223333:assumed-role/OnCall/rpatel is not authorized to perform: "
        "ssm-contacts:ListPageReceipts on resource: arn:aws:ssm-contacts:us-east-1:111122223333:"
        "page/akuam/4f1c2d3e-5a6b-4c7d-8e9f-0123456789ab"
    )
    assert redact(message) == message
    said = redact("Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z")
    assert said.startswith("Signature expired: 20260101T000000Z")
    assert redact(f"Credential={KEY_ID}/x") == f"Credential={REDACTED}"


def test_hostile_message_is_escaped_and_redacted() -> None:
    error = SourceError(ErrorKind.VALIDATION, f"bad \x1b]52;c;{SECRET}\x07", retryable=False)
    assert "\x1b" not in error.message and "\x07" not in error.message
    assert SECRET not in error.message
