"""Labels and run-together text in the 2020 national notice formats (parsers/sections.py).

Flattened text (aggregators run label and value together: ``采购人名称:某市某中心项目地址:某省·某市``) is split on a
lexicon of known labels (LABELS), not on punctuation alone; a value also ends at a numbered section heading
(``三、中标（成交）信息``). Labels may be padded with spaces (``名    称：``). A masked value (``***``) is unknown.
Pure functions.
"""

from __future__ import annotations

import re

from parsers.text import clean, nfkc

_CN_NUM = "一二三四五六七八九十"

# "三、中标（成交）信息" at a line start or after a space / full stop (flattened pages), not "(一)、"
_HEADING = re.compile(rf"(?:^|(?<=[\s。;；:：]))(?<![(（])([{_CN_NUM}]{{1,3}})\s*[、.．]\s*(?=\S)", re.M)


def _spaced(label: str) -> str:
    """A label whose characters may be padded with spaces (``名    称``, ``地 址``, ``电　话`` after NFKC)."""
    return r"\s*".join(re.escape(c) for c in label)


# Known labels (NFKC forms), longest first in the pattern so "项目地址" is one label, not "项目" + "地址".
LABELS: dict[str, tuple[str, ...]] = {
    "buyer": ("采购人名称", "采购单位名称", "招标人名称", "采购人(甲方)", "采购单位(甲方)", "采购人", "采购单位", "招标人",
              "招标单位", "建设单位", "招标(采购)人名称"),
    "agency": ("采购代理机构名称", "代理机构名称", "招标代理机构名称", "采购代理机构全称", "采购代理机构", "招标代理机构",
               "代理机构", "集中招标(采购)机构名称", "集中采购机构名称", "集中采购机构",
               "采购代理单位", "招标代理"),
    "supplier": ("中标(成交)供应商名称", "中标供应商名称", "成交供应商名称", "中标供应商", "成交供应商", "供应商名称",
                 "供应商(乙方)", "中标人", "成交人", "中标人名称", "成交人名称", "中标单位名称", "成交单位名称", "中标单位",
                 "成交单位"),
    "supplier_address": ("中标供应商地址", "成交供应商地址", "供应商地址"),
    "award": ("中标(成交)金额", "中标金额", "成交金额", "中标价", "成交价", "合同金额"),
    "name": ("名称", "单位名称"),
    "address": ("地址", "联系地址", "通讯地址", "项目地址", "采购人地址", "采购单位地址", "代理机构地址"),
    "person": ("项目联系人(询问)", "项目联系人", "联系人", "采购人联系人", "代理机构联系人"),
    "phone": ("项目联系方式(询问)", "项目联系方式", "项目联系电话", "联系方式", "联系电话", "电话", "手机", "电话/传真",
              "采购单位联系方式", "采购人联系方式", "采购代理机构联系方式", "代理机构联系方式", "招标人联系方式"),
    "skip": ("传真", "质疑联系人", "质疑联系方式", "质疑电话", "监督投诉电话", "投诉电话", "邮编", "邮政编码", "邮箱",
             "电子邮箱", "电子邮件", "网址", "开户名称", "开户银行", "银行账号", "行政区域", "公告时间", "发布时间",
             "项目编号", "采购项目编号", "项目名称", "采购项目名称", "预算金额", "采购方式", "品目", "开标时间",
             "合同编号", "合同名称", "首次公告日期", "更正日期", "更正事项", "更正内容", "标项名称", "规格型号", "数量",
             "单价", "品牌", "序号", "统一社会信用代码"),
    # the 合同公告's lines (SOURCES.md §8, parsers/contract_notice.py): known so that a value ends where they start
    "contract": ("合同编码", "合同签订日期", "合同签订时间", "合同签署日期", "合同签署时间", "签订日期", "签订时间",
                 "合同公告日期", "履约期限、地点等简要信息", "履约期限", "合同履行期限", "合同履约期限", "合同期限",
                 "主要标的名称", "主要标的数量", "主要标的单价", "规格型号(或服务要求)", "规格型号或服务要求", "合同金额(元)",
                 "合同金额(万元)", "合同总金额"),
}
_KIND_OF = {nfkc(label): kind for kind, labels in LABELS.items() for label in labels}
_LABEL_RX = re.compile(
    r"(" + "|".join(_spaced(lb) for lb in sorted(_KIND_OF, key=len, reverse=True)) + r")"
    r"\s*[:：]")
_NON_SPACE = re.compile(r"\s+")


def label_kind(label: str) -> str | None:
    return _KIND_OF.get(_NON_SPACE.sub("", nfkc(label)))


def labelled(text: str) -> list[tuple[str, str, str]]:
    """(kind, label, value) for every known ``label：`` in ``text``; a value runs to the next known label, the line
    end, or a section heading — so flattened text splits where a reader would split it."""
    text = nfkc(text)
    hits = [(m.start(), m.end(), _NON_SPACE.sub("", m.group(1))) for m in _LABEL_RX.finditer(text)]
    out = []
    for i, (_s, e, label) in enumerate(hits):
        stop = hits[i + 1][0] if i + 1 < len(hits) else len(text)
        value = text[e:stop]
        value = value.split("\n", 1)[0]
        h = _HEADING.search(value)
        if h and h.start() > 0:
            value = value[:h.start()]
        value = clean(value).strip(" ,，;；。")
        out.append((_KIND_OF.get(label, "skip"), label, value))
    return out


def cut_at_label(value: str | None) -> str | None:
    """A value read by a simpler rule, cut where the next known label starts (run-together text) or at a section
    heading (``9c5c…四、项目名称``)."""
    if not value:
        return value
    v = nfkc(value)
    h = re.search(rf"(?<=[0-9A-Za-z\u4e00-\u9fa5])[{_CN_NUM}]{{1,2}}、(?:项目|采购|合同|中标|成交|主要|评审|代理|公告|其他)", v)
    if h:
        v = v[:h.start()]
    m = _LABEL_RX.search(v, 1)
    if m:
        v = v[:m.start()]
    v = re.sub(r"^\s*\d{1,2}\s*[、.]\s*(?=\D)", "", v)  # "1、万邦工程…受…委托": the list number is not the name
    return clean(v).strip(" ,，;；。") or None


def masked(value: str | None) -> bool:
    """``***``, ``某**公司``, ``(略)``: an aggregator hid it — unknown."""
    return bool(value) and bool(re.search(r"\*{2,}|\(略\)|（略）|^\*+$", value))
