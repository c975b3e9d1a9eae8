import pytest

from common.regions import divisions, resolve

CASES = [
    ("湖南省长沙市长沙县", "430121", "county"),
    ("长沙县大数据中心", "430121", "county"),
    ("杭州市余杭区数据资源管理局", "330110", "county"),
    ("浙江省", "330000", "province"),
    ("浙江省大数据发展管理局", "330000", "province"),
    ("北京市", "110000", "province"),
    ("北京市朝阳区", "110105", "county"),
    ("朝阳区人民政府", None, None),  # 朝阳区 of Beijing or of 长春: not certain
    ("长春市朝阳区", "220104", "county"),
    ("湄潭县人民政府", "520328", "county"),
    ("贵州省遵义市湄潭县", "520328", "county"),
    ("四川省成都市武侯区", "510107", "county"),
    ("宜都市国通投资开发有限责任公司", "420581", "county"),  # a county-level city
    ("江西省赣州市公安局", "360700", "city"),
    ("宜昌市城市管理执法委员会", "420500", "city"),
    ("广东省政务服务和数据管理局", "440000", "province"),
    ("新疆", "650000", "province"),
    ("广西壮族自治区", "450000", "province"),
    ("国家统计局", None, None),
    ("", None, None),
]


@pytest.mark.parametrize("text,code,level", CASES)
def test_resolve(text, code, level):
    r = resolve(text)
    assert (r.code if r else None, r.level if r else None) == (code, level)


def test_the_data_is_a_full_gazetteer():
    d = divisions()
    assert len(d) > 3000
    assert sum(1 for _, level in d.values() if level == "province") >= 31
