"""Local mirror of ccgp.gov.cn: pages rendered from notices.json through templates that follow the real markup.

Routes (SOURCES.md §4):
- ``/bxsearch?searchtype=1&page_index=N&bidType=…&kw=…&start_time=YYYY:MM:DD&end_time=…``: the search result
  list (``ul.vT-srch-result-list-bid``), newest first, PAGE_SIZE rows a page, ``Pager({size:N})`` = pages;
- ``/cggg/{zygg|dfgg}/{channel}/index.htm``, ``index_1.htm`` …: channel lists (``ul.c_list_bid``), and the
  mixed ``/cggg/{zygg|dfgg}/index.htm`` whose rows carry ``em[rel=bxlx]``;
- ``/cggg/{zygg|dfgg}/{channel}/YYYYMM/tYYYYMMDD_{id}.htm``: detail pages (公告概要 table + body), UTF-8 or,
  for a share of them, GBK; tender pages link attachments (``ul.fjxx``) served under ``/oss/``;
- ``/oldsearch/detail?docId={id}``: the old archive form, a 302 to the detail page (every 10th list row
  links this way);
- anything else: ccgp's "错误页面" with status 404.

Tests add misbehaviour with ``mirrors.http.Faults`` and ``CcgpSite.redirect_to`` / ``bombs``.
Run by hand: ``python -m mirrors.ccgp.server --port 8123``.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape

from mirrors.http import Faults, Reply, Request, SiteServer, gzip_bomb

HERE = Path(__file__).parent
DATA_FILE = HERE / "notices.json"
PAGE_SIZE = 20
# bxsearch bidType → 公告类型 labels it selects (SOURCES.md §4.1)
BID_TYPES = {"1": {"公开招标公告"}, "2": {"询价公告"}, "3": {"竞争性谈判公告"}, "4": {"单一来源公示"}, "7": {"中标公告"}, "8": {"更正公告"},
             "9": {"合同公告"}, "10": {"竞争性磋商公告"}, "11": {"成交公告"}, "12": {"终止公告"}}
CHANNEL_LIST = re.compile(r"^/cggg/(zygg|dfgg)(?:/(\w+))?/index(?:_(\d+))?\.htm$")

_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))


def load_notices(path: Path = DATA_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["notices"]


def notice_path(n: dict) -> str:
    day = n["published"][:10].replace("-", "")
    return f"/cggg/{n['scope']}/{n['channel']}/{day[:6]}/t{day}_{n['id']}.htm"


def list_href(n: dict) -> str:
    """How list pages link a notice: the canonical path, or the old archive form for every 10th notice."""
    return f"/oldsearch/detail?docId={n['id']}" if n["id"] % 10 == 3 else notice_path(n)


def _wan(yuan: Decimal) -> Decimal:
    return yuan / Decimal(10000)


def _short(d: Decimal) -> str:
    s = f"{d:f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def _cn(s: str, long: bool = False) -> str:
    dt = datetime.strptime(s, "%Y-%m-%d %H:%M")
    return dt.strftime("%Y年%m月%d日 %H点%M分" if long else "%Y年%m月%d日 %H:%M")


def _model_sentence(model: str) -> str:
    return {
        "政府购买服务": "本项目属于政府购买服务项目。",
        "PPP": "本项目采用政府和社会资本合作（PPP）模式，运作方式为BOT，回报机制为可行性缺口补助，合作期限15年。",
        "EPC": "本项目采用工程总承包（EPC）模式实施，包含设计、采购、施工。",
    }.get(model, "")


def view(n: dict) -> dict:
    """Template context for one notice: the data-file record plus its rendered strings."""
    from mirrors.ccgp.make_data import daxie

    v = dict(n)
    pub = datetime.strptime(n["published"], "%Y-%m-%d %H:%M")
    v["published_cn"] = _cn(n["published"])
    v["published_table"] = _cn(n["published"]).replace(" ", "  ")
    v["published_day_cn"] = pub.strftime("%Y年%m月%d日")
    v["doc_end_cn"] = (pub + timedelta(days=7)).strftime("%Y年%m月%d日")
    v["published_dots"] = pub.strftime("%Y.%m.%d %H:%M:%S")
    v["published_list"] = pub.strftime("%Y-%m-%d %H:%M")
    budget = Decimal(n["budget_cny"])
    v["budget_wan"] = f"{_wan(budget):.6f}"
    fmt = n["amount_format"]
    v["budget_line"] = {
        "wan": f"预算金额：{_short(_wan(budget))}万元（人民币）",
        "yuan_commas": f"预算金额（元）：{budget:,.2f}",
        "daxie": f"预算金额：人民币{daxie(budget)}",
        "wan_decimal": f"预算总金额：{_wan(budget):.6f}万元",
    }[fmt]
    v["requirement"] = f"{n['project_name'].replace('项目', '')}，包括建设、实施及相关服务，具体详见招标文件。"
    v["model_sentence"] = _model_sentence(n["truth"]["delivery_model"])
    if "open_time" in n:
        v["open_cn"] = _cn(n["open_time"])
        v["open_cn_long"] = _cn(n["open_time"], long=True)
        v["tender_published_cn"] = _cn(n["tender_published"])
    if "award_cny" in n:
        award = Decimal(n["award_cny"])
        v["award_wan"] = f"{_wan(award):.6f}"
        v["award_yuan"] = f"{award:.2f}"
        v["award_cell"] = {
            "wan": f"{_short(_wan(award))}万元",
            "yuan_commas": f"总价形式报价:{award:.2f}(元)",
            "daxie": daxie(award),
            "wan_decimal": f"报价:{award}(元)",
        }[fmt]
    v["code"] = n.get("code_shown", n["project_code"])  # what the page prints (make_data.shown_variants)
    v["supplier"] = n.get("supplier_shown", n.get("supplier"))
    v["path"] = notice_path(n)
    v["href"] = list_href(n)
    v["attachments"] = [{"name": a, "href": f"/oss/{n['id']}/{quote(a)}"} for a in n.get("attachments", [])]
    v["charset"] = "gbk" if n.get("encoding") == "gbk" else "utf-8"
    return v


def _parse_day(value: str | None) -> date | None:
    try:
        return datetime.strptime(value or "", "%Y:%m:%d").date()
    except ValueError:
        return None


class CcgpSite:
    """The site: notices in memory, routing, rendering; no HTTP here, so tests can render pages directly."""

    def __init__(self, notices: list[dict] | None = None):
        self.notices = sorted(notices if notices is not None else load_notices(),
                              key=lambda n: (n["published"], n["id"]), reverse=True)
        self.by_path = {notice_path(n): n for n in self.notices}
        self.by_id = {str(n["id"]): n for n in self.notices}
        self.redirect_to: dict[str, str] = {}  # path → Location, to test redirects a crawler must refuse
        self.bombs: set[str] = set()  # paths answered with a gzip bomb
        self._lock = threading.Lock()

    # -- pages -------------------------------------------------------------------------------------------
    def page(self, n: dict) -> bytes:
        """The detail page of one notice, as the site serves it (encoded as the notice says)."""
        return self.handle(Request("GET", notice_path(n), {}, b"", {}, "http://www.ccgp.gov.cn")).bytes()

    def search(self, query: dict[str, str]) -> list[dict]:
        start, end = _parse_day(query.get("start_time")), _parse_day(query.get("end_time"))
        kinds = BID_TYPES.get(query.get("bidType", "0"))
        kw = query.get("kw", "").strip()
        out = []
        for n in self.notices:
            day = date.fromisoformat(n["published"][:10])
            if start and day < start or end and day > end:
                continue
            if kinds and n["notice_type"] not in kinds:
                continue
            if kw and kw not in n["title"]:
                continue
            out.append(n)
        return out

    def render_search(self, query: dict[str, str], base: str) -> str:
        rows = self.search(query)
        pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
        try:
            page = max(1, int(query.get("page_index", "1")))
        except ValueError:
            page = 1
        chunk = rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        # SOURCES.md §7.2: result links may be empty or obfuscated, the real ones in ``var ohtmlurls`` in list
        # order; the mirror does so on every even page
        return _env.get_template("list.html").render(rows=[view(n) for n in chunk], total=len(rows), pages=pages,
                                                     current=page - 1, base=base, obfuscated=page % 2 == 0)

    def render_channel(self, scope: str, channel: str | None, index: int) -> Reply:
        rows = [n for n in self.notices if n["scope"] == scope and (channel is None or n["channel"] == channel)]
        pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
        if index >= pages:
            return self.not_found()
        chunk = rows[index * PAGE_SIZE: (index + 1) * PAGE_SIZE]
        views = []
        for n in chunk:
            v = view(n)
            rel = v["path"].split(f"/cggg/{scope}/{channel}/" if channel else f"/cggg/{scope}/", 1)[1]
            v["rel"] = "./" + rel if v["href"] == v["path"] else v["href"]
            views.append(v)
        html = _env.get_template("channel.html").render(rows=views, pages=pages, current=index, mixed=channel is None)
        return Reply(200, html)

    def render_detail(self, n: dict) -> Reply:
        v = view(n)
        html = _env.get_template("detail.html").render(n=v)
        if v["charset"] == "gbk":
            return Reply(200, html.encode("gbk"), "text/html; charset=GBK")
        return Reply(200, html)

    def not_found(self) -> Reply:
        return Reply(404, _env.get_template("not_found.html").render())

    def handle(self, req: Request) -> Reply:
        path = req.path
        if path in self.redirect_to:
            return Reply(302, "", headers={"Location": self.redirect_to[path]})
        if path in self.bombs:
            return Reply(200, gzip_bomb(), headers={"Content-Encoding": "gzip"})
        if path == "/robots.txt":
            return Reply(200, "User-agent: *\nAllow: /\n", "text/plain; charset=utf-8")
        if path == "/bxsearch":
            return Reply(200, self.render_search(req.query, req.base))
        if path == "/oldsearch/detail":
            n = self.by_id.get(req.query.get("docId", ""))
            return Reply(302, "", headers={"Location": notice_path(n)}) if n else self.not_found()
        m = CHANNEL_LIST.match(path)
        if m:
            return self.render_channel(m.group(1), m.group(2), int(m.group(3) or 0))
        if path.startswith("/oss/"):
            return Reply(200, b"%PDF-1.4\n% mirror attachment\n", "application/octet-stream")
        n = self.by_path.get(path)
        if n is not None:
            return self.render_detail(n)
        return self.not_found()


def serve(faults: Faults | None = None, site: CcgpSite | None = None, port: int = 0) -> SiteServer:
    """A server for the mirror (not started)."""
    return SiteServer(site or CcgpSite(), port=port, faults=faults)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8123)
    args = ap.parse_args()
    server = serve(port=args.port).start()
    print(f"ccgp mirror on {server.base_url}/bxsearch", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
