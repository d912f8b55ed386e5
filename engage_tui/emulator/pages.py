"""Pages, receipts and resolution paths of one engagement, derived from the engagement row."""

from __future__ import annotations

from engage_tui.emulator import text
from engage_tui.emulator.contacts import ContactRow
from engage_tui.emulator.data import MAX_PAGES, DemoData
from engage_tui.emulator.ids import CONTACTS_PREFIX, mix, uid, uid_index

_PAGE = 2
_STAGE_SECONDS = 300


def targets(data: DemoData, i: int) -> list[tuple[ContactRow, int, int]]:
    """(who, sent time, stage) per page of engagement i: a person, or a plan's stages in turn."""
    contact = data.contact_of(i)
    start, stop = data.start_time(i), data.stop_time(i)
    if contact.type == "PERSONAL":
        return [(contact, start + 2, 0)]
    out: list[tuple[ContactRow, int, int]] = []
    for s, members in enumerate(contact.stages):
        sent = start + 2 + s * _STAGE_SECONDS
        if sent > data.anchor or (stop is not None and sent > stop):
            break
        out += [(data.contacts[m], sent + n, s) for n, m in enumerate(members)]
    return out[:MAX_PAGES]


def page_arn(data: DemoData, i: int, j: int, contact: ContactRow) -> str:
    return f"{CONTACTS_PREFIX}:page/{contact.alias}/{uid(data.seed, _PAGE, i * MAX_PAGES + j)}"


def find_page(data: DemoData, arn: str) -> tuple[int, int] | None:
    """(engagement index, page number) for a page ARN we minted, else None."""
    n = uid_index(arn.rsplit("/", 1)[-1], data.seed, _PAGE)
    if n is None:
        return None
    i, j = divmod(n, MAX_PAGES)
    if i >= data.count:
        return None
    pages = targets(data, i)
    if j >= len(pages) or page_arn(data, i, j, pages[j][0]) != arn:
        return None
    return i, j


def _receipts(data: DemoData, i: int, j: int) -> list[dict[str, object]]:
    contact, sent, _ = targets(data, i)[j]
    stop = data.stop_time(i)
    limit = data.anchor if stop is None else min(stop, data.anchor)
    h = mix(data.seed, 23, i, j)
    channel = contact.channels[h % len(contact.channels)]
    hostile = data.is_hostile(i)
    out: list[dict[str, object]] = [
        {
            "ContactChannelArn": channel,
            "ReceiptType": "SENT",
            "ReceiptInfo": "Page sent",
            "ReceiptTime": sent,
        }
    ]
    if h % 11 == 0:
        info = text.hostile(j) if hostile else text.RECEIPT_ERRORS[h % len(text.RECEIPT_ERRORS)]
        out.append(
            {
                "ContactChannelArn": channel,
                "ReceiptType": "ERROR",
                "ReceiptInfo": info,
                "ReceiptTime": min(sent + 5, limit),
            }
        )
    else:
        delivered = sent + 3 + (h >> 8) % 17
        if delivered <= limit:
            out.append(
                {
                    "ContactChannelArn": channel,
                    "ReceiptType": "DELIVERED",
                    "ReceiptInfo": "Delivered to device",
                    "ReceiptTime": delivered,
                }
            )
            read = delivered + 30 + (h >> 16) % 570
            if (h >> 24) % 3 and read <= limit:
                info = text.hostile(j + 1) if hostile else "Acknowledged via SMS reply “ACK” ✅"
                out.append(
                    {
                        "ContactChannelArn": channel,
                        "ReceiptType": "READ",
                        "ReceiptInfo": info,
                        "ReceiptTime": read,
                    }
                )
    if stop is not None:
        out.append(
            {
                "ReceiptType": "STOP",
                "ReceiptInfo": "Engagement stopped",
                "ReceiptTime": max(stop, sent),
            }
        )
    return out


def page_row(data: DemoData, i: int, j: int) -> dict[str, object]:
    """The ListPagesByEngagement item; delivery/read times agree with the receipts."""
    contact, sent, _ = targets(data, i)[j]
    row: dict[str, object] = {
        "PageArn": page_arn(data, i, j, contact),
        "EngagementArn": data.engagement_arn(i),
        "ContactArn": contact.arn,
        "Sender": data.sender(i),
    }
    incident = data.incident_of(i)
    if incident is not None:
        row["IncidentId"] = incident.arn
    row["SentTime"] = sent
    for receipt in _receipts(data, i, j):
        if receipt["ReceiptType"] == "DELIVERED":
            row["DeliveryTime"] = receipt["ReceiptTime"]
        elif receipt["ReceiptType"] == "READ":
            row["ReadTime"] = receipt["ReceiptTime"]
    return row


def page_rows(data: DemoData, i: int) -> list[dict[str, object]]:
    return [page_row(data, i, j) for j in range(len(targets(data, i)))]


def page_detail(data: DemoData, i: int, j: int) -> dict[str, object]:
    """The DescribePage result: the page plus the engagement's message."""
    detail = data.engagement_detail(i)
    row = page_row(data, i, j)
    for key in ("Subject", "Content", "PublicSubject", "PublicContent"):
        if key in detail:
            row[key] = detail[key]
    return row


def receipt_rows(data: DemoData, i: int, j: int) -> list[dict[str, object]]:
    return _receipts(data, i, j)


def resolution_rows(data: DemoData, i: int, j: int) -> list[dict[str, object]]:
    """The ListPageResolutions path: the engaged plan (if any), then the paged person."""
    engaged = data.contact_of(i)
    paged, _, stage = targets(data, i)[j]
    if engaged.type == "PERSONAL":
        return [{"ContactArn": paged.arn, "Type": "PERSONAL"}]
    return [
        {"ContactArn": engaged.arn, "Type": "ESCALATION"},
        {"ContactArn": paged.arn, "Type": "PERSONAL", "StageIndex": stage},
    ]
