"""What the ccgp mirror's 合同公告 and 终止公告 print (SOURCES.md §8), derived from the notice's id so that the
page and the evaluation's truth (evals/parse.py mirror_cases) read the same values.

A contract notice prints 合同编号, 合同名称, 合同主体, 合同主要信息 (合同金额 and 履约期限 as ``label：value`` lines in
元 or 万元, or as the template's table under a 合同金额（元） header) and 七、合同签订日期. A termination notice
prints one of the reasons real 终止公告 give under 二、项目终止的原因.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from decimal import Decimal

# the reasons of real 终止/废标 notices (有效供应商不足三家 is the most common one, SOURCES.md §8)
TERMINATION_REASONS = (
    "因递交投标文件的供应商不足三家，本项目终止。",
    "因采购需求发生重大变化，采购任务取消，本项目终止。",
    "有效投标供应商不足三家，本项目废标。",
    "因出现影响采购公正的违法、违规行为，本项目终止。",
)
CONTRACT_FORMS = ("yuan_lines", "table", "wan_lines")  # by id % 3


def _pick(n: dict, k: int, salt: str) -> int:
    """One of ``k`` choices, from the notice's id (ids in the data file share their residues, so hash them)."""
    return int(hashlib.sha1(f"{salt}-{n['id']}".encode()).hexdigest(), 16) % k


def contract_of(n: dict) -> dict:
    """The contract a 合同公告 of the mirror prints: number, name, amount (yuan), signing day, term, and its form."""
    published = datetime.strptime(n["published"], "%Y-%m-%d %H:%M")
    signed = (published - timedelta(days=2 + n["id"] % 5)).date()
    return {"number": f"HT-{n['id']}", "name": f"{n['project_name']}合同", "amount_cny": n.get("award_cny"),
            "signed_date": signed.isoformat(), "term": n["period"], "form": CONTRACT_FORMS[n["id"] % 3],
            "signed_cn": signed.strftime("%Y年%m月%d日") if _pick(n, 2, "signed") else signed.isoformat()}


def contract_view(n: dict) -> dict:
    """The contract's strings as the page prints them."""
    c = contract_of(n)
    if c["amount_cny"] is not None:
        amount = Decimal(c["amount_cny"])
        wan = f"{amount / 10000:f}".rstrip("0").rstrip(".")
        c["amount_line"] = f"{wan}万元" if c["form"] == "wan_lines" else f"{amount:.2f}元"
        c["amount_cell"] = f"{amount:.2f}"
    return c


def termination_reason_of(n: dict) -> str:
    return TERMINATION_REASONS[_pick(n, len(TERMINATION_REASONS), "term")]
