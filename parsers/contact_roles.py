"""Whose contact block a line starts (parsers/sections.py contact_blocks, parsers/contact_columns.py): the role words
of the national templates (1.采购人信息 / 2.采购代理机构信息 / 3.项目联系方式) and of the 招标投标法-style SOE bulletins
(招 标 人： / 招标代理人： / 发包人： / 询比代理机构信息), and the parties that are no contact of the call (监管单位,
异议受理联系人 …), whose lines end the block above them.
"""

from __future__ import annotations

import re

from parsers.labels import _CN_NUM, _spaced

ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("agency", ("采购代理机构信息", "代理机构信息", "采购代理机构", "招标代理机构", "代理机构", "采购代理单位", "招标代理单位",
                "代理单位", "采购代理公司", "招标代理公司", "采购机构名称", "采购机构", "代理公司", "招标代理人", "采购代理人",
                "询比代理机构", "发包代理机构", "招标机构", "招标代理", "采购代理", "集中采购机构")),
    ("buyer", ("采购人信息", "采购单位信息", "招标人信息", "采购人", "采购单位", "招标人", "建设单位", "招标单位", "发包人")),
    ("project", ("项目联系方式",)),
    ("supervisor", ("同级政府采购监督管理部门", "政府采购监督管理部门", "监督管理部门", "监督部门", "监管部门", "监管单位",
                    "监督单位", "主管单位", "监管机构")),
    # parties that are no contact of the call: their lines end the block above them (SOE bulletins)
    ("other", ("异议、投诉受理单位", "异议受理联系人", "受理异议联系人", "异议受理单位", "投诉受理单位", "技术支持")),
)
# a role word, then 名称 (招标人名称：) or 信息 (询比代理机构信息) or a bracket (异议受理联系人（招标代理机构）：)
BLOCK = re.compile(
    rf"(?:^|(?<=[\s。;；]))(?:(?:\d{{1,2}}|[{_CN_NUM}]{{1,2}})\s*[.、．]\s*)?("
    + "|".join(f"(?P<{r}>" + "|".join(_spaced(w) for w in words) + ")" for r, words in ROLE_WORDS) + r")"
    r"(?:[ \t]*(?:名[ \t]*称|信[ \t]*息))?(?:[ \t]*[(（][^)）\n]{0,12}[)）])?\s*(?=[:：]|\n|\s|$)", re.M)
TITLED_NAME = re.compile(r"[\u4e00-\u9fa5]{1,3}(?:老师|先生|女士|经理|工)")
