"""Parser benchmark: 10,000 archived notice pages parsed into fields, beside lxml building a tree of the same
pages and nothing more (same run, same reads from the archive). Prints notices/s and the ratio.

    .venv/bin/python -m bench.parse [--pages 10000]

Aim (issue 4): at least a third of the baseline's rate.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10_000)
    args = ap.parse_args()
    import lxml.html

    from bench.crawl import big_notices
    from parsers import parse_notice
    from store.archive import RawArchive
    from mirrors.ccgp.server import CcgpSite, notice_path

    notices = big_notices(args.pages)
    site = CcgpSite(notices)
    with tempfile.TemporaryDirectory() as tmp:
        archive = RawArchive(tmp)
        keys = []
        for n in notices:
            body = site.page(n)
            keys.append((f"http://www.ccgp.gov.cn{notice_path(n)}", archive.put("ccgp", body)[1]))
        total_bytes = sum(len(archive.get(k)) for _, k in keys[:100]) * len(keys) // 100

        t0 = time.perf_counter()
        for _, key in keys:
            lxml.html.fromstring(archive.get(key))
        base_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        warned = 0
        for url, key in keys:
            warned += bool(parse_notice(url, archive.get(key))["warnings"])
        parse_s = time.perf_counter() - t0
    print(json.dumps({
        "pages": len(keys), "approx_mb": round(total_bytes / 1e6, 1),
        "baseline_lxml_s": round(base_s, 2), "baseline_pages_per_s": round(len(keys) / base_s, 1),
        "parse_s": round(parse_s, 2), "parse_notices_per_s": round(len(keys) / parse_s, 1),
        "ratio_vs_baseline": round(base_s / parse_s, 3), "pages_with_warnings": warned,
    }, indent=1))


if __name__ == "__main__":
    main()
