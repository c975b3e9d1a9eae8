"""How well project linking does, against a truth: pairwise precision and recall.

A pair is two notices in one project. Precision = pairs linked that are true pairs / pairs linked; recall = true
pairs linked / true pairs. The mirror's data files know each notice's project (its project code, which the pages
print in varied ways or leave out: mirrors/ccgp/make_data.shown_variants), so ``mirror_truth`` and
``mirror_pages`` make a labelled set without a crawl.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations


@dataclass
class LinkScore:
    notices: int
    true_pairs: int
    linked_pairs: int
    correct_pairs: int
    wrong: list[tuple] = field(default_factory=list)  # linked pairs that are not true pairs (a sample)
    missed: list[tuple] = field(default_factory=list)  # true pairs not linked (a sample)

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.linked_pairs if self.linked_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0


def _pairs(groups: dict) -> set[frozenset]:
    out: set[frozenset] = set()
    for members in groups.values():
        out |= {frozenset(p) for p in combinations(sorted(members), 2)}
    return out


def score(predicted: dict, truth: dict, sample: int = 20) -> LinkScore:
    """``predicted`` and ``truth`` map a notice key to its project (any hashable); keys missing from either are
    left out. A notice without a predicted project is a project of its own."""
    keys = [k for k in truth if k in predicted]
    by_pred: dict = defaultdict(list)
    by_true: dict = defaultdict(list)
    for k in keys:
        by_pred[predicted[k] if predicted[k] is not None else ("alone", k)].append(k)
        by_true[truth[k]].append(k)
    pred, true = _pairs(by_pred), _pairs(by_true)
    return LinkScore(len(keys), len(true), len(pred), len(pred & true),
                     sorted(tuple(sorted(p)) for p in pred - true)[:sample],
                     sorted(tuple(sorted(p)) for p in true - pred)[:sample])


def mirror_pages(seed: int | None = None) -> list[tuple[str, str, str, bytes, str]]:
    """(source, source id, url, body, truth project) of every ccgp-mirror page and every ggzy-mirror page; with
    ``seed``, the ccgp pages of another data set made the same way (mirrors/ccgp/make_data.build), alone."""
    from mirrors.ccgp.make_data import build
    from mirrors.ccgp.server import CcgpSite, load_notices, notice_path
    from mirrors.ggzy.server import GgzySite, detail_path
    from mirrors.http import Request

    out = []
    notices = load_notices() if seed is None else build(seed)
    ccgp = CcgpSite(notices)
    for n in notices:
        out.append(("ccgp", str(n["id"]), "http://www.ccgp.gov.cn" + notice_path(n), ccgp.page(n), n["project_code"]))
    if seed is not None:
        return out
    ggzy = GgzySite()
    for n in ggzy.notices:
        body = ggzy.handle(Request("GET", detail_path(n), {}, b"", {}, "http://www.ggzy.gov.cn")).bytes()
        out.append(("ggzy", n["id"], "http://www.ggzy.gov.cn" + detail_path(n), body, n["project_code"]))
    return out


def evaluate_mirror(db_url: str, order: str = "published", seed: int = 7,
                    data_seed: int | None = None) -> tuple[LinkScore, LinkScore]:
    """Parse and store every mirror page into the (empty) store at ``db_url`` in the given order — "published",
    "reverse" (newest first, as list pages give them) or "shuffled" — link them as the pipeline does (one
    linking pass after the batch) and score the links. Returns (linking, baseline): the baseline links by the
    project code exactly as printed, as tenderwatch did before store/linking.py."""
    from sqlalchemy import select

    from parsers import PARSER_VERSION, parse_notice
    from store.db import open_store
    from store.linking import link_pending
    from store.models import Notice
    from store.notices import save_notice

    pages = mirror_pages(data_seed)
    parsed = [(src, sid, url, parse_notice(url, body), truth) for src, sid, url, body, truth in pages]
    if order == "shuffled":
        random.Random(seed).shuffle(parsed)
    else:
        parsed.sort(key=lambda p: (p[3].get("published_at") is None, p[3].get("published_at") or 0, p[1]),
                    reverse=order == "reverse")
    engine, Session = open_store(db_url)
    truth = {}
    with Session.begin() as session:
        for src, sid, url, fields, project in parsed:
            save_notice(session, source=src, source_id=sid, url=url, raw_page_id=None, fields=fields,
                        parse_version=PARSER_VERSION, link=False)
            truth[(src, sid)] = project
        link_pending(session)
    with Session() as session:
        rows = session.execute(select(Notice.source, Notice.source_id, Notice.project_id, Notice.project_code)).all()
    engine.dispose()
    return (score({(s, i): p for s, i, p, _ in rows}, truth),
            score({(s, i): (c.strip() if c and c.strip() else None) for s, i, _, c in rows}, truth))
