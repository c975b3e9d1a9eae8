"""Project linking: the notices of one procurement (意向 → 公告 → 更正 → 候选人 → 结果 → 合同) become one project.

A notice is linked, in this order:
1. by its project code (项目编号), compared as written and then as a key (full-width → half-width, upper case,
   separators dropped: ＺＪＣＴ－２０２６－１２３０１ = ZJCT202612301), unless the project with that code has another
   buyer and an unlike title (agencies reuse short codes such as 2026-001): then it is a conflict, kept visible;
2. else by buyer + title: the same buyer (after store.orgs merged its name variants), a title stem (buyer, notice
   type, tags and lot marks removed) at least LIKE alike (character-bigram Dice), published within the window,
   and no round mark that differs (一期/二期, 第二批, 第4号, 2026年); among such projects store.link_rules decides
   (lifecycle, lots, amounts, cited dates, time): two candidates it cannot tell apart are a conflict, and the
   notice is linked to neither;
3. else the notice starts a project of its own. A project started by a code also takes in the earlier notices
   of that buyer that started code-less projects of a like title (a 采购意向 crawled before its 公告).

Lots: a notice's lots (notice_lots) are compared apart from its title, so that each lot's result joins the
project, and an award of one lot is compared with that lot's budget (lot_budgets).

Every link stores its method, a confidence and the evidence (project_link); re-linking is idempotent.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from common.notice_types import TENDER
from store.db import insert_or_get  # concurrent workers may start the same project at once
from store.link_rules import Past, budget_for, distance, unfit, unfit_amount
from store.codes import code_key
from store.models import Notice, Project, ProjectLink
from store.in_force import refresh as refresh_in_force
from store.ocids import PREFIX, settle

PROVISIONAL = PREFIX + "new-"  # a project's ocid until store.ocids.settle gives it the one its notices publish
from common.clock import beijing_now

LIKE = 0.8  # smallest title similarity that links by buyer + title
MARGIN = 0.08  # a second candidate this close to the best is a conflict
TIE_DAYS = 3  # two fitting candidates whose distances (store.link_rules.distance) are this close: a conflict
WINDOW_BEFORE = timedelta(days=400)  # a 采购意向 may come a year before its 公告
WINDOW_AFTER = timedelta(days=60)  # a notice crawled out of order

_TAGS = re.compile(r"\[[^\]]{0,30}\]|【[^】]{0,30}】")
_ENDING = re.compile(r"(?:采购意向|意向公开|公开招标|邀请招标|竞争性磋商|竞争性谈判|单一来源|询价|询比|比选|招标|中标|成交|"
                     r"候选人|结果|更正|变更|澄清|终止|废标|流标|合同|采购公告|公示|公告)")
_FILLER = r"|采购|项目|的|及"  # words between notice-type words: 单一来源采购公示, 中标结果及合同公告
_N = r"[一二三四五六七八九十\d]+"
_MARKS = re.compile(rf"({_N}期|第{_N}号|第{_N}[批次]|(?:19|20)\d\d(?:年度?|-))")  # rounds: never the same project
# lots: one project, several lots (包1, 第2包, 3标段, 标段四, 标项1, 采购包2, 包件1), in brackets or not
_LOTS = re.compile(rf"[(（]?(?:第({_N})(?:包|标段|标项|分包)|({_N})(?:标段|号包)|(?:采购包|标段|标项|包件|分包|包)({_N}))[)）]?")
_CN = {c: i for i, c in enumerate("零一二三四五六七八九十")}


def title_stem(title: str | None, buyer_names: tuple[str, ...] = ()) -> str:
    """The project part of a title: tags, buyer name and the notice-type ending removed, written alike."""
    t = unicodedata.normalize("NFKC", _TAGS.sub("", title or ""))
    t = re.sub(r"\s+", "", t)
    for name in sorted({unicodedata.normalize("NFKC", b or "").replace(" ", "") for b in buyer_names}, key=len,
                       reverse=True):
        if name and t.startswith(name):
            t = t[len(name):]
            break
    m = _ENDING.search(t, min(4, len(t)))
    while m and m.start() < len(t):
        # the ending is the first notice-type word after which only notice-type words and punctuation follow
        rest = t[m.start():]
        if re.fullmatch(rf"(?:{_ENDING.pattern[3:-1]}{_FILLER}|[()（）\W_])+", rest):
            t = t[:m.start()]
            break
        m = _ENDING.search(t, m.end())
    t = _LOTS.sub("", t)  # a lot belongs to its project: compared apart (notice_lots)
    return t.translate(str.maketrans("（）", "()"))


def marks(stem: str) -> frozenset[str]:
    """The parts of a stem that tell one round or phase of a buyer's purchase from another."""
    return frozenset(_MARKS.findall(stem or ""))


def lot_id(text: str | None) -> str | None:
    """'包2', '第二包', '2', '标段二' → '2'; None when no number."""
    m = re.search(_N, unicodedata.normalize("NFKC", str(text or "")))
    if not m:
        return None
    digits = m.group(0)
    if digits.isdigit():
        return str(int(digits))
    if "十" in digits:  # 十 / 十二 / 二十 / 二十一
        tens, _, units = digits.partition("十")
        return str(_CN.get(tens, 1) * 10 + _CN.get(units, 0))
    return "".join(str(_CN.get(c, 0)) for c in digits)


def lot_budgets(lots: list | None) -> dict[str, Decimal]:
    """The budget of each lot in a notice's lot table (parsers.dispatch.lots_of), by lot id; unreadable entries
    skipped."""
    out: dict[str, Decimal] = {}
    for lot in lots or []:
        if isinstance(lot, dict) and lot_id(lot.get("lot")) and lot.get("budget_cny") not in (None, ""):
            try:
                out[lot_id(lot["lot"])] = Decimal(str(lot["budget_cny"]))
            except ArithmeticError:
                continue
    return out


def title_lots(title: str | None) -> frozenset[str]:
    """The lots a title names."""
    return frozenset(lot_id(next(g for g in m.groups() if g)) for m in _LOTS.finditer(
        unicodedata.normalize("NFKC", title or "")))


def notice_lots(n: Notice) -> frozenset[str]:
    """The lots a notice is about: named by its title, its lot table or its suppliers' lot column."""
    lots = set(title_lots(n.title))
    lots |= {lot_id(x.get("lot")) for x in (n.lots or []) if isinstance(x, dict) and x.get("lot")}
    lots |= {lot_id(x.get("lot")) for x in (n.suppliers or []) if isinstance(x, dict) and x.get("lot")}
    return frozenset(lots - {None})


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


def likeness(a: str, b: str) -> float:
    """Dice coefficient of character bigrams; 0 when the distinguishing marks differ."""
    if not a or not b:
        return 0.0
    if marks(a) != marks(b):
        return 0.0
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y))


@dataclass
class Decision:
    project_id: int | None  # None: start a project of its own
    method: str
    confidence: float
    evidence: str
    conflicts: list[dict] = field(default_factory=list)


def _window(session: Session, n: Notice, buyer_id: int):
    q = select(Project).where(Project.buyer_id == buyer_id)
    if n.published_at:
        q = q.where(Project.last_published >= n.published_at - WINDOW_BEFORE,
                    Project.first_published <= n.published_at + WINDOW_AFTER)
    return session.execute(q.order_by(Project.id)).scalars().all()


def decide(session: Session, n: Notice, stem: str, buyer_id: int | None) -> Decision:
    key = code_key(n.project_code)
    conflicts: list[dict] = []
    if key:
        for p in session.execute(select(Project).where(Project.code_key == key).order_by(Project.id)).scalars():
            same_buyer = buyer_id is not None and p.buyer_id == buyer_id
            like = likeness(stem, p.stem or "")
            if same_buyer or like >= LIKE or p.buyer_id is None or buyer_id is None:
                exact = (p.project_code or "") == (n.project_code or "").strip()
                return Decision(p.id, "code" if exact else "code-normalised", 1.0 if exact else 0.98,
                                f"项目编号 {n.project_code}" + ("" if exact else f" = {p.project_code}"))
            conflicts.append({"project_id": p.id, "reason": f"项目编号 {n.project_code} 相同，但采购人与标题不同"})
    if buyer_id is None or not stem:
        return Decision(None, "new", 1.0, "无项目编号可比，也无采购人" if not key else f"项目编号 {n.project_code}",
                        conflicts)
    scored = []
    lots = notice_lots(n)
    for p in _window(session, n, buyer_id):
        if key and p.code_key and p.code_key != key:
            continue  # both carry a code and the codes differ: another project
        like = likeness(stem, p.stem or "")
        if like < LIKE:
            continue
        history, tender_lots = _history(session, p.id, n.id)
        budget = budget_for(history, lots, tender_lots)
        why_not = unfit(n.notice_type, n.published_at, history, lots) or unfit_amount(n.award_cny, budget)
        if why_not:
            conflicts.append({"project_id": p.id, "reason": f"标题相似度 {like:.2f}，但{why_not}"})
            continue
        scored.append((like, distance(n.notice_type, n.published_at, n.text, n.award_cny, history, budget), p))
    scored.sort(key=lambda t: (-t[0], t[1], t[2].id))
    if not scored:
        return Decision(None, "new", 1.0, f"项目编号 {n.project_code}" if key else "无相同采购人的相似项目",
                        conflicts)
    best, dist, p = scored[0]
    rivals = [(s, d, q) for s, d, q in scored[1:] if s >= best - MARGIN and d - dist < TIE_DAYS]
    if rivals:
        conflicts += [{"project_id": q.id, "reason": f"标题相似度 {s:.2f}"} for s, d, q in [(best, dist, p)] + rivals]
        return Decision(None, "new", 0.5, "同一采购人有多个相似且时间相近的项目，未合并", conflicts)
    near = f"，最近的公告相距 {dist:.0f} 天" if 0 <= dist < 365 else ""
    return Decision(p.id, "buyer+title", round(0.6 + 0.35 * best, 3),
                    f"采购人相同，标题相似度 {best:.2f}（{p.stem}）{near}", conflicts)


def _history(session: Session, project_id: int, notice_id: int) -> tuple[list[Past], dict[str, Decimal]]:
    """What a candidate project holds (without the notice being linked), and the budgets its calls give per lot."""
    history, tender_lots = [], {}
    for m in session.execute(select(Notice).where(Notice.project_id == project_id, Notice.id != notice_id)).scalars():
        history.append(Past(m.notice_type, m.published_at, m.deadline, m.budget_cny, m.award_cny, notice_lots(m)))
        if m.notice_type == TENDER:
            tender_lots |= lot_budgets(m.lots)
    return history, tender_lots


def _new_project(session: Session, n: Notice, stem: str, buyer_id: int | None) -> Project:
    key = code_key(n.project_code)
    basis = f"code:{key}:{buyer_id}" if key else f"notice:{n.source}:{n.source_id}"
    # a provisional ocid (two workers starting one project meet on it); store.ocids.settle gives the published one
    ocid = f"{PROVISIONAL}{hashlib.sha1(basis.encode('utf-8')).hexdigest()[:16]}"
    p = session.get(Project, insert_or_get(session, Project, {"ocid": ocid}, "ocid"))
    p.project_code = (n.project_code or "").strip()[:200] or None
    p.code_key, p.title, p.stem, p.buyer_id = key, n.title, stem, buyer_id
    p.first_published = p.last_published = n.published_at
    p.link_evidence = f"项目编号 {n.project_code}" if key else "首个公告"
    session.flush()
    return p


def _attach(session: Session, n: Notice, p: Project, d: Decision) -> None:
    n.project_id = p.id
    if n.published_at:
        p.first_published = min(filter(None, (p.first_published, n.published_at)))
        p.last_published = max(filter(None, (p.last_published, n.published_at)))
    if p.code_key is None and code_key(n.project_code):
        p.project_code, p.code_key = n.project_code.strip()[:200], code_key(n.project_code)
    lots = ",".join(sorted(notice_lots(n), key=lambda x: (len(x), x)))[:40] or None
    values = {"project_id": p.id, "method": d.method, "confidence": d.confidence, "lot": lots,
              "evidence": d.evidence[:1000], "conflicts": d.conflicts or None, "linked_at": beijing_now()}
    link = session.get(ProjectLink, n.id)
    if link is None:
        session.add(ProjectLink(notice_id=n.id, **values))
    else:
        for k, v in values.items():
            setattr(link, k, v)


def _take_in_orphans(session: Session, p: Project, n: Notice) -> int:
    """A project started by a code takes in earlier code-less one-notice projects of its buyer with a like title."""
    if p.buyer_id is None or not p.stem:
        return 0
    taken = 0
    for q in _window(session, n, p.buyer_id):
        if q.id == p.id or q.code_key is not None:
            continue
        like = likeness(p.stem, q.stem or "")
        if like < LIKE:
            continue
        members = session.execute(select(Notice).where(Notice.project_id == q.id)).scalars().all()
        for m in members:
            _attach(session, m, p, Decision(p.id, "buyer+title", round(0.6 + 0.35 * like, 3),
                                            f"采购人相同，标题相似度 {like:.2f}（{p.stem}），后到的项目编号 {p.project_code}"))
        session.flush()
        if not session.execute(select(Notice.id).where(Notice.project_id == q.id).limit(1)).first():
            session.execute(delete(Project).where(Project.id == q.id))
        taken += len(members)
    return taken


def link_notice(session: Session, notice_id: int, settle_ids: bool = True, touched: set[int] | None = None
                ) -> int | None:
    """Link one stored notice (its buyer_id already set); returns its project id. The projects it changes get their
    identifiers settled (store.ocids) now, or are added to ``touched`` for the caller to settle once."""
    n = session.get(Notice, notice_id)
    if n is None:
        return None
    touched = set() if touched is None else touched
    if n.project_id:
        touched.add(n.project_id)  # the project it leaves (a re-parsed notice) may have another first call now
    from store.models import Organization

    buyer = session.get(Organization, n.buyer_id) if n.buyer_id else None
    stem = title_stem(n.title, tuple(filter(None, (n.buyer_raw, buyer.name if buyer else None))))
    d = decide(session, n, stem, n.buyer_id)
    if d.project_id is None:
        p = _new_project(session, n, stem, n.buyer_id)
        _attach(session, n, p, d)
        session.flush()
        if p.code_key:
            _take_in_orphans(session, p, n)
    else:
        p = session.get(Project, d.project_id)
        _attach(session, n, p, d)
    session.flush()
    touched.add(n.project_id)
    if settle_ids:
        settle(session, touched)
        refresh_in_force(session, touched)
    return n.project_id


def leave_for_linking(session: Session, notice_id: int) -> None:
    """A notice stored (or parsed again) without linking it now: its link is dropped, so the next linking pass
    (link_pending, which links a batch in an order that does not depend on the crawl's) decides it again."""
    session.execute(delete(ProjectLink).where(ProjectLink.notice_id == notice_id))


def relink_all(session: Session, progress=None) -> int:  # noqa: ANN001
    """Link every notice again from scratch (after a change of the linking rules): the same store gives the same
    projects."""
    session.execute(update(Notice).values(project_id=None))
    session.execute(delete(ProjectLink))
    session.execute(delete(Project))
    return link_pending(session, progress)


def unlinked(session: Session) -> list[int]:
    """Stored notices without a link yet (new or re-parsed since the last linking pass, or a store from before
    linking), in the order they are linked: those with a project code first, each group by publication."""
    return session.execute(
        select(Notice.id).outerjoin(ProjectLink, ProjectLink.notice_id == Notice.id)
        .where(ProjectLink.notice_id.is_(None))
        .order_by(Notice.project_code.is_(None), Notice.published_at.is_(None), Notice.published_at,
                  Notice.id)).scalars().all()


def link_pending(session: Session, progress=None) -> int:  # noqa: ANN001
    """Link every notice not linked yet. Notices with a code go first, so that a notice without one is judged
    against every project that the batch's codes made, whatever order the pages were crawled in."""
    ids = unlinked(session)
    touched: set[int] = set()
    for i, nid in enumerate(ids, 1):
        link_notice(session, nid, settle_ids=False, touched=touched)
        if progress and i % 500 == 0:
            progress(i, len(ids))
    settle(session, touched)  # also re-settles any project left with an older form of ocid
    refresh_in_force(session, touched)
    return len(ids)

