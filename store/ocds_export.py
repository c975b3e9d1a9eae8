"""OCDS 1.1 output of `tenders export`: each notice a release (``release``), streamed as a release package
(``write_ocds``) or as a record package compiled by ocdskit (``write_ocds_records``). Identifiers come from what the
sources publish (store/ocids.py; parties here); validity is checked by store/ocds.py."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import IO

from common.clock import beijing_now, iso
from common.notice_types import AWARD, CONTRACT, CORRECTION, FAILED, PREQUALIFICATION, TENDER
from store.orgs import name_key


def json_default(v):  # noqa: ANN001, ANN202
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, datetime):
        return v.isoformat()
    raise TypeError(type(v).__name__)


TAGS = {TENDER: ["tender"], AWARD: ["award"], CORRECTION: ["tenderAmendment"], FAILED: ["tenderCancellation"],
        CONTRACT: ["contract"], PREQUALIFICATION: ["planning"]}
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")  # GB 32100-2015
CREDIT_SCHEME = "CN-USCC"  # 统一社会信用代码 (GB 32100-2015)


def party(orgs: dict, org_id: int | None, printed: str, credit_code: str | None = None) -> dict:
    """An OCDS party for an organisation: its id from its 统一社会信用代码 when known (then also its ``identifier``),
    else from its merged name written alike (store.orgs.name_key) — never from a row id or one way of printing it."""
    name, known_code = orgs.get(org_id, (None, None)) if org_id else (None, None)
    name = name or printed
    code = next((c for c in ((credit_code or "").strip().upper(), (known_code or "").strip().upper())
                 if _CREDIT_CODE.match(c)), None)
    if code:
        return {"id": f"{CREDIT_SCHEME}-{code}", "name": name,
                "identifier": {"scheme": CREDIT_SCHEME, "id": code, "legalName": name}}
    return {"id": "org-" + hashlib.sha1(name_key(name).encode("utf-8")).hexdigest()[:12], "name": name}


def contact_point(contacts, role: str) -> dict | None:  # noqa: ANN001 - the stored contacts field
    """The OCDS ``contactPoint`` of a role's contact (parsers/contacts.py: {name, phone} as printed), else None."""
    c = contacts.get(role) if isinstance(contacts, dict) else None
    if not isinstance(c, dict):
        return None
    point = {key: str(c[src])[:200] for key, src in (("name", "name"), ("telephone", "phone")) if c.get(src)}
    return point or None


def _day(value) -> datetime | None:  # noqa: ANN001
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def release(r: dict) -> dict:
    """One notice as an OCDS 1.1 release."""
    def value(amount):  # noqa: ANN001, ANN202
        return {"amount": float(amount), "currency": "CNY"}

    orgs = r.get("_orgs") or {}
    date = iso(r["published_at"])
    parties: list[dict] = []
    rel = {"ocid": r["ocid"], "id": f"{r['source']}-{r['source_id']}",
           "tag": TAGS.get(r["notice_type"] or "", ["planning"]), "initiationType": "tender"}
    if date:
        rel["date"] = date

    def add(p: dict, role: str) -> dict:
        parties.append({**p, "roles": [role]})
        return {"id": p["id"], "name": p["name"]}

    tender = {"id": r.get("_tender_id") or rel["id"], "title": r.get("_tender_title") or r["title"] or ""}
    contacts = r.get("contacts")
    if r["buyer"]:
        buyer = party(orgs, r.get("_buyer_id"), r["buyer"])
        if r["buyer_region"]:
            buyer["address"] = {"region": r["buyer_region"], "countryName": "中国"}
        if contact_point(contacts, "buyer"):
            buyer["contactPoint"] = contact_point(contacts, "buyer")
        rel["buyer"] = add(buyer, "buyer")
        tender["procuringEntity"] = rel["buyer"]
    if r["agency"]:  # an agency (代理机构) runs the procurement for the buyer
        agency = party(orgs, r.get("_agency_id"), r["agency"])
        if contact_point(contacts, "agency"):
            agency["contactPoint"] = contact_point(contacts, "agency")
        tender["procuringEntity"] = add(agency, "procuringEntity")
    if r["budget_cny"] is not None:
        tender["value"] = value(r["budget_cny"])
    if r["method_ocds"] in ("open", "selective", "limited", "direct"):
        tender["procurementMethod"] = r["method_ocds"]
    if r["method"]:
        tender["procurementMethodDetails"] = r["method"]
    deadline = r.get("_current_deadline") or r["deadline"]  # a correction that moved it moved it for the call too
    if deadline:
        tender["tenderPeriod"] = {"endDate": iso(deadline)}
    if r["notice_type"] == FAILED:
        tender["status"] = "cancelled"
    lots = [lot for lot in r["_lots"] if isinstance(lot, dict)]
    if lots:
        tender["lots"] = []
        for i, lot in enumerate(lots, 1):
            entry = {"id": str(lot.get("lot") or i), "title": str(lot.get("name") or f"包{i}")}
            if lot.get("budget_cny") not in (None, ""):
                entry["value"] = value(Decimal(str(lot["budget_cny"])))
            tender["lots"].append(entry)
    rel["tender"] = tender
    suppliers = [s for s in r["_suppliers"] if isinstance(s, dict) and s.get("name")]
    refs = [add(party(orgs, s.get("org_id"), s["name"], s.get("credit_code")), "supplier") for s in suppliers]
    award_id = f"{rel['id']}-award"
    if r["notice_type"] == AWARD or (r["notice_type"] == CONTRACT and not r.get("_award_of_project")):
        # a contract notice whose project has no award notice carries the award it was signed on
        award = {"id": award_id, "status": "active", "suppliers": refs}
        if r["award_cny"] is not None:
            award["value"] = value(r["award_cny"])
        if date:
            award["date"] = date
        lots_awarded = sorted({str(s["lot"]) for s in suppliers if s.get("lot")})
        if lots_awarded:
            award["relatedLots"] = lots_awarded
        rel["awards"] = [award]
    if r["notice_type"] == CONTRACT:
        contract = {"id": f"{rel['id']}-contract", "awardID": r.get("_award_of_project") or award_id,
                    "title": r["title"] or "", "status": "active"}
        if r["award_cny"] is not None:  # a 合同公告's amount is the contract's value (parsers keep it as award_cny)
            contract["value"] = value(r["award_cny"])
        if r.get("contract_name"):  # the contract's own lines (parsers/contract_notice.py)
            contract["title"] = r["contract_name"]
        signed = _day(r.get("contract_signed_date"))
        if signed:
            contract["dateSigned"] = iso(signed)
        lines = [f"{label}：{r[key]}" for label, key in (("合同编号", "contract_number"), ("履约期限", "contract_term"))
                 if r.get(key)]
        if lines:
            contract["description"] = "；".join(lines)
        rel["contracts"] = [contract]
    if parties:
        merged: dict[str, dict] = {}
        for p in parties:  # one party per id, roles merged
            merged.setdefault(p["id"], {**p, "roles": []})["roles"] += [x for x in p["roles"]
                                                                      if x not in merged[p["id"]]["roles"]]
        rel["parties"] = list(merged.values())
    return rel


def write_ocds(it: Iterator[dict], fh: IO[str], uri: str = "https://tenderwatch.invalid/export") -> int:
    """A release package, streamed: the header, then one release at a time."""
    now = iso(beijing_now())
    fh.write('{"uri": %s, "version": "1.1", "publishedDate": %s, "publisher": {"name": "tenderwatch"}, '
             '"license": null, "publicationPolicy": null, "releases": [\n' % (json.dumps(uri), json.dumps(now)))
    n = 0
    for r in it:
        fh.write((",\n" if n else "") + json.dumps(release(r), ensure_ascii=False, default=json_default))
        n += 1
    fh.write("\n]}\n")
    return n


def write_ocds_records(it: Iterator[dict], fh: IO[str], uri: str = "https://tenderwatch.invalid/export") -> int:
    """A record package, streamed: per ocid its releases and the compiled release that ocdskit merges from them by
    the shipped release schema's merge rules (no network). ``it`` must give one ocid's rows one after another."""
    from itertools import groupby

    from ocdskit.combine import merge

    from store.ocds import RELEASE

    schema = json.loads(RELEASE.read_text(encoding="utf-8"))
    fh.write('{"uri": %s, "version": "1.1", "publishedDate": %s, "publisher": {"name": "tenderwatch"}, '
             '"license": null, "publicationPolicy": null, "records": [\n' % (json.dumps(uri),
                                                                            json.dumps(iso(beijing_now()))))
    n = records = 0
    for ocid, group in groupby(it, key=lambda r: r["ocid"]):
        releases = json.loads(json.dumps([release(r) for r in group], default=json_default))
        (compiled,) = merge([{"version": "1.1", "releases": releases}], schema=schema)
        fh.write((",\n" if records else "") + json.dumps({"ocid": ocid, "releases": releases,
                                                          "compiledRelease": compiled}, ensure_ascii=False))
        n, records = n + len(releases), records + 1
    fh.write("\n]}\n")
    return n
