"""A notice field is defined once (common/contract.py): the store's columns, the export and the data dictionary
follow it, and what parsers return is either in it or said not to be stored."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import JSON, DateTime, Integer, Numeric, String, Text

from common.contract import BY_NAME, NOTICE_FIELDS, UNSTORED, NoticeField, contract_errors, stored_values
from store.export import COLUMNS, columns, data_dictionary
from store.models import Notice

# Notice columns that are the store's own, not a parser's field
STORE_COLUMNS = {"id", "source", "source_id", "url", "raw_page_id", "parse_version", "buyer_id", "agency_id",
                 "project_id", "duplicate_of", "updated_at", "created_at",
                 # the store's: a correction's deadline, opening time and budget applied to its call (store/in_force.py)
                 "current_deadline", "current_opening", "current_budget_cny"}
SQL_KINDS = {"text": (String, Text), "decimal": (Numeric,), "integer": (Integer,), "datetime": (DateTime,),
             "json": (JSON,), "list of text": (JSON,)}


@pytest.mark.parametrize("field", NOTICE_FIELDS, ids=lambda f: f.name)
def test_every_field_has_its_column(field):
    column = Notice.__table__.columns.get(field.store_column)
    assert column is not None, f"add Notice.{field.store_column} (and its migration) for the field {field.name}"
    assert isinstance(column.type, SQL_KINDS[field.kind]), (field.name, column.type)
    if field.raw:
        assert field.raw in BY_NAME, f"{field.name}'s raw companion {field.raw} is no field"


def test_every_notice_column_is_a_field_or_the_stores_own():
    fields = {f.store_column for f in NOTICE_FIELDS}
    assert set(Notice.__table__.columns.keys()) - STORE_COLUMNS == fields


def test_what_parsers_return_is_in_the_contract():
    from evals.link import mirror_pages
    from parsers import parse_notice

    keys, broken = set(), []
    for _, sid, url, body, _ in mirror_pages():
        fields = parse_notice(url, body)
        keys |= set(fields)
        broken += [f"{sid} {e}" for e in contract_errors(fields)]
    assert keys - set(BY_NAME) <= set(UNSTORED), f"parsers return fields the store would drop: {keys - set(BY_NAME)}"
    assert not broken, broken[:5]


def test_contract_errors_name_unknown_keys_and_wrong_kinds():
    errors = contract_errors({"title": 5, "budget_cny": "100", "period_days": True, "bid_bond": 1, "text": None,
                              "parser_version": "x"})
    assert errors == ["bid_bond: not a field of the contract", "title: int where the contract has text",
                      "budget_cny: str where the contract has decimal", "period_days: bool where the contract has integer"]


def test_a_new_field_reaches_store_values_export_and_dictionary_from_its_entry_alone():
    extra = NoticeField("bid_bond_cny", "decimal", "投标保证金 in yuan", raw="bid_bond_raw")
    contract = NOTICE_FIELDS + (extra,)
    assert ("bid_bond_cny", "decimal", "投标保证金 in yuan") in columns(contract)
    assert "bid_bond_cny" not in [c for c, _, _ in COLUMNS]  # the shipped contract is unchanged
    values = stored_values({"title": "某项目", "bid_bond_cny": Decimal("5000.00")}, contract)
    assert values["bid_bond_cny"] == Decimal("5000.00") and values["title"] == "某项目"
    hidden = replace(extra, export="")
    assert "bid_bond_cny" not in [c for c, _, _ in columns(NOTICE_FIELDS + (hidden,))]


def test_a_field_added_later_is_exported_at_the_end():
    """An ``appended`` field's columns come after every column of the first release, so none of those moves."""
    extra = NoticeField("bid_bond_cny", "decimal", "投标保证金 in yuan")
    inline = [c for c, _, _ in columns(NOTICE_FIELDS + (extra,))]
    assert inline.index("bid_bond_cny") < inline.index("model_version")  # in contract order, among the first
    later = [c for c, _, _ in columns(NOTICE_FIELDS + (replace(extra, appended=True),))]
    assert later[-1] == "bid_bond_cny" and later[:-1] == [c for c, _, _ in COLUMNS]
    assert [c for c, _, _ in COLUMNS][-2:] == ["contacts", "lots"]  # the contract's appended fields, in its order


def test_zoned_document_window():
    """A document window printed with a time is exported with the Beijing offset; a date alone stays a date."""
    got = BY_NAME["documents"].exported({"from": "2025-10-16T09:00:00", "to": "2025-10-22", "price_cny": "0"})
    assert got == ["2025-10-16T09:00:00+08:00", "2025-10-22", Decimal("0")]
    assert BY_NAME["documents"].exported({"from": "10月16日", "to": None})[:2] == ["10月16日", None]


def test_stored_values_cap_fill_and_serialise():
    values = stored_values({"text": "长" * 200_000, "published_raw": "", "lots": None, "warnings": None,
                            "ppp": {"cooperation_years": 15, "signed": datetime(2026, 1, 2)},
                            "attachments": [{"size": Decimal("1.5")}], "project_code": ""})
    assert len(values["text"]) == BY_NAME["text"].cap and values["published_raw"] is None
    assert values["lots"] == [] and values["warnings"] == [] and values["contacts"] == {}
    assert values["ppp"] == {"cooperation_years": 15, "signed": "2026-01-02T00:00:00"}
    assert values["attachments"] == [{"size": "1.5"}]
    assert values["project_code"] == ""  # kept as the parser gave it
    assert values["buyer_raw"] is None and "buyer" not in values  # stored under its column


def test_the_dictionary_lists_the_contract():
    text = data_dictionary()
    for f in NOTICE_FIELDS:
        for column, _, description in f.export_columns:
            assert f"| `{column}` |" in text and description in text
