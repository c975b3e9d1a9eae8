"""Administrative level from the buyer, decided with the GB/T 2260 gazetteer and explained."""

import pytest

from classify.classifier import classify
from classify.rules import classify_level
from mirrors.ccgp.server import load_notices

CASES = [
    ("长沙县大数据中心", None, "区县级", "buyer 长沙县大数据中心 → 长沙县 (430121) → 区县级"),
    ("宜都市国通投资开发有限责任公司", None, "区县级", "→ 宜都市 (420581) → 区县级"),  # a county-level 市
    ("北京市朝阳区教育委员会", None, "区县级", "→ 朝阳区 (110105) → 区县级"),
    ("北京市大数据中心", None, "省级", "→ 北京市 (110000) → 省级"),
    ("江西省赣州市公安局", None, "地市级", "→ 赣州市 (360700) → 地市级"),
    ("四川省人民医院", None, "省级", "→ 四川省 (510000) → 省级"),
    ("国家统计局", None, "中央", "central organ"),
    ("海关总署", None, "中央", "central organ"),
    ("合肥高新技术产业开发区管理委员会", None, "新区或开发区", "zone"),
    ("河北雄安新区管理委员会", None, "新区或开发区", "zone"),
    ("某县人民医院", "湖南省长沙市", "区县级", "masked county-level division (某县)"),
    ("某医院", "湖南省长沙市", "地市级", "region 湖南省长沙市 → 长沙市 (430100) → 地市级"),
    ("我部", None, None, "no administrative division"),
    ("", None, None, "no buyer, title or region"),
]


@pytest.mark.parametrize("buyer,region,level,why", CASES)
def test_level(buyer, region, level, why):
    got, conf, explanation = classify_level(buyer, region)
    assert got == level and why in explanation
    assert (conf > 0) == (level is not None)


def test_mirror_levels_match_the_truth():
    notices = load_notices()
    wrong = [(n["buyer"], n["truth"]["level"]) for n in notices
             if classify(n["title"], "", n["buyer"], n["region"]).level != n["truth"]["level"]]
    assert wrong == []


def test_evidence_carries_the_explanation():
    r = classify("长沙县大数据中心新型智慧城市建设运营PPP项目", "", "长沙县大数据中心", "湖南省长沙市长沙县")
    assert r.evidence["level"][0]["explanation"] == "buyer 长沙县大数据中心 → 长沙县 (430121) → 区县级"
