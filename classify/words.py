"""Words of a title, as a reader would cut them: jieba's dictionary (shipped with it), with every lexicon term kept
whole (政务云, 城市大脑, 可行性缺口补助), after NFKC and traditional → simplified. The text model's features and every
evidence span a reader sees are these words or lexicon terms, never character fragments.
"""

from __future__ import annotations

import logging
import re
import tempfile
import threading
import unicodedata
from functools import lru_cache

MAX_CHARS = 400  # titles are short; a long input is cut, never a reason to be slow
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_PUNCT = re.compile(r"^[\W_]+$")
_LOCK = threading.Lock()


def simplified(text: str) -> str:
    """Traditional characters → simplified (貴州電子 → 贵州电子): aggregators re-encode notices."""
    import zhconv

    return zhconv.convert(text, "zh-cn") if text else ""


def clean(text: str) -> str:
    """NFKC, simplified, whitespace collapsed, cut to MAX_CHARS: the text words are cut from and spans point into."""
    t = simplified(unicodedata.normalize("NFKC", text or "")[:MAX_CHARS])
    return re.sub(r"\s+", " ", t).strip()


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    from classify.lexicon import terms

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.tmp_dir = tempfile.gettempdir()
    for t in terms():
        tok.add_word(unicodedata.normalize("NFKC", t.term), freq=200000)
    return tok


def words(text: str) -> list[str]:
    """The words of ``text`` in order (punctuation and spaces dropped), as written in clean(text)."""
    t = clean(text)
    if not t:
        return []
    with _LOCK:  # jieba's tokenizer initialises lazily and is not thread-safe while doing so
        cut = list(_tokenizer().cut(t, HMM=True))
    return [w for w in cut if w.strip() and not _PUNCT.match(w)]


def feature(word: str) -> str:
    """A word as a feature: lower case, numbers folded to 0 (2025年 and 2026年 are one feature)."""
    return _DIGITS.sub("0", word.lower())
