"""Local mirror of ccgp.gov.cn: pages rendered from notices.json through templates that follow the real markup.

Routes (SOURCES.md §4, §7.2):
- ``/bxsearch?searchtype=1&page_index=N&bidSort=…&bidType=…&kw=…&start_time=YYYY:MM:DD&end_time=…``: the search
  result list in the captured markup (``div.vT-srch-result-list > ul.vT-srch-result-list-bid``, ``共找到 N 条内容``),
  newest first, PAGE_SIZE rows a page, ``Pager({size:N})`` = pages; every even page hides its links in
  ``var ohtmlurls``. In ``real`` mode a query that arrives while another is in flight, or within
  ``search_interval`` seconds of the previous one, gets the throttle page "频繁访问!中国政府采购网" (HTTP 200);
- ``/cggg/{zygg|dfgg}/{channel}/index.htm``, ``index_1.htm`` …: channel lists (``ul.c_list_bid``, 20 rows, at most
  ``channel_pages`` = 25 pages: older rows are not reachable there), and the mixed ``/cggg/{zygg|dfgg}/index.htm``
  whose rows carry ``em[rel=bxlx]``; a User-Agent that is not a browser's gets the firewall's 403 (www);
- ``/cggg/{zygg|dfgg}/{channel}/YYYYMM/tYYYYMMDD_{id}.htm``: detail pages (公告概要 table + body, the bot-check
  scripts of the capture), UTF-8 or, for a share of them, GBK; Shandong award notices in the vertical template
  (``table#NoticeDetail``); tender pages carry attachments in the two forms of §7.2 (``ul.fjxx li a[href]`` to a
  provincial OSS host, ``?accessCode=…``; ``a.bizDownload id=<uuid>`` without a usable href);
- ``/oldsearch/detail?docId={id}``: the old archive form, a 302 to the detail page (every 10th list row
  links this way);
- anything else: ccgp's "错误页面" with status 404.

Modes (``serve(mode=…)``, mirrors.http.faults_for): ``real`` (default): the throttling above, plus a throttle page or
a firewall 403 on the first attempt of some paths; ``blocked``: every request answered 403; ``clean``: none of it
(bench only). The firewall's 403 to crawler User-Agents on channel lists is the request shape, on in every mode.
Tests add misbehaviour with ``mirrors.http.Faults`` (``serve(faults=…)``) and ``CcgpSite.redirect_to`` / ``bombs``.
Run by hand: ``python -m mirrors.ccgp.server --port 8123 [--mode real|blocked|clean]``.
"""

from __future__ import annotations

import json
import math
import hashlib
import re
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from mirrors.ccgp.contracts import contract_view, termination_reason_of
from mirrors.http import (MODES, Faults, Reply, Request, SiteServer, arguments, faults_for, gzip_bomb,
                          serve_until_interrupted)

HERE = Path(__file__).parent
DATA_FILE = HERE / "notices.json"
PAGE_SIZE = 20
CHANNEL_PAGES = 25  # every channel's pager shows size:25 (SOURCES.md §7.2): about 500 rows are reachable
# seconds: a bxsearch query that starts closer than this to the previous query's start, or while another is being
# answered, is a burst (real mode). Start to start, as a rate limit counts: a slow answer on a loaded machine does
# not make a careful client's next query look hasty.
SEARCH_INTERVAL = 0.05
# bxsearch bidType → the channel whose notices it selects (SOURCES.md §4.1 types, §4.2/§7.2 channels)
BID_TYPE_CHANNELS = {"1": "gkzb", "2": "xjgg", "3": "jzxtpgg", "4": "dylygg", "5": "zgysgg", "6": "yqzbgg",
                     "7": "zbgg", "8": "gzgg", "9": "qtgg", "10": "jzxcs", "11": "cjgg", "12": "fblbgg"}
BID_SORT_SCOPES = {"1": "zygg", "2": "dfgg"}
# not captured (realdata/sites README: "still unevidenced"): a 1.4 kB page with the title of §7.2's probe logs
THROTTLE_PAGE = ("<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />"
                 "\n<title>频繁访问!中国政府采购网</title>\n<style type=\"text/css\">body{margin:0;padding:0;font-family:"
                 "\"Microsoft YaHei\",SimSun,Arial;background:#f5f5f5}.box{width:600px;margin:120px auto;padding:30px 40px;"
                 "background:#fff;border:1px solid #ddd;border-radius:4px}.box h3{color:#c00000;font-size:20px;margin:0 0 16px}"
                 ".box p{color:#333;font-size:14px;line-height:26px;margin:0}.box a{color:#0b58a3}</style>\n</head>\n<body>\n"
                 "<div class=\"box\">\n<h3>频繁访问!中国政府采购网</h3>\n<p>您的访问过于频繁，系统已暂时限制您的访问。</p>\n"
                 "<p>请稍后再试，或返回<a href=\"http://www.ccgp.gov.cn/\">中国政府采购网首页</a>。</p>\n"
                 "<p>服务热线：400-810-1996</p>\n</div>\n" + "<!-- " + "-" * 560 + " -->\n</body>\n</html>\n")
FIREWALL_403 = ("<html>\n<head><title>403 Forbidden</title></head>\n<body>\n<center><h1>403 Forbidden</h1></center>\n"
                "<hr><center>waf</center>\n</body>\n</html>\n")
_CRAWLER_UA = re.compile(r"bot|spider|crawl|scrapy|python|curl|wget|java|go-http|tenderwatch|\+https?://", re.I)
CHANNEL_LIST = re.compile(r"^/cggg/(zygg|dfgg)(?:/(\w+))?/index(?:_(\d+))?\.htm$")

_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))


def load_notices(path: Path = DATA_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["notices"]


def demo_notices(path: Path = DATA_FILE) -> list[dict]:
    """The notices the demo serves: all but the hostile ones (markup in a title or a name), which stay for the tests."""
    def hostile(n: dict) -> bool:
        return any(isinstance(v, str) and re.search(r"[<>]", v) for k, v in n.items() if k != "truth")

    return [n for n in load_notices(path) if not hostile(n)]


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


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
TITLES = ("先生", "女士", "工", "老师")


def contacts_of(n: dict) -> dict:
    """The contact blocks' invented people (the 2020 template's 联系方式 lines): one per block, from the notice id."""
    i = int(n["id"])
    out = {}
    for k, block in enumerate(("buyer", "agency", "project")):
        j = i * 7 + k * 13
        out[block] = {"name": SURNAMES[j % len(SURNAMES)] + TITLES[(j // 3) % len(TITLES)],
                      "phone": f"0{28 + j % 60}-{(i * 7919 + k * 104729) % 90000000 + 10000000}"}
    return out


def view(n: dict) -> dict:
    """Template context for one notice: the data-file record plus its rendered strings."""
    from mirrors.ccgp.make_data import call_lines, daxie

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
    v["contacts"] = contacts_of(n)
    if n["kind"] in ("contract", "termination"):  # what their sections print (mirrors/ccgp/contracts.py)
        v["contract"], v["termination_reason"] = contract_view(n), termination_reason_of(n)
    v["model_sentence"] = _model_sentence(n["truth"]["delivery_model"])
    v.update(call_lines(n))  # 联合体, 中小企业, the 获取文件 window (make_data.terms)
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
    v["oss_attachments"], v["biz_attachments"] = attachment_forms(n)
    v["vertical"] = n["kind"] == "award" and n["province"] == "山东"  # the Shandong template (§7.2, captured)
    if "award_cny" in n:
        v["award_wan_short"] = _short(_wan(Decimal(n["award_cny"])))
    digest = hashlib.sha1(str(n["id"]).encode()).hexdigest()
    v["bot_key"], v["hbb_hc"] = digest[:32], (digest * 3)[:96]
    v["hoy_tr"] = "TLUCFENXQSYKGMRW,3784956CABDEF012," + digest[-16:]
    v["charset"] = "gbk" if n.get("encoding") == "gbk" else "utf-8"
    return v


# the provincial OSS hosts attachments link to (invented names, one per province of the data file)
PINYIN = {"浙江": "zhejiang", "湖南": "hunan", "广东": "guangdong", "北京": "beijing", "江西": "jiangxi",
          "四川": "sichuan", "河南": "henan", "贵州": "guizhou", "江苏": "jiangsu", "安徽": "anhui", "河北": "hebei",
          "山东": "shandong", "湖北": "hubei"}


def attachment_forms(n: dict) -> tuple[list[dict], list[dict]]:
    """A notice's attachments in the two forms of SOURCES.md §7.2 (an assumption: no captured page has any):
    ``ul.fjxx`` links to a provincial OSS host (newer URLs: no extension, ``?accessCode=…``) and ``a.bizDownload``
    with ``id=<uuid>`` and no usable href (download.ccgp.gov.cn/oss/download?uuid=…). By id: a third of the
    notices use one form, a third the other, a third both (one file each)."""
    names = n.get("attachments", [])
    oss, biz = [], []
    for i, name in enumerate(names):
        key = hashlib.md5(f"{n['id']}/{name}".encode()).hexdigest()
        form = n["id"] % 3 if n["id"] % 3 < 2 else i % 2
        if form == 0:
            host = f"oss.ccgp-{PINYIN.get(n['province'], 'gov')}.gov.cn"
            oss.append({"name": name, "href": f"https://{host}/{n['id']}/{key[:24]}?accessCode={key}"})
        else:
            biz.append({"name": name, "uuid": str(uuid.UUID(key))})
    return oss, biz


def browser_like(user_agent: str | None) -> bool:
    """What the www firewall lets through (SOURCES.md §7.2: 403 to declared crawlers, clients send a browser's)."""
    ua = user_agent or ""
    return ua.startswith("Mozilla/5.0") and not _CRAWLER_UA.search(ua)


def _parse_day(value: str | None) -> date | None:
    try:
        return datetime.strptime(value or "", "%Y:%m:%d").date()
    except ValueError:
        return None


class CcgpSite:
    """The site: notices in memory, routing, rendering; no HTTP here, so tests can render pages directly."""

    def __init__(self, notices: list[dict] | None = None, channel_pages: int = CHANNEL_PAGES,
                 search_interval: float = SEARCH_INTERVAL):
        self.mode = "real"  # serve() sets it: bursts of bxsearch queries are throttled in real mode only
        self.channel_pages = channel_pages
        self.search_interval = search_interval
        self._searching = 0
        self._last_search = float("-inf")
        self.burst_throttled: list[str] = []  # query strings answered with the throttle page for coming too soon
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
        channel = BID_TYPE_CHANNELS.get(query.get("bidType", "0"))
        scope = BID_SORT_SCOPES.get(query.get("bidSort", "0"))
        kw = query.get("kw", "").strip()
        out = []
        for n in self.notices:
            day = date.fromisoformat(n["published"][:10])
            if start and day < start or end and day > end:
                continue
            if channel and n["channel"] != channel or scope and n["scope"] != scope:
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
        day = lambda key: (_parse_day(query.get(key)) or date.today()).isoformat()  # noqa: E731
        return _env.get_template("list.html").render(rows=[view(n) for n in chunk], total=len(rows), pages=pages,
                                                     current=page - 1, base=base, obfuscated=page % 2 == 0,
                                                     kw=query.get("kw", ""), start=day("start_time"), end=day("end_time"))

    def search_reply(self, req: Request) -> Reply:
        """A bxsearch answer; in real mode a burst (a query in flight, or one a moment ago) gets the throttle page."""
        if self.mode != "real":
            return Reply(200, self.render_search(req.query, req.base))
        with self._lock:
            now = time.monotonic()
            burst = self._searching > 0 or now - self._last_search < self.search_interval
            self._last_search = now
            if burst:
                self.burst_throttled.append("&".join(f"{k}={v}" for k, v in sorted(req.query.items())))
                return Reply(200, THROTTLE_PAGE)
            self._searching += 1
        try:
            return Reply(200, self.render_search(req.query, req.base))
        finally:
            with self._lock:
                self._searching -= 1

    def render_channel(self, scope: str, channel: str | None, index: int) -> Reply:
        rows = [n for n in self.notices if n["scope"] == scope and (channel is None or n["channel"] == channel)]
        pages = min(max(1, math.ceil(len(rows) / PAGE_SIZE)), self.channel_pages)
        if index >= pages:  # beyond the pager's 25 pages nothing is served: older rows are not reachable here
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
            return self.search_reply(req)
        if path == "/oldsearch/detail":
            n = self.by_id.get(req.query.get("docId", ""))
            return Reply(302, "", headers={"Location": notice_path(n)}) if n else self.not_found()
        m = CHANNEL_LIST.match(path)
        if m:
            ua = next((v for k, v in req.headers.items() if k.lower() == "user-agent"), None)
            if not browser_like(ua):
                return Reply(403, FIREWALL_403)
            return self.render_channel(m.group(1), m.group(2), int(m.group(3) or 0))
        if path.startswith("/oss/"):
            return Reply(200, b"%PDF-1.4\n% mirror attachment\n", "application/octet-stream")
        n = self.by_path.get(path)
        if n is not None:
            return self.render_detail(n)
        return self.not_found()


class CcgpFaults(Faults):
    """Faults that remember which requests they spoiled (a test can tell a retry from a repeated fetch)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spoiled: set[str] = set()

    def apply(self, key: str) -> Reply | None:
        reply = super().apply(key)
        if reply is not None:
            with self._lock:
                self.spoiled.add(key)
        return reply


def real_faults() -> CcgpFaults:
    """The first attempt of some paths: the throttle page (bxsearch's, §7.2) or the www firewall's 403 (§7.2)."""
    return CcgpFaults(kinds={"throttle": 9, "403": 17}, throttle_page=THROTTLE_PAGE)


def serve(faults: Faults | None = None, site: CcgpSite | None = None, port: int = 0, mode: str = "real") -> SiteServer:
    """A server for the mirror (not started). ``mode``: real (default), blocked or clean (mirrors.http.MODES);
    explicit ``faults`` replace the mode's first-attempt faults (the burst throttling of real mode stays)."""
    if mode not in MODES:
        raise ValueError(f"mirror mode {mode!r}: one of {', '.join(MODES)}")
    site = site or CcgpSite()
    site.mode = mode
    if faults is None:
        faults = faults_for(mode, real_faults(), blocked="403")
    return SiteServer(site, port=port, faults=faults)


def main() -> None:
    args = arguments(__doc__.splitlines()[0], 8123).parse_args()
    serve_until_interrupted(serve(port=args.port, mode=args.mode), f"ccgp mirror ({args.mode})", "/bxsearch")


if __name__ == "__main__":
    main()
