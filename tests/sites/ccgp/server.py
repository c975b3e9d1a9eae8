"""Local mirror of ccgp.gov.cn: a real HTTP server on 127.0.0.1 serving pages rendered from notices.json.

Serves what the ccgp spider reads (SOURCES.md §4):
- ``/bxsearch?searchtype=1&page_index=N&bidType=…&kw=…&start_time=YYYY:MM:DD&end_time=…&timeType=6``:
  the result list (``ul.vT-srch-result-list-bid``), newest first, PAGE_SIZE rows a page, ``Pager({size:N})``
  giving the number of pages;
- ``/cggg/{zygg|dfgg}/{channel}/YYYYMM/tYYYYMMDD_{id}.htm``: detail pages (公告概要 table + body);
- anything else: ccgp's "错误页面" with status 404.

Run by hand: ``python -m tests.sites.ccgp.server --port 8123``.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

HERE = Path(__file__).parent
DATA_FILE = HERE / "notices.json"
PAGE_SIZE = 20
BID_TYPES = {"1": "公开招标公告", "7": "中标公告"}
DETAIL_RE = re.compile(r"^/cggg/(zygg|dfgg)/(\w+)/(\d{6})/t(\d{8})_(\d+)\.htm$")

_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))


def load_notices(path: Path = DATA_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["notices"]


def notice_path(n: dict) -> str:
    day = n["published"][:10].replace("-", "")
    return f"/cggg/{n['scope']}/{n['channel']}/{day[:6]}/t{day}_{n['id']}.htm"


def _wan(yuan: Decimal) -> Decimal:
    return yuan / Decimal(10000)


def _short(d: Decimal) -> str:
    s = f"{d:f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def _cn_datetime(s: str, long: bool = False) -> str:
    dt = datetime.strptime(s, "%Y-%m-%d %H:%M")
    if long:
        return dt.strftime("%Y年%m月%d日 %H点%M分")
    return dt.strftime("%Y年%m月%d日 %H:%M")


def _model_sentence(model: str) -> str:
    return {
        "政府购买服务": "本项目属于政府购买服务项目。",
        "PPP": "本项目采用政府和社会资本合作（PPP）模式，运作方式为BOT，回报机制为可行性缺口补助，合作期限15年。",
        "EPC": "本项目采用工程总承包（EPC）模式实施，包含设计、采购、施工。",
    }.get(model, "")


def view(n: dict) -> dict:
    """Template context for one notice: the data-file record plus its rendered strings."""
    from tests.sites.ccgp.make_data import daxie

    v = dict(n)
    v["kind"] = "tender" if n["channel"] == "gkzb" else "award"
    v["published_cn"] = _cn_datetime(n["published"])
    v["published_table"] = _cn_datetime(n["published"]).replace(" ", "  ")
    pub = datetime.strptime(n["published"], "%Y-%m-%d %H:%M")
    v["published_day_cn"] = pub.strftime("%Y年%m月%d日")
    v["doc_end_cn"] = (pub + timedelta(days=7)).strftime("%Y年%m月%d日")
    budget = Decimal(n["budget_cny"])
    v["budget_wan"] = f"{_wan(budget):.6f}"
    fmt = n["amount_format"]
    v["budget_line"] = {
        "wan": f"预算金额：{_short(_wan(budget))}万元（人民币）",
        "yuan_commas": f"预算金额（元）：{budget:,.2f}",
        "daxie": f"预算金额：人民币{daxie(budget)}",
        "wan_decimal": f"预算总金额：{_wan(budget):.6f}万元",
    }[fmt]
    stem = n["project_name"].replace("项目", "")
    v["requirement"] = f"{stem}，包括建设、实施及相关服务，具体详见招标文件。"
    v["model_sentence"] = _model_sentence(n["truth"]["delivery_model"])
    if v["kind"] == "tender":
        v["open_cn"] = _cn_datetime(n["open_time"])
        v["open_cn_long"] = _cn_datetime(n["open_time"], long=True)
    else:
        award = Decimal(n["award_cny"])
        v["award_wan"] = f"{_wan(award):.6f}"
        v["award_cell"] = {
            "wan": f"{_short(_wan(award))}万元",
            "yuan_commas": f"总价形式报价:{award:.2f}(元)",
            "daxie": daxie(award),
            "wan_decimal": f"报价:{award}(元)",
        }[fmt]
    v["published_dots"] = pub.strftime("%Y.%m.%d %H:%M:%S")
    v["path"] = notice_path(n)
    return v


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y:%m:%d").date()
    except ValueError:
        return None


class Mirror:
    """The site: notices in memory, routing, rendering. Independent of the HTTP server so tests can render."""

    def __init__(self, notices: list[dict] | None = None):
        self.notices = sorted(notices if notices is not None else load_notices(),
                              key=lambda n: (n["published"], n["id"]), reverse=True)
        self.by_path = {notice_path(n): n for n in self.notices}
        self.hits: list[str] = []  # request paths, for tests
        self._lock = threading.Lock()

    def search(self, query: dict[str, str]) -> list[dict]:
        start, end = _parse_day(query.get("start_time")), _parse_day(query.get("end_time"))
        kind = BID_TYPES.get(query.get("bidType", "0"))
        kw = query.get("kw", "").strip()
        rows = []
        for n in self.notices:
            day = date.fromisoformat(n["published"][:10])
            if start and day < start or end and day > end:
                continue
            if kind and n["notice_type"] != kind:
                continue
            if kw and kw not in n["title"]:
                continue
            rows.append(n)
        return rows

    def handle(self, raw_path: str, base: str) -> tuple[int, str]:
        with self._lock:
            self.hits.append(raw_path)
        parts = urlsplit(raw_path)
        if parts.path == "/robots.txt":
            return 200, "User-agent: *\nAllow: /\n"
        if parts.path == "/bxsearch":
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            rows = self.search(query)
            pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
            try:
                page = max(1, int(query.get("page_index", "1")))
            except ValueError:
                page = 1
            chunk = rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
            html = _env.get_template("list.html").render(
                rows=[view(n) for n in chunk], total=len(rows), pages=pages, current=page - 1, base=base)
            return 200, html
        n = self.by_path.get(parts.path)
        if n is not None:
            return 200, _env.get_template("detail.html").render(n=view(n))
        return 404, _env.get_template("not_found.html").render()


class _Handler(BaseHTTPRequestHandler):
    mirror: Mirror

    def do_GET(self) -> None:  # noqa: N802
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
        status, body = self.server.mirror.handle(self.path, f"http://{host}")  # type: ignore[attr-defined]
        data = body.encode("utf-8")
        self.send_response(status)
        ctype = "text/plain" if self.path == "/robots.txt" else "text/html"
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


class MirrorServer:
    """``with MirrorServer() as m: m.base_url`` — serves the mirror on an ephemeral 127.0.0.1 port."""

    def __init__(self, mirror: Mirror | None = None, port: int = 0):
        self.mirror = mirror or Mirror()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.mirror = self.mirror  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> "MirrorServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "MirrorServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8123)
    args = ap.parse_args()
    server = MirrorServer(port=args.port).start()
    print(f"ccgp mirror on {server.base_url}/bxsearch", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
