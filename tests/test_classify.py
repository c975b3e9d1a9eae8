"""Classification: rules + text model, the gold set, `tenders train`, `tenders eval classify`, `tenders classify`."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from classify import gold
from classify.classifier import classify, model_version
from common.labels import CATEGORIES, DELIVERY_MODELS, LEVELS
from classify.rules import category_rules, delivery_rule, relevance_rule
from classify.textmodel import MODEL_FILE, ModelError, TextModel, default_model, ngrams

REPO = Path(__file__).resolve().parents[1]
SHARED = gold.shared_dir()
HAVE_REALDATA = (SHARED / "realdata" / "titles.jsonl").is_file()
needs_realdata = pytest.mark.skipif(not HAVE_REALDATA, reason=f"{SHARED / 'realdata'} is not here (the gold titles)")


def tenders(*args: str, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tenderwatch.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=REPO, env={**os.environ, **(env or {})}, timeout=300)


# --- rules ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("title,text,expected", [
    ("湄潭县人民政府新型智慧城市建设PPP项目公开招标公告", "", ("PPP", "PPP")),
    ("某市智慧城市特许经营项目", "", ("PPP", "特许经营")),
    ("湖北宜昌市养老综合服务PPP示范项目家具采购(一标段)中标结果公告", "", ("其他", "家具")),
    ("宜都市“两江一河”区域综合治理PPP项目运维服务中标结果公告", "", ("政府购买服务", "运维服务")),
    ("宜昌市点军区污水系统提升工程二标段EPC工程总承包监理中标结果公告", "", ("其他", "监理")),
    ("南昌大学前湖校区联系通道提升改造工程EPC（设计－采购－施工）总承包(网)", "", ("EPC", "EPC")),
    ("崇仁县西南片区供水及配套管网建设项目总承包(网)", "", ("EPC", "总承包")),
    ("某县农村公路施工总承包", "", None),
    ("BOTTLE 与 TOTAL 不是模式", "", None),
    ("某区政务信息系统运维项目", "本项目属于政府购买服务，服务期一年。", ("政府购买服务", "本项目属于政府购买服务")),
    ("某市数字乡村平台", "项目采用政府和社会资本合作模式实施", ("PPP", "政府和社会资本合作")),
    ("办公家具采购项目", "", None),
])
def test_delivery_rule(title, text, expected):
    got = delivery_rule(title, text)
    assert (got[0], got[2]) == expected if expected else got is None


@pytest.mark.parametrize("title,expected", [
    ("网络安全等级保护测评服务项目", True),
    ("宜昌市公安局点军派出所业务技术用房建设工程弱电信息化工程", True),
    ("手术室行为管理系统", True),
    ("长江宜都段“城市大脑新基建”项目监理中标结果公告", None),  # 监理 of 城市大脑: both words, the model reads it
    ("营口市公安局监所管理支队物业服务项目招标公告", False),
    ("2026年中国联通金华市分公司营业厅监控升级改造项目", False),  # an operator's own business (GUIDELINES §1)
    ("中国电信赣州分公司2026年-2028年等保测评服务采购项目", False),  # ICT, but the operator's own
    ("2026年中国电信股份有限公司泉州分公司泉州市政务云平台商用密码测评服务采购项目", True),  # a public customer
    ("中国铁塔江西省分公司2026年九江市行业监控设备及施工项目", True),  # 行业: 铁塔's government business line
    ("铁塔能源有限公司浙江省分公司2026年奉化区政府东大院屋顶光伏施工总承包采购项目", False),  # works, not ICT
    ("宜昌市公安局点军派出所业务技术用房建设工程弱电信息化工程", True),  # 弱电信息化 holds 电信: no operator
    ("学生校服采购项目", False),
])
def test_relevance_rule(title, expected):
    got = relevance_rule(title)
    assert (got[0] if got else None) == expected


def test_category_rules_name_what_is_bought():
    assert category_rules("鹤壁市新型智慧城市（二期）服务打包采购项目") == {"综合": "新型智慧城市"}
    assert set(category_rules("中国电信股份有限公司宜春分公司2026年政务云平台信息安全等级保护测评")) == {"基础设施", "安全"}
    assert category_rules("公共数据共享交换平台建设项目") == {"数据": "数据共享"}
    assert category_rules("办公家具采购项目") == {}


# --- the classifier ---------------------------------------------------------------------------------------------------

def _valid(r) -> None:
    d = r.as_dict()
    assert isinstance(d["relevance"], bool)
    assert d["level"] in (*LEVELS, None)
    assert all(c in CATEGORIES for c in d["categories"])
    assert d["delivery_model"] in DELIVERY_MODELS
    confs = [d["category_confidence"][c] for c in d["categories"]]
    assert confs == sorted(confs, reverse=True), "categories are not most confident first"
    for key in ("relevance_confidence", "delivery_confidence", "level_confidence"):
        assert 0.0 <= d[key] <= 1.0
    assert d["model_version"] == model_version() and default_model().version in d["model_version"]
    json.dumps(d, ensure_ascii=False)  # serialisable as it is written by `tenders classify`


@pytest.mark.parametrize("title,buyer,region,relevant,level,categories,delivery", [
    ("杭州市余杭区数据资源管理局城市大脑（一期）建设项目公开招标公告", "杭州市余杭区数据资源管理局", "浙江省杭州市余杭区",
     True, "区县级", ["系统/场景"], "其他"),
    ("浙江省大数据发展管理局政务云服务（2027年度）采购项目公开招标公告", "浙江省大数据发展管理局", "浙江省",
     True, "省级", ["基础设施"], "政府购买服务"),
    ("湄潭县人民政府新型智慧城市建设PPP项目公开招标公告", "湄潭县人民政府", "贵州省遵义市湄潭县",
     True, "区县级", ["综合"], "PPP"),
    ("长沙市天心区教育局办公家具采购项目公开招标公告", "长沙市天心区教育局", "湖南省长沙市天心区",
     False, "区县级", [], "其他"),
    ("辽宁机电职业技术学院信息安全等级保护测评项目竞争性磋商公告", "辽宁机电职业技术学院", "辽宁 丹东市",
     True, "省级", ["安全"], "其他"),
    ("合肥高新技术产业开发区管理委员会智慧交通信号控制系统建设项目", "合肥高新技术产业开发区管理委员会", "安徽省合肥市",
     True, "新区或开发区", ["系统/场景"], "其他"),
])
def test_labels_of_clear_notices(title, buyer, region, relevant, level, categories, delivery):
    r = classify(title, None, buyer, region)
    _valid(r)
    assert (r.relevant, r.level, list(r.categories), r.delivery_model) == (relevant, level, categories, delivery)


def test_title_without_text_gets_every_label_with_evidence():
    r = classify("中山市政务信息化项目统一密码应用安全性评估服务(2025至2028年度)采购项目", None, None, "广东 中山市")
    _valid(r)
    assert r.relevant and r.level == "地市级" and list(r.categories) == ["安全"]
    for label in ("relevance", "level", "categories", "delivery_model"):
        assert r.evidence[label], f"no evidence for {label}"
    title = "中山市政务信息化项目统一密码应用安全性评估服务(2025至2028年度)采购项目"
    for e in r.evidence["relevance"] + r.evidence["categories"] + r.evidence["delivery_model"]:
        assert e["span"] and e["span"] in title, e  # evidence is text the reader can find in the notice


def test_traditional_characters_read_like_simplified():
    trad = classify("聊城市中小學數字校園全覆蓋項目", None, "聊城市教育局", "山东 聊城市")
    simp = classify("聊城市中小学数字校园全覆盖项目", None, "聊城市教育局", "山东 聊城市")
    assert (trad.relevant, trad.level, list(trad.categories), trad.delivery_model) == \
        (simp.relevant, simp.level, list(simp.categories), simp.delivery_model)
    assert trad.relevant


@pytest.mark.parametrize("title,text", [
    ("Quarterly sales meeting agenda", None),
    ("", "Lorem ipsum dolor sit amet, consectetur adipiscing elit."),
    (None, None),
    ("\x00\x01\ufffd<script>alert(1)</script>", "x" * 1_000_000),
])
def test_not_chinese_is_irrelevant_with_low_confidence(title, text):
    r = classify(title, text, None, None)
    _valid(r)
    assert r.relevant is False and r.relevance_conf <= 0.6 and r.categories == {}


def test_chinese_that_buys_nothing_digital_is_irrelevant():
    # no procurement words is no reason (a project name is a subject): the subject decides
    r = classify("今天天气很好，我们去公园散步吧", None, None, None)
    _valid(r)
    assert r.relevant is False and r.categories == {}


def test_huge_input_is_capped():
    r = classify("某市政务云服务采购项目" + "政务云" * 100_000, "正文" * 500_000, "某市大数据局" * 1000, "浙江省")
    _valid(r)
    assert r.relevant


def test_ngrams_fold_digits_and_width():
    assert ngrams("２０２６年ＰＰＰ") == ngrams("2031年ppp")


# --- the model file -------------------------------------------------------------------------------------------------

def test_committed_model_file_loads_and_names_its_version():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert data["format"] == "tenderwatch-text-model/2" and data["version"].startswith("text-2.")
    body = {k: v for k, v in data.items() if k != "version"}
    digest = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
    assert data["version"] == f"text-2.{digest[:10]}", "the version is not the hash of the file's content"
    assert {"relevance", "delivery", "category:系统/场景"} <= set(data["heads"])


def test_bad_model_file_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        TextModel.load(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{\"format\": \"something else\"}", encoding="utf-8")
    with pytest.raises(ModelError, match="not a tenderwatch model"):
        TextModel.load(tmp_path / "bad.json")
    out = tenders("classify", "--jsonl", "-", "--model", str(tmp_path / "missing.json"), stdin='{"title": "x"}\n')
    assert out.returncode == 1 and "run `tenders train`" in out.stderr and "Traceback" not in out.stderr


def test_train_is_reproducible_and_the_committed_model_is_current(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for path in (first, second):
        out = tenders("train", "--out", str(path))
        assert out.returncode == 0, out.stderr
    assert first.read_bytes() == second.read_bytes(), "two trainings on the same data differ"
    if not HAVE_REALDATA:
        pytest.skip(f"{SHARED / 'realdata'} is not here: the committed model was trained on the real gold set")
    # the committed model must be what the gold set gives now: same decisions on every gold title
    items, _ = gold.load()
    fresh, committed = TextModel.load(first), default_model()
    differ = [i.id for i in items
              if _decisions(classify(i.title, None, i.buyer, i.region, model=fresh))
              != _decisions(classify(i.title, None, i.buyer, i.region, model=committed))]
    assert not differ, f"classify/models/text-model.json is stale (run `tenders train`): {differ[:5]}"


def _decisions(r) -> tuple:
    return r.relevant, r.level, tuple(r.categories), r.delivery_model


# --- the gold set -------------------------------------------------------------------------------------------------

LABEL_FILES = (gold.GOLD_FILE, gold.MORE_FILE, gold.HELDOUT_FILE, gold.SECOND_FILE)


@pytest.mark.parametrize("path", LABEL_FILES, ids=lambda p: p.name)
def test_gold_labels_are_well_formed(path):
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) >= 300
    assert len({x["source"] for x in lines}) == len(lines) and len({x["key"] for x in lines}) == len(lines)
    for x in lines:
        assert x["level"] in (*LEVELS, None) and x["delivery_model"] in DELIVERY_MODELS
        assert all(c in CATEGORIES for c in x["categories"])
        assert not x["categories"] or x["relevance"], f"{x['source']}: categories only for relevant notices"
        assert x["categories"] != ["综合"] or len(x["categories"]) == 1
        assert "title" not in x, "gold titles stay in ../shared (the repo holds labels)"


def test_second_reading_covers_the_same_held_out_items():
    def sources(path):
        return [json.loads(x)["source"] for x in path.read_text(encoding="utf-8").splitlines()]

    assert sources(gold.HELDOUT_FILE) == sources(gold.SECOND_FILE)


@needs_realdata
def test_held_out_items_are_the_ceos_and_never_trained_on():
    from classify.realtitles import heldout_keys
    from classify.weak import weak_items

    items, note = gold.load()
    assert note is None
    held_keys = heldout_keys(SHARED)
    held = [i for i in items if i.split == "heldout"]
    assert len(held) >= 300
    assert all(tuple(i.extra["source"].split(":", 1)) in held_keys for i in held)
    dev = [i for i in items if i.split == "dev" and i.group != "mirror"]
    assert not [i for i in dev if tuple(i.extra["source"].split(":", 1)) in held_keys]
    # one project never sits on both sides: a development title with a held-out title's stem is not trained on
    held_stems = {gold.stem(i.title) for i in held}
    assert not [i.id for i in gold.training(items) if gold.stem(i.title) in held_stems]
    assert {i.split for i in gold.training(items)} == {"dev"}
    weak = weak_items(SHARED, items)
    assert len(weak) > 2000
    assert not [w.id for w in weak if tuple(w.id.split(":", 2)[1:]) in held_keys]
    assert not [w.id for w in weak if gold.stem(w.title) in held_stems | {gold.stem(i.title) for i in dev}]


def test_stem_joins_the_notices_of_one_project():
    a = gold.stem("宜昌市点军区污水系统提升工程二标段EPC工程总承包中标候选人公示")
    b = gold.stem("宜昌市点军区污水系统提升工程二标段EPC工程总承包中标结果公告")
    c = gold.stem("[南城县]宜昌市点军区污水系统提升工程二标段EPC工程总承包(第2次招标)中标结果公告")
    assert a == b == c == "宜昌市点军区污水系统提升工程二标段EPC工程总承包"


# --- evaluation ---------------------------------------------------------------------------------------------------

# Floors a little under the development figures measured out of fold when the model was trained (README): a change
# that makes the classifier worse fails here. The held-out gold is never scored by the tests (each scoring counts).
FLOORS = {"relevance": 0.86, "level": 0.93, "categories": 0.76, "delivery_model": 0.88}


@pytest.fixture(scope="module")
def dev_cv():
    from evals.classify import cross_validate

    items, _ = gold.load()
    return cross_validate(items, baseline_too=True)


@needs_realdata
def test_development_figures_out_of_fold_do_not_regress(dev_cv):
    from evals.classify import score

    scored, results, _ = dev_cv
    s = score(scored, results)
    got = {"relevance": s["relevance"]["f1"], "level": s["level"]["accuracy"],
           "categories": s["categories"]["gated_macro_f1"], "delivery_model": s["delivery_model"]["gated_macro_f1"]}
    low = {k: round(v, 3) for k, v in got.items() if v < FLOORS[k]}
    assert not low, f"below the floor: {low}"


@needs_realdata
def test_rules_beat_the_text_model_alone(dev_cv):
    from evals.classify import score

    scored, hybrid, alone = dev_cv
    hybrid, alone = score(scored, hybrid), score(scored, alone)
    assert hybrid["relevance"]["f1"] >= alone["relevance"]["f1"]
    assert hybrid["delivery_model"]["gated_macro_f1"] > alone["delivery_model"]["gated_macro_f1"] + 0.2
    # categories are the model's but for 综合 (the rules settle whole programmes): no worse than the model alone
    assert hybrid["categories"]["gated_macro_f1"] >= alone["categories"]["gated_macro_f1"] - 0.01


@needs_realdata
def test_confidences_are_calibrated_out_of_fold(dev_cv):
    scored, results, _ = dev_cv
    p = [r.relevance_conf if r.relevant else 1 - r.relevance_conf for r in results]
    brier = sum((q - i.relevance) ** 2 for q, i in zip(p, scored)) / len(scored)
    assert brier < 0.12, f"Brier score of relevance {brier:.3f}"


def test_eval_classify_cli():
    out = tenders("eval", "classify")
    if not HAVE_REALDATA:
        assert out.returncode == 1 and "needs the real gold set" in out.stderr
        return
    assert out.returncode == 0, out.stderr
    for needle in ("DEVELOPMENT: 5-fold cross-validation", "relevance: F1", "level: accuracy", "categories: macro-F1",
                   "delivery_model: macro-F1", "confusion (rows gold, columns predicted)", "区县级",
                   "held-out: ", "not scored (give --heldout", "second blind reading of the held-out labels"):
        assert needle in out.stdout
    assert "HELD-OUT" not in out.stdout, "the held-out gold is scored only when asked"


def test_train_without_realdata_keeps_the_committed_model(tmp_path):
    before = MODEL_FILE.read_bytes()
    out = tenders("train", "--shared", str(tmp_path))
    assert out.returncode == 1 and "--out" in out.stderr and MODEL_FILE.read_bytes() == before
    out = tenders("train", "--shared", str(tmp_path), "--out", str(tmp_path / "m.json"))
    assert out.returncode == 0, out.stderr
    mirror_only = TextModel.load(tmp_path / "m.json")
    assert mirror_only.data["trained_on"]["groups"] == {"mirror": 36}


def test_eval_without_realdata_says_so(tmp_path):
    out = tenders("eval", "classify", "--shared", str(tmp_path))
    assert out.returncode == 1 and "realdata" in out.stderr and "Traceback" not in out.stderr


# --- tenders classify --jsonl ----------------------------------------------------------------------------------------

def test_classify_jsonl_adds_labels_and_skips_bad_lines():
    lines = [
        json.dumps({"title": "浙江省大数据发展管理局政务云服务（2027年度）采购项目", "buyer": "浙江省大数据发展管理局",
                    "region": "浙江省", "id": 7}, ensure_ascii=False),
        "not json",
        json.dumps({"title": ["a list"]}),
        json.dumps({"title": "学生校服采购项目"}, ensure_ascii=False),
        "",
    ]
    out = tenders("classify", "--jsonl", "-", stdin="\n".join(lines) + "\n")
    assert out.returncode == 1
    assert "line 2" in out.stderr and "line 3" in out.stderr and '"title" must be a string' in out.stderr
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert len(rows) == 2
    assert rows[0]["id"] == 7 and rows[0]["relevance"] is True and rows[0]["level"] == "省级"
    assert rows[0]["categories"] == ["基础设施"] and rows[0]["delivery_model"] == "政府购买服务"
    assert rows[1]["relevance"] is False and rows[1]["categories"] == []
    assert "学生校服" in out.stdout  # UTF-8 kept, not \\u-escaped
