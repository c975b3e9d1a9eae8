"""ccgp.gov.cn ``bxsearch`` result pages (SOURCES.md §4.1): rows and the page count."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from parsers.dates import parse_datetime
from parsers.text import clean

_PAGER = re.compile(r"Pager\(\{\s*size\s*:\s*(\d+)")
# the notice id: /t{YYYYMMDD}_{id}.htm, the old archive form /oldsearch/detail?docId={id}, or the pre-2013
# database's bidDetailShow.jsp?bidDoc={id} (captured dataB.jsp result page)
DETAIL_ID = re.compile(r"(?:/t\d{8}_|[?&]docId=|[?&]bidDoc=)(\d+)")
# the result page's own script turns these codes of strong[rel=bxlx] into type names (captured dataB.jsp page)
BXLX = {"bxlx001": "公开招标", "bxlx002": "询价公告", "bxlx003": "竞争性谈判", "bxlx004": "单一来源", "bxlx005": "资格预审",
        "bxlx006": "邀请公告", "bxlx007": "中标公告", "bxlx008": "更正公告", "bxlx009": "其他公告", "bxlx010": "竞价招标",
        "bxlx011": "竞价结果"}


def detail_id(url: str) -> str | None:
    m = DETAIL_ID.search(url)
    return m.group(1) if m else None


@dataclass
class ListRow:
    url: str
    title: str
    published_raw: str | None = None
    buyer: str | None = None
    agency: str | None = None
    notice_type: str | None = None
    province: str | None = None
    sid: str | None = None  # the site's own id when the URL does not carry a ccgp-style one

    @property
    def source_id(self) -> str | None:
        return self.sid or detail_id(self.url)

    def as_meta(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class ListPage:
    rows: list[ListRow] = field(default_factory=list)
    pages: int = 1
    total: int | None = None
    blocked: bool = False  # a throttle / error page served with status 200


def _list_items(html: str, selector: str) -> tuple[ListPage, list]:
    """The page and the ``li`` rows under ``selector``; no list at all marks the page blocked when it says so."""
    page = ListPage()
    ul = BeautifulSoup(html, "lxml").select_one(selector)
    if ul is None:
        page.blocked = "频繁" in html or "错误页面" in html
        return page, []
    m = _PAGER.search(html)
    page.pages = int(m.group(1)) if m else 1
    return page, ul.find_all("li", recursive=False)


_OHTMLURLS = re.compile(r"""var\s+ohtmlurls\s*=\s*["']([^"']*)["']""")


def _usable(href: str | None) -> bool:
    h = (href or "").strip().lower()
    return bool(h) and not h.startswith(("javascript:", "#"))


def parse_bxsearch(url: str, html: str) -> ListPage:
    """A bxsearch result page (SOURCES.md §4.1). A link that is empty or obfuscated is taken from
    ``var ohtmlurls="u1,u2,…"``, which lists the real ones in list order (§7.2)."""
    page, items = _list_items(html, "ul.vT-srch-result-list-bid")
    m = _OHTMLURLS.search(html)
    hidden = [u.strip() for u in m.group(1).split(",")] if m else []
    for i, li in enumerate(items):
        a = li.find("a")
        if a is None:
            continue
        href = a.get("href") if _usable(a.get("href")) else (hidden[i] if i < len(hidden) else None)
        if not _usable(href):
            continue
        row = ListRow(url=urljoin(url, href.strip()), title=clean(a.get_text()))
        span = li.find("span")
        if span is not None:
            parts = [clean(p) for p in re.split(r"\|", span.get_text("|").replace("\n", "|")) if clean(p)]
            for p in parts:
                if p.startswith("采购人："):
                    row.buyer = p[4:] or None
                elif p.startswith("代理机构："):
                    row.agency = p[5:] or None
                elif row.published_raw is None and parse_datetime(p):
                    row.published_raw = p
            strongs = [clean(s.get_text()) for s in span.find_all("strong")]
            if strongs:
                row.notice_type = BXLX.get(strongs[0], strongs[0])
            after_type = [p for p in parts if p not in strongs and "：" not in p and not parse_datetime(p)
                          and re.search(r"[\u4e00-\u9fff]", p)]  # not the stray "|>" of the captured page
            if after_type:
                row.province = after_type[0]
        page.rows.append(row)
    m = re.search(r"共找到\s*<span[^>]*>\s*(\d+)", html)
    page.total = int(m.group(1)) if m else None
    if page.pages == 0 and page.rows:  # the captured page: 3 results and Pager({size:0}) — one page (§4.1)
        page.pages = 1
    return page


def parse_channel_list(url: str, html: str) -> ListPage:
    """A column list page (``ul.c_list_bid``, SOURCES.md §4.2): title from ``a[title]`` (the text is cut)."""
    page, items = _list_items(html, "ul.c_list_bid")
    for li in items:
        a = li.find("a", href=True)
        if a is None:
            continue
        row = ListRow(url=urljoin(url, a["href"].strip()), title=clean(a.get("title") or a.get_text()))
        kind = li.find("em", attrs={"rel": "bxlx"})
        row.notice_type = clean(kind.get_text()) if kind else None
        text = clean(li.get_text(" "))
        for label, attr in (("发布时间：", "published_raw"), ("地域：", "province"), ("采购人：", "buyer")):
            m = re.search(label + r"\s*(.+?)(?=\s+(?:发布时间|地域|采购人)：|$)", text)
            if m:
                setattr(row, attr, m.group(1).strip())
        page.rows.append(row)
    return page
