"""The learned part of the classifier: character n-gram TF-IDF and linear heads, stored as one JSON file.

Training (classify/train.py) uses scikit-learn; inference here is plain Python over the JSON file, so a stored
model never depends on the installed scikit-learn's pickle format, and the features are computed by the same
function in training and in use. Each head carries its calibration (Platt scaling for binary heads, a temperature
for the delivery-model head), fitted on out-of-fold scores of the training split.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).resolve().parent / "models" / "text-model.json"
NGRAMS = (1, 3)
MAX_CHARS = 400  # titles are short; a long input is cut, never a reason to be slow

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def simplified(text: str) -> str:
    """Traditional characters → simplified (貴州電子 → 贵州电子): aggregators re-encode notices."""
    import zhconv

    return zhconv.convert(text, "zh-cn") if text else ""


def normalise(text: str) -> str:
    """Simplified characters, NFKC (full-width → half-width), lower case, digits folded to 0, no whitespace."""
    t = simplified(unicodedata.normalize("NFKC", text or "")[:MAX_CHARS]).lower()
    return _SPACE.sub("", _DIGITS.sub("0", t))


# Word groups that generalise beyond the training titles; each present group adds one feature ⟨name⟩ (and a few
# pairs), which the linear heads weigh like any n-gram. They are features, not decisions.
LEXICON = {
    "ict": r"信息化|信息系统|系统|平台|软件|数据|数字化|数智|智慧|智能|网络|云|监控|视频|弱电|机房|服务器|终端|计算机|"
           r"通信|物联|感知|算法|算力|app|等保|密评|密码|网络安全|政务|布线|大数据",
    "security": r"等保|等级保护|密评|密码|网络安全|安全运营|态势感知|数据安全|安全管控|安全服务|安全防护|溯源",
    "infra": r"弱电|智能化工程|综合布线|机房|服务器|存储|云平台|云资源|政务云|网络建设|外网|专网|硬件|终端|物联|感知|算力|运维|维保",
    "data": r"数据共享|数据交换|数据治理|数据服务|数据分析|数据采集|数据空间|数据资源|大数据平台|数据报表|数据中台",
    "works": r"施工|监理|勘察|设计|土建|道路|公路|管网|污水|排水|供水|绿化|装修|配电|场平|修复|治理|安置|厂房|改扩建|"
             r"冷链|物流|农田|养殖|供热|光伏",
    "supervision": r"监理|咨询|造价|勘察|可研|鉴定",
    "goods": r"家具|服装|校服|工作服|运动服|被服|床|药品|试剂|耗材|疫苗|食材|医疗设备|器械|超声|车辆|用车|更衣柜|衣柜|"
             r"电梯|井盖|充电器|天线|钢绞线",
    "period": r"0+[-—～~至到]0+年|年度|第.年|0+年至0+年",
    "service": r"物业|安保|保洁|洗涤|运维|维保|维护|租赁|外包|代维|驻场|运营服务|托管|养护|劳务|护工|检定|审计|监测",
    "operator": r"电信|移动|联通|铁塔",
    "public": r"政务|政府|公安|城管|城市管理|应急|雪亮|社区|街道|乡镇|数据局|行政|执法|医院|学校|学院|教育|卫生|交管|"
              r"水务|环境|森林|消防|气象",
    "own": r"自有|员工|营业厅|客户全国|某公司|某集团|数据中心列头|支撑网|oss|财务|研发",
}
_LEXICON = {k: re.compile(v) for k, v in LEXICON.items()}
_RAW_LEXICON = {k: re.compile(v.replace("0+", r"\d+"), re.IGNORECASE) for k, v in LEXICON.items()}  # for evidence
PAIRS = [("ict", "works"), ("ict", "service"), ("period", "service"), ("operator", "public"), ("operator", "own"),
         ("ict", "supervision"), ("ict", "goods"), ("ict", "public")]


def ngrams(text: str) -> Counter:
    t = normalise(text)
    grams: Counter = Counter()
    for n in range(NGRAMS[0], NGRAMS[1] + 1):
        for i in range(len(t) - n + 1):
            grams[t[i:i + n]] += 1
    present = {k for k, rx in _LEXICON.items() if rx.search(t)}
    for k in present:
        grams[f"⟨{k}⟩"] = 1
    for a, b in PAIRS:
        if a in present and b in present:
            grams[f"⟨{a}+{b}⟩"] = 1
    return grams


def tfidf(grams: Counter, vocab: dict[str, int], idf: list[float]) -> dict[int, float]:
    """Sublinear tf × idf over the vocabulary, L2-normalised: {feature index: weight}."""
    vec = {}
    for g, c in grams.items():
        j = vocab.get(g)
        if j is not None:
            vec[j] = (1.0 + math.log(c)) * idf[j]
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {j: v / norm for j, v in vec.items()}


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


class TextModel:
    def __init__(self, data: dict):
        self.data = data
        self.version: str = data["version"]
        self.vocab: dict[str, int] = {g: i for i, g in enumerate(data["vocabulary"])}
        self.grams: list[str] = data["vocabulary"]
        self.idf: list[float] = data["idf"]
        self.heads: dict = data["heads"]

    @classmethod
    def load(cls, path: Path | str = MODEL_FILE) -> "TextModel":
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelError(f"model file {path} not found: run `tenders train`") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ModelError(f"model file {path} is not a tenderwatch model ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ModelError(f"model file {path} is not a tenderwatch model of format {FORMAT}: run `tenders train`")
        return cls(data)

    def vector(self, text: str) -> dict[int, float]:
        return tfidf(ngrams(text), self.vocab, self.idf)

    def _score(self, head: dict, vec: dict[int, float], row: int | None = None) -> float:
        coef = head["coef"] if row is None else head["coef"][row]
        icpt = head["intercept"] if row is None else head["intercept"][row]
        return icpt + sum(coef[j] * v for j, v in vec.items())

    def binary(self, name: str, vec: dict[int, float]) -> float:
        """Calibrated probability of a binary head."""
        head = self.heads[name]
        a, b = head["platt"]
        return _sigmoid(a * self._score(head, vec) + b)

    def multiclass(self, name: str, vec: dict[int, float]) -> dict[str, float]:
        head = self.heads[name]
        t = head["temperature"]
        scores = [self._score(head, vec, r) / t for r in range(len(head["classes"]))]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(head["classes"], exps)}

    def evidence(self, name: str, vec: dict[int, float], text: str, row: int | None = None, k: int = 3,
                 sign: int = 1) -> list[str]:
        """Spans of ``text`` behind the features that pushed this head's score most towards the decision (sign 1:
        up, -1: down): n-grams as written in the text, and for a word-group feature the word that matched."""
        head = self.heads[name]
        coef = head["coef"] if row is None else head["coef"][row]
        contrib = sorted(((sign * coef[j] * v, j) for j, v in vec.items()), reverse=True)
        source = simplified(unicodedata.normalize("NFKC", text or "")[:MAX_CHARS])
        spans: list[str] = []
        for c, j in contrib:
            if c <= 0 or len(spans) >= k:
                break
            for span in _spans(self.grams[j], source):
                if len(span) > 1 and not any(span in s or s in span for s in spans):
                    spans.append(span)
        return spans[:k]


def _spans(gram: str, source: str) -> list[str]:
    """Where a feature occurs in the (simplified, NFKC) source text, as written there."""
    if gram.startswith("⟨") and gram.endswith("⟩"):
        out = []
        for group in gram[1:-1].split("+"):
            m = _RAW_LEXICON[group].search(source)
            if m:
                out.append(m.group(0))
        return out
    pattern = r"\s*".join(r"\d+" if ch == "0" else re.escape(ch) for ch in gram)
    m = re.search(pattern, source, re.IGNORECASE)
    return [m.group(0)] if m else []


FORMAT = "tenderwatch-text-model/1"


class ModelError(Exception):
    """The model file is missing or unreadable."""


@lru_cache(maxsize=4)
def default_model(path: str = str(MODEL_FILE)) -> TextModel:
    return TextModel.load(path)
