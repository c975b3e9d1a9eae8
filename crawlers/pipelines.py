"""Item pipeline: archive the raw page (gzip, sha256) and index it in the store. Nothing is parsed here."""

from __future__ import annotations

import sys
from datetime import datetime

from store.archive import RawArchive
from store.db import open_store, upsert
from store.models import RawPage
from tenderwatch.config import archive_dir


class ArchivePipeline:
    def __init__(self, crawl_run_id: int | None):
        self.crawl_run_id = crawl_run_id
        self.count = 0

    @classmethod
    def from_crawler(cls, crawler):  # noqa: ANN001
        return cls(crawler.settings.getint("TENDERWATCH_CRAWL_RUN_ID") or None)

    def open_spider(self, spider=None) -> None:  # noqa: ANN001
        self.engine, self.Session = open_store()
        self.archive = RawArchive(archive_dir())

    def close_spider(self, spider=None) -> None:  # noqa: ANN001
        self.engine.dispose()

    def process_item(self, item, spider=None):  # noqa: ANN001
        digest, key = self.archive.put(item["source"], item["body"])
        with self.Session.begin() as session:
            upsert(session, RawPage, {
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
                "fetched_at": datetime.now(),
                "crawl_run_id": self.crawl_run_id,
            }, ("source", "source_id"))
        self.count += 1
        if self.count % 25 == 0:
            print(f"  archived {self.count} pages", file=sys.stderr, flush=True)
        return {"source": item["source"], "source_id": item["source_id"], "url": item["url"]}
