"""Short-word search on SQLite: the FTS5 trigram index cannot answer a one- or two-character word (云, 家具), so
each notice also gets its unigrams and bigrams as tokens in a second FTS5 table (notice_grams), written next to
every notice. Only the title and the start of the text are indexed this way: enough for 家具 or 校服, small enough
to keep the index a few times the size of the titles."""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

TEXT_PREFIX = 300
_RUN = re.compile(r"[0-9A-Za-z\u3400-\u9fff]+")


def grams(title: str | None, body: str | None = None) -> str:
    out: dict[str, None] = {}
    for run in _RUN.findall(f"{title or ''} {(body or '')[:TEXT_PREFIX]}".lower()):
        for i in range(len(run)):
            out[run[i]] = None
            if i + 1 < len(run):
                out[run[i:i + 2]] = None
    return " ".join(out)


def index(session: Session, notice_id: int, title: str | None, body: str | None) -> None:
    """Keep notice_grams in step with one notice (SQLite only; PostgreSQL answers short words with pg_trgm)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    session.execute(text("DELETE FROM notice_grams WHERE rowid = :id"), {"id": notice_id})
    session.execute(text("INSERT INTO notice_grams (rowid, grams) VALUES (:id, :g)"),
                    {"id": notice_id, "g": grams(title, body)})


def match(term: str) -> str:
    """The FTS5 expression for a short word: its bigram token (or unigram), quoted."""
    return '"' + term.lower().replace('"', '""') + '"'
