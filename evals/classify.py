"""`tenders eval classify`: accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix per label,
on the development items (out of fold: 5-fold cross-validation, each fold's model trained on the others) and, when
asked, on the held-out gold (the committed model; every such scoring is counted in heldout-scorings.log).

Macro-F1 averages over the classes that occur in the gold labels being scored; the figure a target is held against
(the *gated* macro-F1) averages only the classes with at least ``MIN_SUPPORT`` gold items, and every class below
that is named with its count rather than silently counted.
"""

from __future__ import annotations

from collections import Counter

from classify.gold import Item, stem
from common.labels import CATEGORIES, DELIVERY_MODELS, LEVELS

NONE = "—"
TARGETS = {"relevance": ("F1", 0.95), "level": ("accuracy", 0.95), "categories": ("macro-F1", 0.85),
           "delivery_model": ("macro-F1", 0.90)}
MIN_SUPPORT = 10  # a class with fewer gold items is reported with its count, not gated


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
            **_gated(per), "absent": [c for c in labels if not per[c]["support"]], "labels": labels,
            "confusion": {g: dict(confusion[g]) for g in labels}}


def _gated(per: dict) -> dict:
    gated = [c for c, m in per.items() if m["support"] >= MIN_SUPPORT]
    return {"gated_macro_f1": sum(per[c]["f1"] for c in gated) / len(gated) if gated else None,
            "gated_classes": gated, "small": {c: m["support"] for c, m in per.items() if 0 < m["support"] < MIN_SUPPORT}}


def multi_label(gold: list[list[str]], pred: list[list[str]], labels: list[str]) -> dict:
    """Per-label P/R/F1 and a confusion of label sets: for every gold label of an item, the predicted labels of that
    item (``—`` when none), so that a row shows what each gold category is taken for."""
    confusion = {g: Counter() for g in labels}
    for gs, ps in zip(gold, pred):
        for g in gs:
            for p in (ps or [NONE]):
                confusion[g][p] += 1
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
            "macro_f1": sum(per[c]["f1"] for c in present) / len(present) if present else 0.0, **_gated(per),
            "absent": [c for c in labels if not per[c]["support"]], "labels": [*labels, NONE],
            "rows": labels, "confusion": {g: dict(confusion[g]) for g in labels}}


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


def cross_validate(items: list[Item], k: int = 5, progress=None, use_rules: bool = True, baseline_too: bool = False,
                   shared=None) -> tuple:
    """Out-of-fold predictions over the development items (folds by title stem), each fold's model trained on the
    others plus the mirror items and the weak labels. The held-out items stay unseen. With ``baseline_too`` also
    the text model's predictions alone, from the same fold models: (items, results, baseline results)."""
    import hashlib
    import tempfile
    from pathlib import Path

    from classify.gold import shared_dir
    from classify.textmodel import TextModel
    from classify.train import train
    from classify.weak import weak_items

    pool = [i for i in items if i.split == "dev" and i.group != "mirror"]
    weak = weak_items((shared or shared_dir()).resolve(), items) if pool else []
    extra = [i for i in items if i.group == "mirror"]
    fold = {i.id: int(hashlib.md5(stem(i.title).encode("utf-8")).hexdigest(), 16) % k for i in pool}
    out_items, out_results, out_alone = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for f in range(k):
            train_items = [i for i in pool if fold[i.id] != f] + extra
            held = [i for i in pool if fold[i.id] == f]
            path = Path(tmp) / f"fold{f}.json"
            train(train_items, path, progress=lambda *_: None, weak=weak)
            model = TextModel.load(path)
            out_items += held
            out_results += predict(held, model, use_rules)
            if baseline_too:
                out_alone += predict(held, model, False)
            if progress:
                progress(f"cv: fold {f + 1}/{k} done ({len(held)} items)")
    return (out_items, out_results, out_alone) if baseline_too else (out_items, out_results)


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def report(scores: dict, title: str) -> str:
    lines = [title, ""]
    for name, s in scores.items():
        metric, target = TARGETS[name]
        value = {"F1": s.get("f1", 0.0), "accuracy": s.get("accuracy", 0.0)}.get(metric, s.get("gated_macro_f1"))
        verdict = "no class has enough items" if value is None else "met" if value >= target else "MISSED"
        shown = "-" if value is None else _fmt(value)
        gated = (f" over {', '.join(map(str, s['gated_classes']))}" if metric == "macro-F1" else "")
        lines.append(f"{name}: {metric} {shown}{gated} (target ≥ {target:.2f}: {verdict}); n={s['n']}"
                     + (f", accuracy {_fmt(s['accuracy'])}" if "accuracy" in s and metric != "accuracy" else "")
                     + f", macro-F1 over every class present {_fmt(s['macro_f1'])}"
                     + (f", exact set match {_fmt(s['exact_match'])}" if "exact_match" in s else ""))
        if metric == "macro-F1" and s.get("small"):
            small = ", ".join(f"{c} {n}" for c, n in s["small"].items())
            lines.append(f"  fewer than {MIN_SUPPORT} gold items, reported with the count, not gated: {small}")
        for c, m in s["per_class"].items():
            lines.append(f"  {str(c):<8} P {_fmt(m['precision'])}  R {_fmt(m['recall'])}  F1 {_fmt(m['f1'])}"
                         f"  support {m['support']}")
        if s.get("absent"):
            absent = ", ".join(map(str, s["absent"]))
            lines.append(f"  not in these gold labels (left out of the macro average): {absent}")
        if "confusion" in s:
            labels = s["labels"]
            lines.append("  confusion (rows gold, columns predicted" + (
                "; per gold category, the categories predicted for its items):" if "rows" in s else "):"))
            lines.append("  " + " " * 8 + "".join(f"{str(c)[:6]:>8}" for c in labels))
            for g in s.get("rows", labels):
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


def agreement(first: list[Item], second: list[Item]) -> dict:
    """Agreement of two readings of the same items: per label the share of items given the same label and Cohen's
    kappa (relevance, level, delivery model; categories as the exact set, on items both call relevant)."""
    by_key = {i.extra["source"]: i for i in second}
    pairs = [(a, by_key[a.extra["source"]]) for a in first if a.extra["source"] in by_key]

    def kappa(xs: list, ys: list) -> tuple[float, float]:
        n = len(xs)
        if not n:
            return 0.0, 0.0
        po = sum(x == y for x, y in zip(xs, ys)) / n
        cx, cy = Counter(xs), Counter(ys)
        pe = sum(cx[k] * cy[k] for k in set(cx) | set(cy)) / (n * n)
        return po, (po - pe) / (1 - pe) if pe < 1 else 1.0

    both = [(a, b) for a, b in pairs if a.relevance and b.relevance]
    out = {"items": len(pairs)}
    for name, get, sub in (("relevance", lambda i: i.relevance, pairs), ("level", lambda i: i.level or NONE, pairs),
                           ("delivery_model", lambda i: i.delivery_model, pairs),
                           ("categories", lambda i: tuple(sorted(i.categories)), both)):
        po, k = kappa([get(a) for a, _ in sub], [get(b) for _, b in sub])
        out[name] = {"n": len(sub), "agreement": po, "kappa": k}
    return out


__all__ = ["agreement", "cross_validate", "misses", "predict", "report", "score"]
