"""The domain lexicon (classify/lexicon/terms.tsv): terms per category, delivery model and relevance, each with the
seed passage or development titles that motivated it. Rules match it, the word segmenter keeps its terms whole, the
text model sees each label's terms as one feature, and evidence shown to a reader is a term or a whole word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_FILE = Path(__file__).resolve().parent / "lexicon" / "terms.tsv"
CATEGORY_LABELS = ("系统/场景", "数据", "基础设施", "安全", "综合")
DELIVERY_LABELS = ("PPP", "EPC", "政府购买服务")
LABELS = (*CATEGORY_LABELS, *DELIVERY_LABELS, "ict", "not-ict", "one-off", "public-customer")


@dataclass(frozen=True)
class Term:
    term: str
    label: str
    source: str


class LexiconError(ValueError):
    """terms.tsv is malformed."""


@lru_cache(maxsize=1)
def terms(path: Path = LEXICON_FILE) -> tuple[Term, ...]:
    out, seen = [], set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise LexiconError(f"{path}:{n}: want term, label and source separated by tabs")
        term, label, source = (p.strip() for p in parts)
        if label not in LABELS:
            raise LexiconError(f"{path}:{n}: unknown label {label!r}")
        if (term, label) in seen:
            raise LexiconError(f"{path}:{n}: {term} / {label} twice")
        seen.add((term, label))
        out.append(Term(term, label, source))
    return tuple(out)


def fold(text: str) -> str:
    """What terms are matched against: NFKC (full-width → half-width), upper-case Latin letters."""
    return unicodedata.normalize("NFKC", text or "").upper()


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    by_label: dict[str, list[str]] = {}
    for t in terms():
        by_label.setdefault(t.label, []).append(fold(t.term))
    out = {}
    for label, words in by_label.items():
        words.sort(key=len, reverse=True)  # the longest term wins: 公共数据授权运营 before 授权运营
        alts = "|".join(_term_pattern(w) for w in words)
        out[label] = re.compile(alts)
    return out


def _term_pattern(term: str) -> str:
    p = re.escape(term)
    if re.fullmatch(r"[A-Z+]+", term):  # BOT in ROBOT is no BOT; PPP stands alone
        p = rf"(?<![A-Z]){p}(?![A-Z])"
    return p


def find(text: str, label: str) -> list[str]:
    """The terms of ``label`` in ``text``, in order, as written in the lexicon's folded form."""
    rx = _patterns().get(label)
    return [m.group(0) for m in rx.finditer(fold(text))] if rx else []


def first(text: str, label: str) -> str | None:
    found = find(text, label)
    return found[0] if found else None


def source_of(term: str, label: str | None = None) -> str | None:
    folded = fold(term)
    for t in terms():
        if fold(t.term) == folded and (label is None or t.label == label):
            return t.source
    return None
