"""Parser benchmark: notice pages parsed into fields, beside lxml building a tree of the same pages and nothing more
(same run, same reads). Two corpora, both printed: 10,000 archived pages of the ccgp mirror, and the real pages of
``../shared/realdata`` (the development Ningbo bulletins and the notices' pages: held-out items left out), each with
its notices/s and its ratio to lxml.

    .venv/bin/python -m bench.parse [--pages 10000] [--real 2000]

Aim (issue 16): 0.5 of the baseline's rate, on both.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--real", type=int, default=2000, help="at most this many real pages (0: skip them)")
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
    out = {
        "pages": len(keys), "approx_mb": round(total_bytes / 1e6, 1),
        "baseline_lxml_s": round(base_s, 2), "baseline_pages_per_s": round(len(keys) / base_s, 1),
        "parse_s": round(parse_s, 2), "parse_notices_per_s": round(len(keys) / parse_s, 1),
        "ratio_vs_baseline": round(base_s / parse_s, 3), "pages_with_warnings": warned,
    }
    out["real"] = real_corpus(args.real) if args.real else "skipped (--real 0)"
    print(json.dumps(out, indent=1, ensure_ascii=False))


def real_pages(limit: int) -> list[tuple[str | None, bytes]]:
    """(url, body) of real development pages: Ningbo bulletins not held out, then realdata/notices pages."""
    import gzip

    from evals.corpus import default_shared, heldout_items

    realdata = default_shared() / "realdata"
    held = heldout_items(realdata.parent) or set()
    pages: list[tuple[str | None, bytes]] = []
    gz = realdata / "nbygcg" / "bulletins.jsonl.gz"
    if gz.exists():
        with gzip.open(gz, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if ("nbygcg/bulletins.jsonl.gz", r.get("bulletinId")) in held or not r.get("html"):
                    continue
                pages.append((r.get("url"), r["html"].encode("utf-8")))
                if len(pages) >= limit:
                    break
    notices = realdata / "notices"
    for path in sorted(notices.glob("*.html")) + sorted(notices.glob("*.txt")) if notices.exists() else []:
        if ("notices/index.jsonl", path.name) not in held and len(pages) < limit:
            pages.append((None, path.read_bytes()))
    return pages


def real_corpus(limit: int) -> dict | str:
    import lxml.html

    from parsers import parse_notice

    pages = real_pages(limit)
    if not pages:
        return "skipped: ../shared/realdata is not there"
    t0 = time.perf_counter()
    for _, body in pages:
        lxml.html.fromstring(body)
    base_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for url, body in pages:
        parse_notice(url, body)
    parse_s = time.perf_counter() - t0
    return {"pages": len(pages), "approx_mb": round(sum(len(b) for _, b in pages) / 1e6, 1),
            "baseline_lxml_s": round(base_s, 2), "parse_s": round(parse_s, 2),
            "parse_notices_per_s": round(len(pages) / parse_s, 1), "ratio_vs_baseline": round(base_s / parse_s, 3)}


if __name__ == "__main__":
    main()
