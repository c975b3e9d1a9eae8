"""Project linking: the notices of one procurement (意向 → 公告 → 更正 → 候选人 → 结果 → 合同) become one project.

A notice is linked, in this order:
1. by its project code (项目编号), compared as written and then as a key (full-width → half-width, upper case,
   separators dropped: ＺＪＣＴ－２０２６－１２３０１ = ZJCT202612301), unless the project with that code has another
   buyer and an unlike title (agencies reuse short codes such as 2026-001): then it is a conflict, kept visible;
2. else by buyer + title: the same buyer (after store.orgs merged its name variants), a title stem (buyer, notice
   type and brackets of notes removed) at least LIKE alike (character-bigram Dice), published within WINDOW, and
   no distinguishing mark that differs (一期/二期, 第二批, 2026年, 第二次, 标段/包): two candidates that are
   nearly as alike as each other are a conflict, and the notice is linked to neither;
3. else the notice starts a project of its own. A project started by a code also takes in the earlier notices
   of that buyer that started code-less projects of a like title (a 采购意向 crawled before its 公告).

Every link stores its method, a confidence and the evidence (project_link); re-linking is idempotent.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from store.models import Notice, Project, ProjectLink

LIKE = 0.8  # smallest title similarity that links by buyer + title
MARGIN = 0.08  # a second candidate this close to the best is a conflict
WINDOW_BEFORE = timedelta(days=400)  # a 采购意向 may come a year before its 公告
WINDOW_AFTER = timedelta(days=60)  # a notice crawled out of order

_TAGS = re.compile(r"\[[^\]]{0,30}\]|【[^】]{0,30}】")
_ENDING = re.compile(r"(?:采购意向|意向公开|公开招标|邀请招标|竞争性磋商|竞争性谈判|单一来源|询价|询比|比选|招标|中标|成交|"
                     r"候选人|结果|更正|变更|澄清|终止|废标|流标|合同|采购公告|公示|公告)")
_FILLER = r"|采购|项目|的|及"  # words between notice-type words: 单一来源采购公示, 中标结果及合同公告
_MARKS = re.compile(r"([一二三四五六七八九十\d]+期|第[一二三四五六七八九十\d]+号|第[一二三四五六七八九十\d]+[批次包]|[一二三四五六七八九十\d]+标段|"
                    r"[包标][一二三四五六七八九十\d]+|(?:19|20)\d\d(?:年度?|-))")
_CODE_SEPARATORS = re.compile(r"[\s\-_/\\—–－·.,，:：()（）〔〕\[\]【】]")


def code_key(code: str | None) -> str | None:
    """A project code compared across ways of writing it; None for no code or a placeholder (/, 无)."""
    s = _CODE_SEPARATORS.sub("", unicodedata.normalize("NFKC", code or "")).upper()
    return s[:200] if len(s) >= 4 else None


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
    return t.translate(str.maketrans("（）", "()"))


def marks(stem: str) -> frozenset[str]:
    """The parts of a stem that tell one round or phase of a buyer's purchase from another."""
    return frozenset(_MARKS.findall(stem or ""))


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
    for p in _window(session, n, buyer_id):
        if key and p.code_key and p.code_key != key:
            continue  # both carry a code and the codes differ: another project
        like = likeness(stem, p.stem or "")
        if like < LIKE:
            continue
        history = session.execute(select(Notice.notice_type, Notice.published_at, Notice.deadline,
                                         Notice.budget_cny, Notice.award_cny)
                                  .where(Notice.project_id == p.id, Notice.id != n.id)).all()
        why_not = unfit(n.notice_type, n.published_at, history) or unfit_amount(n.award_cny, history)
        if why_not:
            conflicts.append({"project_id": p.id, "reason": f"标题相似度 {like:.2f}，但{why_not}"})
            continue
        scored.append((like, _distance(n.published_at, history) + _penalty(n, history), p))
    scored.sort(key=lambda t: (-t[0], t[1], t[2].id))
    if not scored:
        return Decision(None, "new", 1.0, f"项目编号 {n.project_code}" if key else "无相同采购人的相似项目",
                        conflicts)
    best, dist, p = scored[0]
    rivals = [(s, d, q) for s, d, q in scored[1:] if s >= best - MARGIN and d - dist < TIE_DAYS]
    if rivals:
        conflicts += [{"project_id": q.id, "reason": f"标题相似度 {s:.2f}，相距 {d:.0f} 天"}
                      for s, d, q in [(best, dist, p)] + rivals]
        return Decision(None, "new", 0.5, "同一采购人有多个相似且时间相近的项目，未合并", conflicts)
    return Decision(p.id, "buyer+title", round(0.6 + 0.35 * best, 3),
                    f"采购人相同，标题相似度 {best:.2f}（{p.stem}），相距 {dist:.0f} 天", conflicts)


def _penalty(n: Notice, history: list) -> float:
    """Days added to a candidate's distance for what makes it a less likely home; 0 for an exact sign."""
    if n.award_cny is not None and any(h[4] == n.award_cny for h in history):
        return -1000.0  # a contract for the amount of the project's award
    cited = first_published_cited(n.text)
    if cited is not None:
        if any(h[0] == "招标/采购公告" and h[1] and h[1].date() == cited for h in history):
            return -1000.0  # a 更正 citing the day of the project's call for tenders
        penalty = 365.0
    else:
        penalty = 0.0
    if before_opening(n.notice_type, n.published_at, history):
        penalty += 365.0
    if n.notice_type == "终止/废标公告" and after_opening_said(n.text) and before_opening(
            "中标/成交公告", n.published_at, history):
        penalty += 365.0  # ended for a reason that needs the bids opened, before this project opened them
    budgets = [h[3] for h in history if h[0] == "招标/采购公告" and h[3]]
    if n.award_cny is not None and budgets and n.award_cny < Decimal("0.6") * max(budgets):
        penalty += 180.0  # awards come at 60–100 % of the budget, nearly always
    return penalty


_CITED = re.compile(r"(?:首次公告日期|原公告发布(?:日期|时间)|原公告日期|首次公告时间)\s*[:：]\s*(\d{4})\s*[年\-./]\s*(\d{1,2})"
                    r"\s*[月\-./]\s*(\d{1,2})")
_AFTER_OPENING = re.compile(r"不足[三3]家|开标|评标|评审|有效投标")


def first_published_cited(text: str | None) -> date | None:
    """The day of the original call for tenders that a 更正 or 终止 notice cites (首次公告日期：2026年11月06日)."""
    m = _CITED.search(text or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def after_opening_said(text: str | None) -> bool:
    """A 终止 notice whose reason needs the bids opened (不足三家, 评标…)."""
    return bool(_AFTER_OPENING.search(text or ""))


TIE_DAYS = 3  # two fitting candidates whose nearest notices are this close in time cannot be told apart
_BEFORE_TENDER = ("采购意向公开",)
_DURING_TENDER = ("更正公告", "终止/废标公告", "中标候选人公示", "资格预审公告")
_RESULT = ("中标/成交公告",)


def unfit(notice_type: str | None, at: datetime | None, history: list) -> str | None:
    """Why a notice of this type, published at ``at``, cannot belong to a project with this history of
    (type, published) — e.g. a 更正 after the project's award, a 合同 before its award — else None."""
    if at is None or notice_type is None:
        return None
    # by day: the same announcement on another source often carries the day only (00:00)
    before = [h[0] for h in history if h[1] and h[1].date() < at.date()]
    after = [h[0] for h in history if h[1] and h[1].date() > at.date()]
    if notice_type in _BEFORE_TENDER:
        return "该项目此前已有采购公告" if "招标/采购公告" in before else None
    if notice_type in _DURING_TENDER + _RESULT + ("招标/采购公告",):
        ended = [t for t in before if t in ("中标/成交公告", "合同公告", "终止/废标公告")]
        if ended:
            return f"该项目此前已有{ended[0]}"
        if notice_type != "招标/采购公告" and "招标/采购公告" in after:
            return "该项目的采购公告在其后"
    if notice_type == "合同公告":
        if "合同公告" in before:
            return "该项目此前已有合同公告"
        if any(t in ("中标/成交公告", "招标/采购公告") for t in after):
            return "该项目的采购或中标公告在其后"
        if "招标/采购公告" in before and "中标/成交公告" not in before:
            return "该项目尚无中标公告"
    return None


def before_opening(notice_type: str | None, at: datetime | None, history: list) -> bool:
    """A result published before the project's bid opening (开标时间) is unlikely, not impossible: deadlines are
    moved by corrections a store may not hold, and misprinted. A preference between candidates, not a bar."""
    if notice_type not in _RESULT + ("中标候选人公示",) or at is None:
        return False
    opening = max((h[2] for h in history if h[0] in ("招标/采购公告", "更正公告") and h[1] and h[1] < at and h[2]),
                  default=None)
    return bool(opening and opening > at)


def unfit_amount(award, history: list) -> str | None:  # noqa: ANN001 - Decimal | None
    """An award or contract above every budget the project's calls for tenders stated does not belong to it."""
    budgets = [h[3] for h in history if h[0] == "招标/采购公告" and h[3]]
    if award is not None and budgets and award > max(budgets):
        return f"金额 {award} 超过该项目预算 {max(budgets)}"
    return None


def _distance(at: datetime | None, history: list) -> float:
    """Days from ``at`` to the nearest notice of the project."""
    days = [abs((at - h[1]).total_seconds()) / 86400 for h in history if at and h[1]]
    return min(days) if days else 0.0


def _new_project(session: Session, n: Notice, stem: str, buyer_id: int | None) -> Project:
    key = code_key(n.project_code)
    basis = f"code:{key}:{buyer_id}" if key else f"notice:{n.source}:{n.source_id}"
    ocid = "ocds-tenderwatch-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]
    from store.orgs import insert_or_get  # concurrent workers may start the same project at once

    p = session.get(Project, insert_or_get(session, Project, {"ocid": ocid}, "ocid"))
    p.project_code = (n.project_code or "").strip()[:200] or None
    p.code_key, p.title, p.stem, p.buyer_id = key, n.title, stem, buyer_id
    p.first_published = p.last_published = n.published_at
    p.link_evidence = f"项目编号 {n.project_code}" if key else "首个公告"
    session.flush()
    return p


def _lot(n: Notice) -> str | None:
    lots = {str(s.get("lot")) for s in (n.suppliers or []) if isinstance(s, dict) and s.get("lot")}
    return lots.pop()[:40] if len(lots) == 1 else None


def _attach(session: Session, n: Notice, p: Project, d: Decision) -> None:
    n.project_id = p.id
    if n.published_at:
        p.first_published = min(filter(None, (p.first_published, n.published_at)))
        p.last_published = max(filter(None, (p.last_published, n.published_at)))
    if p.code_key is None and code_key(n.project_code):
        p.project_code, p.code_key = n.project_code.strip()[:200], code_key(n.project_code)
    values = {"project_id": p.id, "method": d.method, "confidence": d.confidence, "lot": _lot(n),
              "evidence": d.evidence[:1000], "conflicts": d.conflicts or None, "linked_at": datetime.now()}
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


def link_notice(session: Session, notice_id: int) -> int | None:
    """Link one stored notice (its buyer_id already set); returns its project id."""
    n = session.get(Notice, notice_id)
    if n is None:
        return None
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
    return n.project_id


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
    for i, nid in enumerate(ids, 1):
        link_notice(session, nid)
        if progress and i % 500 == 0:
            progress(i, len(ids))
    return len(ids)


def project_figures(notices: list[Notice]) -> dict:
    """What a project's linked notices say (the web's project page): days from the first call for tenders to the
    first award, award / budget, and the outcome so far (awarded, failed, open)."""
    calls = [n for n in notices if n.notice_type == "招标/采购公告" and n.duplicate_of is None]
    awards = [n for n in notices if n.notice_type == "中标/成交公告" and n.duplicate_of is None]
    failed = [n for n in notices if n.notice_type == "终止/废标公告"]
    first_call = min((n.published_at for n in calls if n.published_at), default=None)
    first_award = min((n.published_at for n in awards if n.published_at), default=None)
    budget = max((n.budget_cny for n in calls if n.budget_cny), default=None)
    award = sum((n.award_cny for n in awards if n.award_cny), Decimal(0)) or None
    return {
        "days_to_award": (first_award - first_call).days if first_call and first_award and first_award >= first_call
        else None,
        "ratio": float(award / budget) if award and budget else None,
        "outcome": "awarded" if awards else "failed" if failed else "open",
    }
