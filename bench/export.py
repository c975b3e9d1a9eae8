"""Export benchmark: peak memory of `tenders export` over a store of 1,000,000 notices, beside the same export
limited to the first 100,000 (same store, same run). Bounded memory means the two peaks are close, whatever the
size of the export.

    .venv/bin/python -m bench.export [--notices 1000000] [--format csv|jsonl|parquet|ocds|xlsx]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_export(url: str, fmt: str, out: str, extra: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS MB) of one `tenders export` process."""
    code = ("import resource, sys; from tenderwatch.cli import main; sys.argv = ['tenders', 'export'] + sys.argv[1:];"
            "\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)")
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", code, "--format", fmt, "--out", out, *extra], capture_output=True,
                       text=True, cwd=ROOT, env={**os.environ, "TENDERWATCH_DB": url})
    seconds = time.perf_counter() - t
    peak = [line for line in p.stderr.splitlines() if line.startswith("peak")]
    if p.returncode or not peak:
        raise SystemExit(p.stderr[-2000:])
    return seconds, int(peak[0].split()[1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notices", type=int, default=1_000_000)
    ap.add_argument("--format", default="csv", choices=["csv", "jsonl", "parquet", "ocds", "xlsx"])
    args = ap.parse_args()
    from bench.report import FIRST, fill_sqlite

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        t = time.perf_counter()
        fill_sqlite(url, args.notices)
        print(f"filled {args.notices:,} notices in {time.perf_counter() - t:.0f} s", flush=True)
        # the first tenth of the store by publication date: the notices spread evenly over 100 weeks
        small_to = (FIRST + (FIRST.__class__(2026, 11, 30) - FIRST) / 10).strftime("%Y-%m-%d")
        for label, extra in ((f"~{args.notices // 10:,}", ["--to", small_to]), (f"{args.notices:,}", [])):
            out = os.path.join(tmp, f"export.{args.format}")
            seconds, peak = run_export(url, args.format, out, extra)
            size = os.path.getsize(out) / 1e6
            print(f"export {label} notices as {args.format}: {seconds:.0f} s, {size:,.0f} MB file, "
                  f"peak RSS {peak:.0f} MB", flush=True)
            os.remove(out)


if __name__ == "__main__":
    main()
