"""The learned part of the classifier: word TF-IDF and linear heads, stored as one JSON file.

Features are the title's words (classify/words.py: jieba's dictionary with every lexicon term kept whole, numbers
folded), one feature ⟨label⟩ per lexicon label whose terms the title holds (⟨数据⟩, ⟨PPP⟩, ⟨not-ict⟩ …), and a few
word groups and pairs (works, goods, services, periods, operators). A reader can check every one of them: evidence
is the words and lexicon terms behind the features that pushed a decision, never a character fragment.

Training (classify/train.py) uses scikit-learn; inference here is plain Python over the JSON file, so a stored
model never depends on the installed scikit-learn's pickle format, and the features are computed by the same
function in training and in use. Each head carries its calibration (Platt scaling for binary heads, a temperature
for the delivery-model head), fitted on out-of-fold scores of the training items.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from classify import lexicon
from classify.words import MAX_CHARS, clean, feature, simplified, words  # noqa: F401  (simplified re-exported)

MODEL_FILE = Path(__file__).resolve().parent / "models" / "text-model.json"

# Word groups that generalise beyond the training titles; each present group adds one feature ⟨name⟩ (and a few
# pairs), which the linear heads weigh like any word. They are features, not decisions; a group's evidence is the
# whole word of the title that it matched.
GROUPS = {
    "works": r"施工|监理|勘察|设计|土建|道路|公路|管网|污水|排水|供水|绿化|装修|配电|场平|修复|安置|厂房|改扩建|"
             r"冷链|物流|农田|养殖|供热|光伏|桥|管线|迁改",
    "goods": r"家具|服装|校服|工作服|被服|床|药品|试剂|耗材|疫苗|食材|医疗设备|器械|超声|车辆|用车|柜|电梯|井盖|"
             r"空调|灯|设备采购",
    "period": r"^0+年$|年度|第.年|^0+-0+$",
    "service": r"物业|安保|保洁|洗涤|运维|维保|维护|租赁|外包|代维|驻场|运营|托管|养护|劳务|护工|检定|审计|监测|服务",
    "operator": r"电信|移动|联通|铁塔",
    "public": r"政务|政府|公安|城管|城市管理|应急|社区|街道|乡镇|数据局|行政|执法|医院|学校|学院|教育|卫生|交管|"
              r"水务|环境|森林|消防|气象|博物馆|纪念馆|图书馆",
}
_GROUPS = {k: re.compile(v) for k, v in GROUPS.items()}
PAIRS = [("ict", "works"), ("ict", "service"), ("period", "service"), ("operator", "public"), ("ict", "goods"),
         ("ict", "public"), ("not-ict", "ict")]
ICT_LABELS = {*lexicon.CATEGORY_LABELS, "ict"}


def features(text: str) -> Counter:
    """The features of a text: its words, the lexicon labels it names, the word groups and their pairs."""
    ws = words(text)
    grams: Counter = Counter(feature(w) for w in ws)
    present = {label for label in lexicon.LABELS if lexicon.find(clean(text), label)}
    for label in present:
        grams[f"⟨{label}⟩"] = 1
    if present & ICT_LABELS:
        present.add("ict")
        grams["⟨ict⟩"] = 1
    folded = [feature(w) for w in ws]
    for name, rx in _GROUPS.items():
        if any(rx.search(w) for w in folded):
            grams[f"⟨{name}⟩"] = 1
            present.add(name)
    for a, b in PAIRS:
        if a in present and b in present:
            grams[f"⟨{a}+{b}⟩"] = 1
    return grams


ngrams = features  # the name training and older callers use


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
        """The words and lexicon terms of ``text`` behind the features that pushed this head's score most towards
        the decision (sign 1: up, -1: down), as written in the text: a word feature shows its word, a lexicon
        feature ⟨label⟩ the term it matched, a group the word it matched. Never a fragment of a word."""
        head = self.heads[name]
        coef = head["coef"] if row is None else head["coef"][row]
        contrib = sorted(((sign * coef[j] * v, j) for j, v in vec.items()), reverse=True)
        spans: list[str] = []
        ws = words(text)
        for c, j in contrib:
            if c <= 0 or len(spans) >= k:
                break
            for span in _spans(self.grams[j], ws, clean(text)):
                if (len(span) > 1 or lexicon.source_of(span)) and not any(span in s or s in span for s in spans):
                    spans.append(span)
        return spans[:k]


def _spans(gram: str, ws: list[str], text: str) -> list[str]:
    """Where a feature occurs in the text, as a whole word or a lexicon term."""
    if gram.startswith("⟨") and gram.endswith("⟩"):
        out = []
        for group in gram[1:-1].split("+"):
            if group in lexicon.LABELS or group == "ict":
                labels = ICT_LABELS if group == "ict" else {group}
                out += [t for label in labels for t in lexicon.find(text, label)][:1]
            elif group in _GROUPS:
                out += [w for w in ws if _GROUPS[group].search(feature(w))][:1]
        return out
    return [w for w in ws if feature(w) == gram][:1]


FORMAT = "tenderwatch-text-model/2"


class ModelError(Exception):
    """The model file is missing or unreadable."""


@lru_cache(maxsize=4)
def default_model(path: str = str(MODEL_FILE)) -> TextModel:
    return TextModel.load(path)
