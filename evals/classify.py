"""`tenders eval classify`: accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix per label,
on the gold set's test split (or, with --cv, by cross-validation over the training split, for development).

Macro-F1 averages over the classes that occur in the gold labels being scored; a class the test split lacks is
named in the report rather than silently counted as 0 or 1.
"""

from __future__ import annotations

from collections import Counter

from classify.gold import Item, split_of, stem
from common.labels import CATEGORIES, DELIVERY_MODELS, LEVELS

NONE = "—"
TARGETS = {"relevance": ("F1", 0.90), "level": ("accuracy", 0.95), "categories": ("macro-F1", 0.85),
           "delivery_model": ("macro-F1", 0.90)}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def single_label(gold: list, pred: list, labels: list) -> dict:
    """Accuracy, per-class P/R/F1/support, macro-F1 over classes present in gold, confusion[gold][pred]."""
    labels = [x for x in labels if x in set(gold) | set(pred)]
    confusion = {g: Counter() for g in labels}
    for g, p in zip(gold, pred):
        confusion[g][p] += 1
    per = {}
    for c in labels:
        tp = confusion.get(c, Counter())[c]
        fp = sum(confusion[g][c] for g in labels if g != c)
        fn = sum(confusion.get(c, Counter()).values()) - tp
        p, r, f = prf(tp, fp, fn)
        per[c] = {"precision": p, "recall": r, "f1": f, "support": tp + fn}
    present = [c for c in labels if per[c]["support"]]
    return {"n": len(gold), "accuracy": sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0,
            "per_class": per, "macro_f1": sum(per[c]["f1"] for c in present) / len(present) if present else 0.0,
            "absent": [c for c in labels if not per[c]["support"]], "labels": labels,
            "confusion": {g: dict(confusion[g]) for g in labels}}


def multi_label(gold: list[list[str]], pred: list[list[str]], labels: list[str]) -> dict:
    per = {}
    for c in labels:
        tp = sum(c in g and c in p for g, p in zip(gold, pred))
        fp = sum(c not in g and c in p for g, p in zip(gold, pred))
        fn = sum(c in g and c not in p for g, p in zip(gold, pred))
        pr, rc, f = prf(tp, fp, fn)
        per[c] = {"precision": pr, "recall": rc, "f1": f, "support": tp + fn, "predicted": tp + fp}
    present = [c for c in labels if per[c]["support"]]
    exact = sum(set(g) == set(p) for g, p in zip(gold, pred))
    return {"n": len(gold), "exact_match": exact / len(gold) if gold else 0.0, "per_class": per,
            "macro_f1": sum(per[c]["f1"] for c in present) / len(present) if present else 0.0,
            "absent": [c for c in labels if not per[c]["support"]]}


def predict(items: list[Item], model, use_rules: bool = True) -> list:
    from classify.classifier import classify

    return [classify(i.title, None, i.buyer, i.region, model=model, use_rules=use_rules) for i in items]


def score(items: list[Item], results: list) -> dict:
    rel_gold = [i.relevance for i in items]
    rel_pred = [r.relevant for r in results]
    relevance = single_label(rel_gold, rel_pred, [True, False])
    relevance["f1"] = relevance["per_class"].get(True, {}).get("f1", 0.0)
    level = single_label([i.level or NONE for i in items], [r.level or NONE for r in results], [*LEVELS, NONE])
    relevant = [(i, r) for i, r in zip(items, results) if i.relevance]
    categories = multi_label([i.categories for i, _ in relevant], [list(r.categories) for _, r in relevant],
                             list(CATEGORIES))
    delivery = single_label([i.delivery_model for i in items], [r.delivery_model for r in results],
                            list(DELIVERY_MODELS))
    return {"relevance": relevance, "level": level, "categories": categories, "delivery_model": delivery}


def cross_validate(items: list[Item], k: int = 5, progress=None, use_rules: bool = True) -> tuple[list[Item], list]:
    """Out-of-fold predictions over the training split (folds by title stem), each fold's model trained on the
    others plus the mirror items. For development: the test split stays unseen."""
    import hashlib
    import tempfile
    from pathlib import Path

    from classify.textmodel import TextModel
    from classify.train import train

    pool = [i for i in items if i.split == "train" and i.group != "mirror"]
    extra = [i for i in items if i.group == "mirror"]
    fold = {i.id: int(hashlib.md5(stem(i.title).encode("utf-8")).hexdigest(), 16) % k for i in pool}
    out_items, out_results = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for f in range(k):
            train_items = [i for i in pool if fold[i.id] != f] + extra
            held = [i for i in pool if fold[i.id] == f]
            path = Path(tmp) / f"fold{f}.json"
            train(train_items, path, progress=lambda *_: None)
            model = TextModel.load(path)
            out_items += held
            out_results += predict(held, model, use_rules)
            if progress:
                progress(f"cv: fold {f + 1}/{k} done ({len(held)} items)")
    return out_items, out_results


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def report(scores: dict, title: str) -> str:
    lines = [title, ""]
    for name, s in scores.items():
        metric, target = TARGETS[name]
        value = {"F1": s.get("f1", 0.0), "accuracy": s.get("accuracy", 0.0)}.get(metric, s["macro_f1"])
        verdict = "met" if value >= target else "MISSED"
        lines.append(f"{name}: {metric} {_fmt(value)} (target ≥ {target:.2f}: {verdict}); n={s['n']}"
                     + (f", accuracy {_fmt(s['accuracy'])}" if "accuracy" in s and metric != "accuracy" else "")
                     + (f", macro-F1 {_fmt(s['macro_f1'])}" if metric != "macro-F1" else "")
                     + (f", exact set match {_fmt(s['exact_match'])}" if "exact_match" in s else ""))
        for c, m in s["per_class"].items():
            lines.append(f"  {str(c):<8} P {_fmt(m['precision'])}  R {_fmt(m['recall'])}  F1 {_fmt(m['f1'])}"
                         f"  support {m['support']}")
        if s.get("absent"):
            absent = ", ".join(map(str, s["absent"]))
            lines.append(f"  not in these gold labels (left out of the macro average): {absent}")
        if "confusion" in s:
            labels = s["labels"]
            lines.append("  confusion (rows gold, columns predicted):")
            lines.append("  " + " " * 8 + "".join(f"{str(c)[:6]:>8}" for c in labels))
            for g in labels:
                lines.append(f"  {str(g)[:6]:<8}" + "".join(f"{s['confusion'][g].get(p, 0):>8}" for p in labels))
        lines.append("")
    return "\n".join(lines)


def misses(items: list[Item], results: list, limit: int = 40) -> str:
    lines = []
    for i, r in zip(items, results):
        wrong = []
        if i.relevance != r.relevant:
            wrong.append(f"relevance {i.relevance}→{r.relevant}")
        if (i.level or NONE) != (r.level or NONE):
            wrong.append(f"level {i.level}→{r.level} ({r.evidence['level'][0]['explanation']})")
        if i.relevance and set(i.categories) != set(r.categories):
            wrong.append(f"categories {i.categories}→{list(r.categories)}")
        if i.delivery_model != r.delivery_model:
            wrong.append(f"delivery {i.delivery_model}→{r.delivery_model}")
        if wrong:
            lines.append(f"{i.id} {i.title[:60]}: " + "; ".join(wrong))
    return "\n".join(lines[:limit] + ([f"… {len(lines) - limit} more"] if len(lines) > limit else []))


__all__ = ["cross_validate", "misses", "predict", "report", "score", "split_of"]
