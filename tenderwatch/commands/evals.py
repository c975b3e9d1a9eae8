"""`tenders eval classify|parse|link`: the measured evaluations."""

from __future__ import annotations

from pathlib import Path

import click

from tenderwatch.options import UserError


@click.group(name="eval")
def eval_group() -> None:
    """Measure a stage on the labelled corpus."""


@eval_group.command(name="classify")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path),
              help="The shared folder holding realdata/ (default: ../shared or $TENDERWATCH_SHARED).")
@click.option("--model", "model_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Text model file (default: classify/models/text-model.json).")
@click.option("--cv", is_flag=True, help="Cross-validate on the training split instead (for development).")
@click.option("--baseline", is_flag=True, help="The text model alone, without the rules (the baseline to beat).")
@click.option("--misses", is_flag=True, help="List every item with a wrong label.")
def eval_classify(shared: Path | None, model_path: Path | None, cv: bool, baseline: bool, misses: bool) -> None:
    """Accuracy, macro-F1 and confusion matrix per label on the gold set's test split."""
    from classify import gold
    from evals.classify import cross_validate, predict, report, score
    from evals.classify import misses as list_misses
    from classify.textmodel import TextModel, default_model

    items, note = gold.load(shared)
    if note:
        raise UserError(f"eval classify needs the real gold set: {note}")
    use_rules = not baseline
    if cv:
        scored, results = cross_validate(items, progress=lambda m: click.echo(m, err=True), use_rules=use_rules)
        title = f"5-fold cross-validation over the training split ({len(scored)} real items)"
    else:
        model = TextModel.load(model_path) if model_path else default_model()
        scored = [i for i in items if i.split == "test"]
        results = predict(scored, model, use_rules)
        title = f"test split: {len(scored)} real items never used in training (model {model.version})"
    title += "; text model alone (baseline)" if baseline else "; rules + text model"
    click.echo(report(score(scored, results), title))
    if misses:
        click.echo(list_misses(scored, results, limit=10_000))


@eval_group.command(name="parse")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path),
              help="Fixture folders with expected.json (default: evals/fixtures/parse, installed with tenderwatch).")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path),
              help="The shared folder holding realdata/ (default: ../shared or $TENDERWATCH_SHARED).")
@click.option("--misses", is_flag=True, help="List every field the parser got wrong.")
def eval_parse(corpus: Path | None, shared: Path | None, misses: bool) -> None:
    """Per field precision, recall and exact match of the parser on real notices and on the mirror."""
    from evals.parse import FIELDS, TARGETS, default_corpus, default_shared, mirror_cases, real_cases, score

    corpus = corpus or default_corpus()
    if not corpus.is_dir():
        raise UserError(f"no corpus at {corpus}")
    shared = shared or default_shared()
    cases, missing = real_cases(corpus, shared)
    groups = [("real notices", cases), ("ccgp mirror", mirror_cases())]
    if missing:
        click.echo(f"{missing} fixtures skipped: their pages are not under {shared}/realdata", err=True)
    for title, group in groups:
        click.echo(f"{title}: {len(group)} notices")
        click.echo(f"  {'field':<16}{'labelled':>9}{'precision':>11}{'recall':>9}{'exact':>8}  target")
        scores = score(group)
        for name in FIELDS:
            s = scores[name]
            if not s.labelled:
                continue
            fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
            target = TARGETS.get(name)
            flag = "" if target is None or title != "real notices" else \
                (f"{target:.2f} ok" if (s.exact_match or 0) >= target else f"{target:.2f} BELOW")
            click.echo(f"  {name:<16}{s.labelled:>9}{fmt(s.precision):>11}{fmt(s.recall):>9}{fmt(s.exact_match):>8}  {flag}")
            if misses:
                for m in s.misses:
                    click.echo(f"      miss {m}")


@eval_group.command(name="link")
@click.option("--data-seed", "data_seeds", type=int, multiple=True,
              help="Also score a mirror data set made with this seed (mirrors/ccgp/make_data.build); repeatable.")
@click.option("--misses", is_flag=True, help="List the pairs linked wrongly and the pairs missed.")
def eval_link(data_seeds: tuple[int, ...], misses: bool) -> None:
    """Pairwise precision and recall of project linking on the mirrors, whose data files know each project."""
    import tempfile

    from evals.link import evaluate_mirror

    click.echo(f"  {'data':<22}{'order':<10}{'notices':>8}{'true pairs':>11}{'precision':>10}{'recall':>8}"
               f"   code-only P / R")
    runs = [(None, order) for order in ("published", "reverse", "shuffled")] + [(s, "shuffled") for s in data_seeds]
    pooled = [0, 0, 0, 0]  # over the --data-seed sets: notices, true pairs, linked pairs, correct pairs
    for seed, order in runs:
        with tempfile.TemporaryDirectory() as tmp:
            linked, baseline = evaluate_mirror(f"sqlite:///{tmp}/link-eval.db", order, data_seed=seed)
        name = "ccgp + ggzy mirrors" if seed is None else f"ccgp, seed {seed}"
        if seed is not None:
            for i, v in enumerate((linked.notices, linked.true_pairs, linked.linked_pairs, linked.correct_pairs)):
                pooled[i] += v
        click.echo(f"  {name:<22}{order:<10}{linked.notices:>8}{linked.true_pairs:>11}{linked.precision:>10.3f}"
                   f"{linked.recall:>8.3f}   {baseline.precision:.3f} / {baseline.recall:.3f}")
        if misses:
            for pair in linked.wrong:
                click.echo(f"      wrong  {pair}")
            for pair in linked.missed:
                click.echo(f"      missed {pair}")
    if len(data_seeds) > 1:
        n, true, made, right = pooled
        click.echo(f"  {'seeds pooled':<22}{'':<10}{n:>8}{true:>11}{right / made if made else 1:>10.3f}"
                   f"{right / true if true else 1:>8.3f}")
