"""The domain lexicon (classify/lexicon/terms.tsv), the word features, and what a reader is shown as evidence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from classify import gold, lexicon
from classify.classifier import classify
from classify.rules import _BODY_SERVICE, _EPC, _PART
from classify.words import words

REPO = Path(__file__).resolve().parents[1]
SHARED = gold.shared_dir()
HAVE_REALDATA = (SHARED / "realdata" / "titles.jsonl").is_file()
needs_realdata = pytest.mark.skipif(not HAVE_REALDATA, reason=f"{SHARED / 'realdata'} is not here (the real titles)")


def test_every_entry_has_a_label_and_a_source():
    entries = lexicon.terms()
    assert len(entries) >= 150
    for t in entries:
        assert t.label in lexicon.LABELS and t.source.strip() and t.term.strip()
        assert re.search(r"001:|002:|seed|GUIDELINES|issue 17|dev titles|rules 0.3", t.source), t
    by_label = {label: [t for t in entries if t.label == label] for label in lexicon.LABELS}
    assert all(by_label[label] for label in (*lexicon.CATEGORY_LABELS, *lexicon.DELIVERY_LABELS))
    for needed, label in (("城市大脑", "系统/场景"), ("公共数据授权运营", "数据"), ("政务云", "基础设施"), ("密评", "安全"),
                          ("新型智慧城市", "综合"), ("可行性缺口补助", "PPP"), ("工程总承包", "EPC"),
                          ("购买服务", "政府购买服务")):
        assert needed in [t.term for t in by_label[label]], needed


def test_a_malformed_lexicon_is_a_clear_error(tmp_path):
    bad = tmp_path / "terms.tsv"
    bad.write_text("城市大脑\t系统场景\tissue 17\n", encoding="utf-8")
    with pytest.raises(lexicon.LexiconError, match="unknown label"):
        lexicon.terms.__wrapped__(bad)
    bad.write_text("城市大脑\t系统/场景\n", encoding="utf-8")
    with pytest.raises(lexicon.LexiconError, match="separated by tabs"):
        lexicon.terms.__wrapped__(bad)


@needs_realdata
def test_entries_from_real_titles_come_from_development_titles():
    """An entry whose source is "dev titles" occurs in a development title: none was taken from held-out items."""
    from classify.realtitles import heldout_keys, rows

    held = heldout_keys(SHARED)
    dev_text = "\n".join(lexicon.fold(r[2]) for r in rows(SHARED) if (r[0], r[1]) not in held)
    missing = [t.term for t in lexicon.terms() if t.source.startswith("dev titles")
               and lexicon.fold(t.term) not in dev_text]
    assert not missing, f"entries sourced to development titles that no development title holds: {missing}"


def test_lexicon_terms_are_never_cut():
    assert "政务云" in words("某市政务云扩容项目")
    assert "可行性缺口补助" in words("使用者付费+可行性缺口补助")
    assert "新型智慧城市" in words("某市新型智慧城市（一期）")
    assert lexicon.find("ROBOT采购", "PPP") == [] and lexicon.find("某项目（BOT）", "PPP") == ["BOT"]


# --- what the readers saw go wrong -----------------------------------------------------------------------

@pytest.mark.parametrize("title", [
    "某市新型智慧城市（一期）",
    "某市城市数据大脑项目",
    "某市“我的某市”APP项目",
    "某市一网通办平台",
    "某区城市运行管理中心",
    "某县数字乡村",
    "某市政务云",
    "某市公共数据授权运营",
    "某区网络安全态势感知",
])
def test_a_smart_city_programme_name_is_relevant_with_a_readable_term(title):
    r = classify(title, None, None, "浙江省")
    assert r.relevant, (title, r.evidence["relevance"])
    assert any(e["by"] == "rule" and lexicon.source_of(e["span"]) for e in r.evidence["relevance"]), r.evidence


@pytest.mark.parametrize("title", ["某市新型智慧城市（一期）", "某市智慧城市建设项目", "某县新型智慧城市建设（2021-2025年）项目"])
def test_a_whole_city_programme_is_综合_alone(title):
    assert list(classify(title).categories) == ["综合"]


@pytest.mark.parametrize("title,text", [
    ("某市智慧停车项目（回报机制：使用者付费+可行性缺口补助）", None),
    ("某县智慧城市运营项目", "本项目由社会资本方与政府出资代表成立项目公司（SPV），合作期限15年，运作方式为BOT。"),
    ("某区雪亮工程建设运营项目", "回报机制为政府付费，合作期限为十年，社会资本方负责投资建设和运营维护。"),
])
def test_a_ppp_project_described_by_its_terms_is_ppp(title, text):
    r = classify(title, text)
    assert r.delivery_model == "PPP", r.evidence["delivery_model"]
    assert r.evidence["delivery_model"][0]["by"] == "rule"


def test_ppp_words_in_passing_are_not_ppp():
    assert classify("某公司合作期限内的物业服务采购").delivery_model != "PPP"  # one term is not a PPP project


# --- evidence a reader can check ---------------------------------------------------------------------------------

def _readable(span: str, text: str) -> bool:
    """A whole word of the text, a lexicon term (or terms joined by +), or the exact span of a named rule."""
    if lexicon.source_of(span) or all(lexicon.source_of(p) for p in span.split("+")):
        return True
    if span in words(text):
        return True
    return any(rx.fullmatch(span) for rx in (_EPC, _PART, _BODY_SERVICE))


def _check(title: str, text: str | None, buyer: str | None, region: str | None) -> list[str]:
    r = classify(title, text, buyer, region)
    bad = []
    for name in ("relevance", "categories", "delivery_model"):
        for e in r.evidence[name]:
            field_text = text if e["field"] == "text" else title
            if e["span"] and not _readable(e["span"], field_text or ""):
                bad.append(f"{title[:30]} {name}: {e['span']!r}")
            assert e.get("by") in ("rule", "model") or not e["span"], e
    return bad


def test_evidence_on_the_mirror_is_words_or_lexicon_terms():
    data = json.loads((REPO / "mirrors" / "ccgp" / "notices.json").read_text(encoding="utf-8"))
    bad = [b for n in data["notices"] for b in _check(n["title"], None, n["buyer"], n["region"])]
    assert not bad, bad[:10]


@needs_realdata
def test_evidence_on_the_gold_set_is_words_or_lexicon_terms():
    items, _ = gold.load()
    bad = [b for i in items for b in _check(i.title, None, i.buyer, i.region)]
    assert not bad, bad[:10]


def test_a_fragment_would_be_caught():
    # the check itself can fail: a character fragment of a word is neither a word nor a term
    assert not _readable("购项目", "某市政务云采购项目") and not _readable("目(一", "某项目(一期)")
    assert _readable("政务云", "某市政务云采购项目") and _readable("采购", "某市政务云采购项目")
