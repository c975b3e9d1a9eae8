"""Two crawler processes share one frontier on the Redis at 127.0.0.1:6379: every notice stored once, every
page fetched once. Without a Redis server the test skips with the reason (in CI, CI=true, it fails)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from collections import Counter

import pytest
from sqlalchemy import select

from store.db import open_store
from store.models import CrawlRun, Notice
from tests.conftest import IN_CI
from mirrors.ccgp.server import CcgpSite, load_notices, serve

REDIS_URL = os.environ.get("TENDERWATCH_TEST_REDIS", "redis://127.0.0.1:6379/0")
NOTICES = load_notices()


@pytest.fixture
def redis_url():
    import redis

    try:
        redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        if IN_CI:
            pytest.fail(f"CI=true but no Redis at {REDIS_URL}: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL}: {exc}")
    return REDIS_URL


class SlowSite(CcgpSite):
    """Holds every notice page until both workers are up (each reads robots.txt once as it starts): a worker
    that starts seconds late on a loaded machine would otherwise find the frontier already empty."""

    def __init__(self):
        super().__init__()
        self._robots = 0
        self._lock = threading.Lock()
        self.both_up = threading.Event()

    def handle(self, req):  # noqa: ANN001
        if req.path == "/robots.txt":
            with self._lock:
                self._robots += 1
                if self._robots >= 2:
                    self.both_up.set()
        reply = super().handle(req)
        if req.path.startswith("/cggg/"):
            self.both_up.wait(timeout=120)
            reply.delay = 0.03  # long enough for both workers to get work
        return reply


def test_two_workers_share_one_frontier(redis_url, tmp_path):
    env = os.environ | {"TENDERWATCH_DB": f"sqlite:///{tmp_path / 'tw.db'}",
                        "TENDERWATCH_ARCHIVE": str(tmp_path / "archive")}
    key = f"test-{uuid.uuid4().hex[:8]}"
    since = min(n["published"][:10] for n in NOTICES)
    until = max(n["published"][:10] for n in NOTICES)
    with serve(site=SlowSite()) as server:
        cmd = [sys.executable, "-m", "tenderwatch.cli", "crawl", "ccgp", "--base-url", server.base_url, "--since",
               since, "--until", until, "--redis", redis_url, "--redis-key", key]
        procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        outs = [p.communicate(timeout=300) for p in procs]
        hits = Counter(h for h in server.hits if h.startswith("GET ") and h != "GET /robots.txt")  # each worker reads robots.txt
    assert [p.returncode for p in procs] == [0, 0], outs
    assert server.site.both_up.is_set(), "the second worker never read robots.txt"
    assert server.site.burst_throttled == []  # result pages went one after another, across both workers too
    # the mirror runs in real mode: a first attempt it spoiled (throttle page, 403) is retried, not fetched twice
    repeated = {h: c for h, c in hits.items() if c > 1 and h not in server.faults.spoiled}
    assert repeated == {}, f"fetched more than once: {list(repeated.items())[:5]}"
    engine, Session = open_store(env["TENDERWATCH_DB"])
    with Session() as s:
        assert sorted(s.execute(select(Notice.source_id)).scalars()) == sorted(str(n["id"]) for n in NOTICES)
        per_worker = s.execute(select(CrawlRun.new_items)).scalars().all()
    engine.dispose()
    assert sum(per_worker) == len(NOTICES)
    assert len(per_worker) == 2 and min(per_worker) > 0, per_worker  # both workers did part of the work
    import redis

    assert list(redis.from_url(redis_url).scan_iter(f"tenderwatch:{key}:*")) == []  # cleaned up
