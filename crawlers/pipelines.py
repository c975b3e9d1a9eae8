"""Item pipeline: archive the raw page (gzip, sha256) and index it in the store. Nothing is parsed here.

The page file is written at once; its index row is written in batches (every FLUSH_ROWS rows or FLUSH_SECONDS,
and when the spider closes). A crawl killed between the two leaves a file without an index row: the next run
does not know the page, fetches it again and finds the same file (same content, same name). Nothing is lost.
"""

from __future__ import annotations

import sys
import time

from store.archive import RawArchive
from store.db import open_store, upsert_many
from store.models import RawPage
from common.config import archive_dir
from common.clock import beijing_now


FLUSH_ROWS = 100
FLUSH_SECONDS = 1.0


class ArchivePipeline:
    def __init__(self, crawl_run_id: int | None):
        self.crawl_run_id = crawl_run_id
        self.count = 0
        self.pending: list[dict] = []
        self.last_flush = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):  # noqa: ANN001
        return cls(crawler.settings.getint("TENDERWATCH_CRAWL_RUN_ID") or None)

    def open_spider(self, spider=None) -> None:  # noqa: ANN001
        self.engine, self.Session = open_store()
        self.archive = RawArchive(archive_dir())

    def close_spider(self, spider=None) -> None:  # noqa: ANN001
        self.flush()
        self.engine.dispose()

    def flush(self) -> None:
        if self.pending:
            with self.Session.begin() as session:
                upsert_many(session, RawPage, self.pending, ("source", "source_id"))
            self.pending = []
        self.last_flush = time.monotonic()

    def process_item(self, item, spider=None):  # noqa: ANN001
        digest, key = self.archive.put(item["source"], item["body"])
        self.pending.append({
            "source": item["source"],
            "source_id": item["source_id"],
            "url": item["url"],
            "content_hash": digest,
            "archive_key": key,
            "size": len(item["body"]),
            "http_status": item["status"],
            "content_type": item.get("content_type"),
            "encoding": item.get("encoding"),
            "list_meta": item.get("list_meta"),
            "fetched_at": beijing_now(),
            "crawl_run_id": self.crawl_run_id,
        })
        if len(self.pending) >= FLUSH_ROWS or time.monotonic() - self.last_flush >= FLUSH_SECONDS:
            self.flush()
        self.count += 1
        if self.count % 25 == 0:
            print(f"  archived {self.count} pages", file=sys.stderr, flush=True)
        return {"source": item["source"], "source_id": item["source_id"], "url": item["url"]}
