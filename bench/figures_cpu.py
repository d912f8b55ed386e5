"""Page → rows CPU: thread CPU for the data layer to fetch one 500-row ListEngagements page
over real HTTP and turn it into rows (`Source.list_engagements`, as the app's fetch thread
calls it). Run in a fresh process: `python bench/figures_cpu.py URL PAGES` prints JSON.
"""

from __future__ import annotations

import json
import sys
import time


def page_cpu_ms(url: str, pages: int, size: int = 500) -> list[float]:
    """Thread CPU ms of each of `pages` consecutive pages (a warm client; the first page,
    which builds it, is not counted)."""
    from engage_tui.aws.models import Query
    from engage_tui.aws.source import Source

    source = Source.for_endpoint(url)
    query = Query()
    token = source.list_engagements(query, None, size).next_token
    spent = []
    for _ in range(pages):
        began = time.thread_time()
        page = source.list_engagements(query, token, size)
        spent.append((time.thread_time() - began) * 1000)
        if len(page.items) != size:
            raise RuntimeError(f"asked for {size} rows, got {len(page.items)}")
        token = page.next_token
    return spent


if __name__ == "__main__":
    print(json.dumps(page_cpu_ms(sys.argv[1], int(sys.argv[2]))))
