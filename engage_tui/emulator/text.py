"""Word lists and text builders for demo rows: realistic incident prose plus hostile strings."""

from __future__ import annotations

SERVICES = (
    "checkout-api",
    "payments-gateway",
    "auth-service",
    "search-indexer",
    "orders-db",
    "cdn-edge",
    "inventory-sync",
    "notifications",
    "ledger-writer",
    "session-cache",
    "café-api",
    "決済サービス",
)
REGIONS = ("eu-west-1", "us-east-1", "us-west-2", "ap-northeast-1", "eu-central-1", "sa-east-1")
SYMPTOMS = (
    "Elevated 5xx on {svc} in {region}",
    "p99 latency above SLO for {svc} in {region}",
    "Queue backlog growing on {svc} ({region})",
    "Error budget burn 14x on {svc}",
    "TLS certificate expiring for {svc} in {region}",
    "Replica lag > 300 s on {svc} in {region}",
    "[SEV2] Partial outage of {svc} in {region}",
    "Dégradation du service {svc} — {region}",
    "{svc}: 応答遅延が発生しています ({region})",
    "🔥 Disk 95% full on {svc} hosts in {region}",
    "Deploy of {svc} rolled back: config flag [bold] leaked",
    "Runbook step [/] failed for {svc} in {region}",
)
NO_INCIDENT_SUBJECTS = (
    "Disk usage 91% on db-replica-3",
    "Scheduled failover drill — please acknowledge",
    "CPU credit balance low on bastion-1",
    "Weekly on-call handover: review open actions",
    "Canary failed: login flow [step 3/5]",
    "バックアップジョブが失敗しました",
    "Paging test ✅ from Incident Manager",
)
SENDERS = ("incident-manager", "cloudwatch-alarms", "cli", "oncall-bot", "pagerduty-bridge")
PLANS = ("checkout-critical", "payments-p1", "platform-sre", "data-platform")
RECEIPT_ERRORS = (
    "SMS delivery failed: carrier rejected message",
    "Voice call not answered after 3 attempts",
    "Email bounced: mailbox full",
)

_HOSTILE_PARTS = (
    "[bold red]BOOM[/]",
    "stray [/] close",
    "[link=http://x]click[/link]",
    "\x1b[31mred\x1b[0m\x1b[2J\x1b[H",
    "\x1b]0;pwned title\x07",
    "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "NUL\x00BEL\x07BS\x08CR\rVT\x0bDEL\x7f",
    "日本語テキスト🔥🚨👩‍💻",
    "\u202eRTL override\u202c שלום עולם مرحبا",
    "[on red]{{markup}}[/on red] $var %s {0}",
    "C1 CSI\x9b2J NEL\x85 APC\x9f",
    "Z\u0337\u0322\u031ba\u0338l\u0335g\u0336o\u0337 \U0001d573\U0001d58a "
    "\uff37\uff29\uff24\uff25 \u200b\u2060",
)
# Short enough for an ID (no newline, well under the 1000-character ARN limits).
_ID_PARTS = (
    "\x1b]52;c;cHduZWQ=\x07",
    "[bold red]id[/]",
    "\x1b]0;pwned title\x07",
    "\x9b2J",
    "\u202etxt",
    "\x1b[2J\x1b[H",
)


def hostile(seed: int, size: int = 0) -> str:
    """A string mixing markup, escapes, control chars, CJK/emoji and RTL; `size` pads it."""
    start = seed % len(_HOSTILE_PARTS)
    text = " | ".join(_HOSTILE_PARTS[start:] + _HOSTILE_PARTS[:start])
    if size > len(text):
        text = (text + " ") * (size // (len(text) + 1)) + "x" * (size % (len(text) + 1))
    return text


def hostile_id(seed: int) -> str:
    """A short hostile tail for an ARN or ID: escapes, markup, C1 and bidi controls, no newline."""
    n = len(_ID_PARTS)
    return "".join(_ID_PARTS[(seed + k) % n] for k in range(3))


_PLAIN_SYMPTOMS = tuple(s for s in SYMPTOMS if "[" not in s)


def incident_title(h: int, plain: bool = False) -> str:
    """A realistic title; `plain` leaves out the ones that look like markup."""
    svc = SERVICES[h % len(SERVICES)]
    region = REGIONS[(h >> 8) % len(REGIONS)]
    symptoms = _PLAIN_SYMPTOMS if plain else SYMPTOMS
    return symptoms[(h >> 16) % len(symptoms)].format(svc=svc, region=region)


def engagement_content(subject: str, impact: int | None, ack_url: str) -> str:
    """The body of a page, as Incident Manager would send it."""
    lines = [subject, ""]
    if impact is not None:
        lines.append(f"Impact: {impact} — please join the incident bridge.")
    lines += [
        "Dashboards: https://console.aws.amazon.com/cloudwatch/home#dashboards",
        f"Acknowledge: {ack_url}",
        "Déjà vu? Check the runbook [RB-12] before escalating.",
    ]
    return "\n".join(lines)


def incident_summary(title: str, impact: int, engagements: int) -> str:
    """The summary a responder keeps current on the incident record."""
    return (
        f"{title}\n\nImpact {impact}. Responders engaged: {engagements}. "
        "Mitigation in progress; next update in 30 minutes."
    )
