"""Project codes (项目编号) compared across ways of writing them: linking matches on the key, and the OCDS ids
(store/ocids.py) are drawn from it."""

from __future__ import annotations

import re
import unicodedata

_CODE_SEPARATORS = re.compile(r"[\s\-_/\\—–－·.,，:：()（）〔〕\[\]【】]")


def code_key(code: str | None) -> str | None:
    """A project code compared across ways of writing it; None for no code or a placeholder (/, 无)."""
    s = _CODE_SEPARATORS.sub("", unicodedata.normalize("NFKC", code or "")).upper()
    return s[:200] if len(s) >= 4 else None
