"""全国公共资源交易平台 (ggzy.gov.cn) project shells under ``/information/deal/html/a/`` (SOURCES.md §7.3, captured).

The list API's record ``url`` points at this shell, not at the notice: it has the title (``h4.h4_o``), the
采购项目编号 and 信息来源 (``p.p_o``, ``label#platformName``) and a tab list (``ul.ul_toggle`` + one
``div.fully_toggle_cont`` per stage) of the project's notices with their dates, each loaded by
``showDetail(this, '<stage>', '/information/deal/html/b/…')`` from the same path under ``/html/b/``. It has no
notice body and no publication date: it is kept beside the notice (for the project code and the links between
a project's notices), never stored as a notice. Pure function, no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from parsers.text import clean

SHELL_RE = re.compile(r"/information/deal/html/a/(\d{6})/(\d{4})/(\d{8})/([0-9a-zA-Z]+)\.html")
_SHOW = re.compile(r"showDetail\(\s*this\s*,\s*'(\d{4})'\s*,\s*'([^']+)'\s*\)")
_FIRST = re.compile(r"var\s+firstLastUrl\s*=\s*'([^']*)'")
_CODE_LABELS = ("采购项目编号", "项目编号", "招标项目编号", "标段（包）编号", "标段(包)编号")


@dataclass
class ShellNotice:
    stage: str
    url: str  # the /html/b/ path as the shell gives it
    title: str | None
    date: str | None


@dataclass
class Shell:
    title: str | None
    project_code: str | None
    platform: str | None
    current: str | None  # firstLastUrl: the /html/b/ page of the record the list gave
    notices: list[ShellNotice] = field(default_factory=list)

    def as_meta(self) -> dict:
        return {"project_code": self.project_code, "platform": self.platform, "current": self.current,
                "notices": [{"stage": n.stage, "url": n.url, "title": n.title, "date": n.date} for n in self.notices]}


def is_shell_url(url: str | None) -> bool:
    return bool(SHELL_RE.search(url or ""))


def b_url(url: str) -> str:
    """The content page of a shell URL: the same path under ``/html/b/``."""
    return url.replace("/information/deal/html/a/", "/information/deal/html/b/", 1)


def parse_shell(html: str) -> Shell:
    soup = BeautifulSoup(html, "lxml")
    h4 = soup.find("h4", class_="h4_o")
    code = None
    p = soup.find("p", class_="p_o")
    if p is not None:
        for span in p.find_all("span"):
            label, _, value = clean(span.get_text()).partition("：")
            if label.strip() in _CODE_LABELS and value.strip():
                code = value.strip()
                break
    platform = soup.find("label", id="platformName")
    first = _FIRST.search(html)
    notices = []
    for a in soup.select("ul.fully_list li a[onclick]"):
        m = _SHOW.search(a.get("onclick") or "")
        if not m:
            continue
        span = a.find_next_sibling("span")
        notices.append(ShellNotice(m.group(1), m.group(2), clean(a.get("title") or a.get_text()) or None,
                                   clean(span.get_text()) if span else None))
    return Shell(clean(h4.get_text()) if h4 else None, code, clean(platform.get_text()) if platform else None,
                 first.group(1) if first else None, notices)
