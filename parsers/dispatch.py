"""The dispatcher: ``parse_notice`` picks the layout that reads a notice (from the URL, else by a look at the
page), then reads the fields every layout shares from the text the layout extracted (``_finish``).
PARSER_VERSION is recorded with every notice parsed.
"""

from __future__ import annotations

import json

from common.contract import NoticeFields
from parsers.ccgp_detail import URL_RE as CCGP_URL, parse_ccgp_detail
from parsers.contract_notice import apply_contract
from parsers.generic import parse_generic
from parsers.ggzy_detail import is_ggzy_detail, parse_ggzy_detail
from parsers.ggzy_shell import is_shell_url
from parsers.gpcms_detail import gpcms_fields, is_gpcms
from parsers.intents import apply_intents
from parsers.methods import ocds_method
from parsers.script import simplified
from parsers.soe_bulletin import apply_soe, is_soe_bulletin
from parsers.termination import apply_termination
from parsers.text import MAX_PAGE_BYTES, decode
from parsers.zcy_detail import is_zcy, is_zcy_record, zcy_fields, zcy_record_fields

PARSER_VERSION = "0.6.0"  # 0.6.0: older result templates, SOE budgets/periods/types, call terms, contracts, intents, traditional characters; 0.5.0: the SOE 招标投标法 bulletin; 0.4.0: the 2020 national sections (contact blocks by role, award section, padded labels), corrections (changes, the new deadline); 0.3.0: ggzy, gpcms, 政采云 layouts


def _looks_like_ccgp(text: str) -> bool:
    return "vF_detail_content" in text or "vT_detail_content" in text or 'content="中国政府采购网"' in text


def parse_notice(url: str | None, body: bytes | str, content_type: str | None = None) -> NoticeFields:
    """Parse one notice into the fields of the contract (common/contract.py). Never raises on page content: what
    could not be read is in ``warnings``."""
    warnings: list[str] = []
    if isinstance(body, bytes):
        if len(body) > MAX_PAGE_BYTES:
            warnings.append(f"page of {len(body)} bytes cut to {MAX_PAGE_BYTES}")
            body = body[:MAX_PAGE_BYTES]
        text, _enc = decode(body, content_type)
    else:
        text = body
    text = simplified(text)  # 採購人 / 預算金額 re-encodings read as on the simplified original
    stripped = text.lstrip()
    if stripped.startswith("{") or stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        if isinstance(data, dict):
            return _finish(_parse_json_notice(url, data, warnings))
    is_html = "<" in text[:2000] and ">" in text[:2000]
    if is_html and is_shell_url(url) and 'class="ul_toggle"' in text:  # a ggzy project shell: not a notice
        return {"warnings": ["ggzy project shell (/html/a/): not a notice"], "error_page": True, "shell": True}
    if is_html and ((url and CCGP_URL.search(url)) or _looks_like_ccgp(text)):
        out = parse_ccgp_detail(url or "", text)
    elif is_html and is_ggzy_detail(url, text):
        out = parse_ggzy_detail(url, text)
    else:
        out = parse_generic(url, text, is_html)
        if is_html and is_zcy(text):
            out.update(zcy_fields(text))
        elif is_soe_bulletin(out.get("text") or ""):  # 招标投标法-style SOE bulletin (parsers/soe_bulletin.py)
            apply_soe(out, text if is_html else None)
    out["warnings"] = warnings + out.get("warnings", [])
    return _finish(out)


def _parse_json_notice(url: str | None, data: dict, warnings: list[str]) -> dict:
    """A notice delivered as JSON (portal detail APIs): the record may sit under ``data`` or ``result``."""
    from parsers.dates import parse_datetime

    record = data
    for _ in range(4):  # {"success":…, "result": {"data": {…}}} and the like
        inner = next((record[k] for k in ("data", "result") if isinstance(record.get(k), dict)), None)
        if inner is None:
            break
        record = inner
    html = next((record[k] for k in ("content", "html", "infocontent", "body", "noticeContent")
                 if isinstance(record.get(k), str)), None)
    out = parse_generic(url, html or json.dumps(record, ensure_ascii=False), is_html=bool(html))
    if is_zcy_record(record):  # its epoch-ms publishDate wins over a date guessed from the text, unless it is printed
        printed = any(record.get(t) for t in ("noticeTime", "publishTime"))
        out.update({k: v for k, v in zcy_record_fields(record).items()
                    if (not printed if k.startswith("published_") else not out.get(k) or k == "notice_type")})
    if html and is_zcy(html):
        out.update(zcy_fields(html))
    out["title"] = record.get("title") or out.get("title")
    published = next((str(record[k]) for k in ("noticeTime", "publishTime", "publishDate", "pubDate")
                      if record.get(k)), None)
    if published and not out.get("published_at"):
        out["published_raw"], out["published_at"] = published, parse_datetime(published)
    from common.notice_types import normalise_notice_type

    out["notice_type"] = out.get("notice_type") or normalise_notice_type(None, out["title"])
    if is_gpcms(record):  # the gpcms record's own fields win (parsers/gpcms_detail.py)
        out.update(gpcms_fields(url, record, out.get("text") or ""))
    out["warnings"] = warnings + [w for w in out["warnings"]
                                  if not (w == "no title found" and out["title"])
                                  and not (w == "no publication date found" and out.get("published_at"))
                                  and not (w == "no buyer found" and out.get("buyer"))]
    return out


def _finish(out: dict) -> dict:
    """Fields every layout shares, read from the body text the layout extracted."""
    from parsers.contact_cells import cell_contacts
    from parsers.contacts import CREDIT_CODE, contacts_field, credit_code_valid, plan_code
    from parsers.sections import role_contacts
    from parsers.ppp import parse_ppp

    text = out.get("text") or ""
    apply_contract(out)  # a 合同公告: its contract (parsers/contract_notice.py)
    apply_termination(out)  # a 终止/废标公告: its reason (parsers/termination.py)
    apply_intents(out)  # a 采购意向公开: its planned purchases (parsers/intents.py)
    out["method_ocds"] = ocds_method(out.get("method"))
    out["plan_code"] = out.get("plan_code") or plan_code(text)
    # a layout's blocks win, then the national templates' blocks, then a form printed one cell a line
    out["contacts"] = contacts_field(out.get("contacts") or role_contacts(text) or cell_contacts(text), text)
    ppp = parse_ppp((out.get("title") or "") + "\n" + text)
    if ppp:
        out["ppp"] = ppp
    for supplier in out.get("suppliers") or []:
        at = text.find(supplier["name"])
        if at >= 0:  # a credit code printed right after the supplier's name
            m = CREDIT_CODE.search(text, at, at + len(supplier["name"]) + 80)
            if m and credit_code_valid(m.group(1)):
                supplier["credit_code"] = m.group(1)
    out["lots"] = lots_of(out)
    from parsers.call_terms import apply_call_terms
    from parsers.corrections import apply_changes

    apply_call_terms(out)  # 开标 time and place, the 获取文件 window, 联合体 / 中小企业 (a layout's own reading wins)

    apply_changes(out)  # a 更正公告: its changes, and the new deadline / budget set on its own fields
    out.pop("lot_budgets", None)
    if not out.get("buyer_address"):
        from parsers.fields import label_value

        hit = label_value(text, ["采购人地址", "采购单位地址", "招标人地址"], max_len=80)
        out["buyer_address"] = hit[1] if hit else None
    from common.regions import resolve

    region = resolve(out.get("buyer_region"), out.get("buyer"))
    out["buyer_region_code"] = region.code if region else None
    if region and not out.get("buyer_region"):
        out["buyer_region"] = "".join(x for x in (region.province if region.level != "province" else None,
                                                  region.city, region.name) if x)
    out["parser_version"] = PARSER_VERSION
    return out


def lots_of(out: dict) -> list[dict]:
    """Per-lot view: lots named by the tender's lot table or by the suppliers' lot column."""
    lots: dict[str, dict] = {}
    for lot in out.get("lot_budgets") or []:
        lots.setdefault(lot["lot"], {"lot": lot["lot"]}).update(lot)
    for s in out.get("suppliers") or []:
        if s.get("lot"):
            entry = lots.setdefault(s["lot"], {"lot": s["lot"]})
            entry.setdefault("suppliers", []).append(s["name"])
            if s.get("award_cny") is not None:
                entry["award_cny"] = entry.get("award_cny", 0) + s["award_cny"]
    return list(lots.values())
