"""`tenders train`: fit the text model on the gold set's development items and write classify/models/text-model.json.

Deterministic: the same gold set and the same scikit-learn give the same file (fixed folds, no random state left
free, no timestamps). The version in the file is a hash of its content, so each stored classification names the
exact model that made it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from classify.gold import Item
from classify.gold import training as gold_training
from common.labels import CATEGORIES, DELIVERY_MODELS
from classify.textmodel import FORMAT, MODEL_FILE, ngrams

MIN_DF = 2
C_GRID = (1.0, 4.0, 16.0)


def model_input(item: Item) -> str:
    return item.title


def _vocabulary(texts: list[str]) -> tuple[list[str], list[float]]:
    import math

    df: Counter = Counter()
    for t in texts:
        df.update(set(ngrams(t)))
    vocab = sorted(g for g, c in df.items() if c >= MIN_DF)
    n = len(texts)
    idf = [round(math.log((1 + n) / (1 + df[g])) + 1.0, 6) for g in vocab]
    return vocab, idf


def _matrix(texts: list[str], vocab: list[str], idf: list[float]):
    from scipy.sparse import csr_matrix

    from classify.textmodel import tfidf

    index = {g: i for i, g in enumerate(vocab)}
    rows, cols, vals = [], [], []
    for r, t in enumerate(texts):
        for j, v in tfidf(ngrams(t), index, idf).items():
            rows.append(r)
            cols.append(j)
            vals.append(v)
    return csr_matrix((vals, (rows, cols)), shape=(len(texts), len(vocab)))


def _folds(y, k: int = 5):
    from sklearn.model_selection import KFold, StratifiedKFold

    counts = Counter(y)
    if min(counts.values()) >= k:
        return StratifiedKFold(k, shuffle=True, random_state=0)
    return KFold(k, shuffle=True, random_state=0)


def _oof_scores(make, X, y, w=None):
    """Out-of-fold decision values, (n,) for a binary head or (n, classes) in sorted class order, for calibration
    and for choosing C. A fold whose training part lacks a class scores that class very low."""
    import numpy as np

    w = np.ones(len(y)) if w is None else w
    classes = sorted(set(y))
    binary = len(classes) == 2 and set(classes) <= {0, 1, False, True}
    out = np.zeros(len(y)) if binary else np.full((len(y), len(classes)), -10.0)
    for train, test in _folds(y).split(X, y):
        if len(set(y[train])) < 2:
            continue
        model = make().fit(X[train], y[train], sample_weight=w[train])
        d = model.decision_function(X[test])
        if binary:
            out[test] = d
        elif d.ndim == 1:  # the fold saw two classes only
            a, b = (classes.index(c) for c in model.classes_)
            out[np.ix_(test, [a, b])] = np.column_stack([-d, d]) / 2
        else:
            out[np.ix_(test, [classes.index(c) for c in model.classes_])] = d
    return out


def _binary_head(X, y, w) -> dict:
    """A logistic head: C chosen and Platt scaling fitted on the out-of-fold scores of the gold items (weight 1)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss

    y = np.asarray(y, dtype=int)
    gold = w >= 1.0

    def make(c):
        return lambda: LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=1000)

    best = None
    for c in C_GRID:
        d = _oof_scores(make(c), X, y, w)[gold]
        platt = LogisticRegression(C=1e4, solver="lbfgs").fit(d.reshape(-1, 1), y[gold])
        p = platt.predict_proba(d.reshape(-1, 1))[:, 1]
        loss = log_loss(y[gold], p, labels=[0, 1])
        if best is None or loss < best[0] - 1e-9:
            best = (loss, c, float(platt.coef_[0][0]), float(platt.intercept_[0]))
    _, c, a, b = best
    model = make(c)().fit(X, y, sample_weight=w)
    return {"C": c, "coef": [round(float(w), 5) for w in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 5), "platt": [round(a, 5), round(b, 5)],
            "positives": int(y.sum()), "examples": int(len(y)), "gold_examples": int(gold.sum())}


def _multiclass_head(X, y, w) -> dict:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    y = np.asarray(y)
    gold = w >= 1.0
    classes = [str(c) for c in sorted(set(y), key=DELIVERY_MODELS.index)]
    make = lambda: LogisticRegression(C=C_GRID[1], class_weight="balanced", max_iter=2000)  # noqa: E731
    d = _oof_scores(make, X, y, w)[gold]
    order = sorted(set(y))  # sklearn's class order
    idx = np.array([order.index(v) for v in y[gold]])
    best = None
    for t in (0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0):  # temperature: the one that makes OOF scores honest
        z = d / t
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        nll = -np.log(np.clip(p[np.arange(len(idx)), idx], 1e-12, 1)).mean()
        if best is None or nll < best[0] - 1e-9:
            best = (nll, t)
    model = make().fit(X, y, sample_weight=w)
    rows = [list(model.classes_).index(c) for c in classes]
    return {"C": C_GRID[1], "classes": classes, "temperature": best[1],
            "coef": [[round(float(w), 5) for w in model.coef_[r]] for r in rows],
            "intercept": [round(float(model.intercept_[r]), 5) for r in rows],
            "examples": {str(c): int((y == c).sum()) for c in classes}}


def train(items: list[Item], out: Path = MODEL_FILE, progress=print, weak: list[Item] | None = None) -> dict:
    """Fit every head on the development gold (weight 1) and the weak labels (their weight), write the model file."""
    import numpy as np

    training = gold_training(items) + list(weak or [])
    if len({i.relevance for i in training}) < 2:
        raise ValueError("the development items need relevant and irrelevant ones")
    texts = [model_input(i) for i in training]
    w = np.array([i.extra.get("weight", 1.0) for i in training])
    vocab, idf = _vocabulary(texts)
    X = _matrix(texts, vocab, idf)
    n_weak = sum(i.group == "weak" for i in training)
    progress(f"train: {len(training) - n_weak} gold and {n_weak} weakly labelled items, {len(vocab)} features")
    heads = {"relevance": _binary_head(X, [i.relevance for i in training], w)}
    progress(f"train: relevance (C={heads['relevance']['C']})")
    relevant = [r for r, i in enumerate(training) if i.relevance and not i.extra.get("no_categories")]
    Xr, wr = X[relevant], w[relevant]
    for cat in CATEGORIES:
        y = [cat in training[r].categories for r in relevant]
        if 0 < sum(y) < len(y):
            heads[f"category:{cat}"] = _binary_head(Xr, y, wr)
            progress(f"train: category {cat}: {sum(y)} of {len(y)} relevant items (C={heads[f'category:{cat}']['C']})")
    heads["delivery"] = _multiclass_head(X, [i.delivery_model for i in training], w)
    progress(f"train: delivery model {heads['delivery']['examples']}")
    body = {"format": FORMAT, "features": "words + lexicon labels + word groups", "min_df": MIN_DF, "input": "title",
            "trained_on": {"items": len(training), "groups": dict(sorted(Counter(i.group for i in training).items())),
                           "weak_weight": float(w[w < 1].max()) if (w < 1).any() else None,
                           "sklearn": _sklearn_version()},
            "vocabulary": vocab, "idf": idf, "heads": heads}
    digest = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
    body = {"version": f"text-2.{digest[:10]}", **body}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    tmp.replace(out)
    return body


def _sklearn_version() -> str:
    import sklearn

    return sklearn.__version__
