"""Label/value pairs from the table layouts notices use: HTML tables (label cell, value cell, possibly two
pairs a row), pipe-separated text (``招标人: | 某公司 | 建设地点 | …``) and browser text of tables, where each
cell sits on its own line closed by ``|``. Only cells that are known labels start a pair, so header rows and
free text do not produce nonsense pairs."""

from __future__ import annotations

import re

from parsers.labels import label_kind
from parsers.text import clean, nfkc

FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "buyer": ("采购人名称", "采购单位名称", "招标人名称", "采购人", "采购单位", "招标人", "招标单位", "建设单位",
              "采购人(甲方)", "招标(采购)人名称", "招标(采购)人", "采购执行方"),
    "agency": ("采购代理机构名称", "代理机构名称", "采购代理机构全称", "集中招标(采购)机构名称", "集中采购机构名称",
               "采购代理机构", "招标代理机构", "招标代理", "招标机构", "代理机构", "集中采购机构"),
    "project_code": ("项目编号", "采购项目编号", "招标编号", "采购编号", "标段(包)编号", "招标项目编号", "项目招标编号",
                     "项目号"),
    "method": ("采购方式", "招标方式", "招标(采购)方式", "采购形式"),
    "budget": ("预算金额", "预算总金额", "项目预算金额", "采购预算", "项目预算", "预算金额(元)", "预算金额(万元)"),
    "max_price": ("最高限价", "最高限价金额", "最高投标限价", "招标控制价", "控制价", "最高限价(元)"),
    "award": ("总中标金额", "总成交金额", "中标金额", "成交金额", "中标价", "中标价(元)", "中标(成交)金额", "成交价格", "合同金额",
              "中标价(报价承诺)", "成交价", "中标总价"),
    "period": ("合同履行期限", "合同履约期限", "履约期限", "履约期限(天)", "服务期限", "服务期", "工期", "合作期限",
               "交货期", "计划工期", "服务时间"),
    "published": ("公告发布日期", "发布时间", "公告时间", "发布日期", "信息时间"),
    "supplier": ("中标人", "中标单位", "中标供应商", "成交供应商", "成交供应商名称", "中标供应商名称", "成交单位",
                 "中标单位名称", "成交单位名称", "中标(成交)供应商名称", "中标人名称", "成交人名称"),
    "deadline": ("开标时间", "投标截止时间", "递交投标文件截止时间", "响应文件提交截止时间"),
    "winner": ("中标结果", "成交结果", "中标(成交)结果"),  # a result form's row naming the winner (table cells only)
}
_ALL = {label for labels in FIELD_LABELS.values() for label in labels}


def _norm_label(cell: str) -> str:
    return re.sub(r"\s+", "", nfkc(cell)).rstrip(":：")


_UNIT = re.compile(r"[(（](?:人民币)?(?:亿元|万元|元)[)）]$")


def _bare(label: str) -> str:
    """A label without the unit it declares: 中标价(万元) → 中标价 (the unit stays with the label it was read from)."""
    return _UNIT.sub("", label)


def is_label(cell: str, with_unit: bool = False) -> bool:
    """A known label; ``with_unit``: also one that declares its unit (中标价(万元)), which a header row of a table
    carries too, so only a two-cell row's label is read that way."""
    key = _norm_label(cell)
    return key in _ALL or with_unit and _bare(key) in _ALL


_PLACEHOLDER = re.compile(r"^[(（]?\s*(单位章|盖章|公章|签字|签章|单位公章|/|-|无|详见.*)\s*[)）]?$")


def is_placeholder(value: str) -> bool:
    """A form's blank: （单位章）, （盖章）, /, 无 …"""
    return bool(_PLACEHOLDER.match(nfkc(value).strip()))


def _pairs(cells: list[str], out: dict[str, str]) -> None:
    with_unit = len(cells) == 2  # a label/value row ("中标价（万元） | 37.0000"), not a header row
    for i, cell in enumerate(cells[:-1]):
        if is_label(cell, with_unit):
            value = clean(cells[i + 1])
            if value and not is_label(value, True) and not label_kind(value) and not is_placeholder(value):
                out.setdefault(_norm_label(cell), value)


def kv_from_html(doc) -> dict[str, str]:  # noqa: ANN001 - an lxml element
    out: dict[str, str] = {}
    for tr in doc.iter("tr"):
        cells = [clean(" ".join(td.itertext())) for td in tr if td.tag in ("td", "th")]
        if len(cells) >= 2:
            _pairs(cells, out)
    return out


def kv_from_text(text: str) -> dict[str, str]:
    """Pipe tables in text: one row a line, or one cell a line with ``|`` closing each cell."""
    t = nfkc(text).replace("\r", "")
    t = re.sub(r"[ \t]*\|[ \t]*\n[ \t]*\|[ \t]*", "|", t)  # "a |\n|" → "a|"
    t = re.sub(r"[ \t]*\n[ \t]*\|[ \t]*\n", "|", t)  # "a\n|\nb" → "a|b"
    t = re.sub(r"[ \t]*\|[ \t]*\n", "|", t)  # "a |\nb" → "a|b"
    t = re.sub(r"\n[ \t]*\|", "|", t)  # "a\n|b" → "a|b"
    out: dict[str, str] = {}
    for line in t.split("\n"):
        if "|" in line:
            _pairs([c for c in line.split("|")], out)
    return out


def lookup(kv: dict[str, str], field: str) -> tuple[str, str] | None:
    """(label, value) for the first label of ``field`` present in ``kv``."""
    for label in FIELD_LABELS[field]:
        key = _norm_label(label)
        if key in kv:
            return label, kv[key]
    for key, value in kv.items():  # 中标价(万元): the label with its unit, so that the unit applies
        if key != _bare(key) and _bare(key) in FIELD_LABELS[field]:
            return key, value
    return None
