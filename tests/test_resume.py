"""Resumable: SIGKILL the crawl at random moments, again and again, then let it finish; the store holds
exactly the mirror's notices, none lost, none doubled. SQLite takes many concurrent writers."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select

from store.db import open_store
from store.models import Classification, CrawlRun, Notice, RawPage
from mirrors.ccgp.server import CcgpSite, load_notices, serve

NOTICES = load_notices()
SINCE = min(n["published"][:10] for n in NOTICES)
UNTIL = max(n["published"][:10] for n in NOTICES)


class SlowSite(CcgpSite):
    """Every detail page takes 100 ms, so a kill lands in the middle of the work."""

    def handle(self, req):  # noqa: ANN001
        reply = super().handle(req)
        if req.path.startswith("/cggg/"):
            reply.delay = 0.1
        return reply


def _cmd(base_url: str) -> list[str]:
    return [sys.executable, "-m", "tenderwatch.cli", "crawl", "ccgp", "--base-url", base_url, "--since", SINCE,
            "--until", UNTIL]


def test_sigkill_ten_times_then_resume(tmp_path):
    env = os.environ | {"TENDERWATCH_DB": f"sqlite:///{tmp_path / 'tw.db'}",
                        "TENDERWATCH_ARCHIVE": str(tmp_path / "archive")}
    rng = random.Random(20261129)
    kills = 0
    with serve(site=SlowSite()) as server:
        for _ in range(40):
            if kills >= 10:
                break
            proc = subprocess.Popen(_cmd(server.base_url), env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.5, 2.5))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait()
        final = subprocess.run(_cmd(server.base_url), env=env, capture_output=True, text=True, timeout=300)
    assert kills >= 10
    assert final.returncode == 0, final.stderr
    engine, Session = open_store(env["TENDERWATCH_DB"])
    with Session() as s:
        ids = sorted(s.execute(select(Notice.source_id)).scalars())
        assert ids == sorted(str(n["id"]) for n in NOTICES)
        assert s.execute(select(func.count()).select_from(RawPage)).scalar_one() == len(NOTICES)
        assert s.execute(select(func.count()).select_from(Classification)).scalar_one() == len(NOTICES)
        assert s.execute(select(func.count()).select_from(RawPage).where(RawPage.parsed_version.is_(None))) \
            .scalar_one() == 0
        statuses = s.execute(select(CrawlRun.status)).scalars().all()
    engine.dispose()
    # a kill lands before the run is recorded, during the crawl, or while processing after it; every run that
    # a kill cut short now says "interrupted", none is left "running"
    assert "running" not in statuses and statuses.count("interrupted") >= 1
    assert statuses[-1] == "finished"


WRITER = r"""
import sys
from decimal import Decimal
from store.db import open_store
from store.notices import save_notice
url, worker = sys.argv[1], int(sys.argv[2])
engine, Session = open_store(url)
for i in range(25):
    with Session.begin() as s:
        save_notice(s, source="load", source_id=f"{i % 40}", url=f"http://x/{i}", raw_page_id=None,
                    fields={"title": f"并发写入 {worker}-{i}", "buyer": f"采购人{worker % 5}", "budget_cny": Decimal(i)},
                    parse_version="test")
print("ok")
"""


def test_sqlite_twenty_concurrent_writers(tmp_path):
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, url, str(w)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for w in range(20)]
    outs = [p.communicate(timeout=300) for p in procs]
    errors = [err for _, err in outs if err.strip()]
    assert not any("locked" in e for e in errors), errors[:1]
    assert [p.returncode for p in procs] == [0] * 20, errors[:1]
    engine, Session = open_store(url)
    with Session() as s:
        assert s.execute(select(func.count()).select_from(Notice)).scalar_one() == 25  # upserts: 25 keys
    engine.dispose()
