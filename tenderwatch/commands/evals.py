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
              help="Text model file for the held-out scoring (default: classify/models/text-model.json).")
@click.option("--heldout", is_flag=True,
              help="Also score the held-out gold with the committed model. Every such scoring is counted: one line "
                   "in heldout-scorings-classify.log in the data directory.")
@click.option("--baseline", is_flag=True, help="The text model alone, without the rules (the baseline to beat).")
@click.option("--misses", is_flag=True, help="List every item with a wrong label (held-out ones with --heldout).")
def eval_classify(shared: Path | None, model_path: Path | None, heldout: bool, baseline: bool, misses: bool) -> None:
    """Per class precision, recall, F1 and the confusion matrix per label: on the development items out of fold
    (5-fold cross-validation) and, with --heldout, on the held-out gold; the two readings' agreement."""
    from classify import gold
    from evals.classify import agreement, cross_validate, predict, report, score
    from evals.classify import misses as list_misses
    from classify.textmodel import TextModel, default_model

    try:
        items, note = gold.load(shared)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if note:
        raise UserError(f"eval classify needs the real gold set: {note}")
    use_rules = not baseline
    how = "text model alone (baseline)" if baseline else "rules + text model"
    held = [i for i in items if i.split == "heldout"]
    left = sum(i.split == "near-heldout" for i in items)
    scored, results = cross_validate(items, progress=lambda m: click.echo(m, err=True), use_rules=use_rules,
                                     shared=shared)
    click.echo(report(score(scored, results), f"DEVELOPMENT: 5-fold cross-validation over {len(scored)} real items "
                                              f"(folds by title stem; {left} near-held-out titles left out); {how}"))
    if misses:
        click.echo(list_misses(scored, results, limit=10_000) + "\n")
    if heldout:
        from evals.parse import log_heldout_scoring
        from common.config import data_home

        if not held:
            raise UserError(f"no held-out gold labels in {gold.HELDOUT_FILE}")
        model = TextModel.load(model_path) if model_path else default_model()
        log = data_home() / "heldout-scorings-classify.log"
        n = log_heldout_scoring(len(held), log)
        results = predict(held, model, use_rules)
        click.echo(report(score(held, results), f"HELD-OUT: {len(held)} real items labelled blind, never trained on "
                                                f"(model {model.version}); {how}; held-out scoring #{n} ({log})"))
        if misses:
            click.echo(list_misses(held, results, limit=10_000) + "\n")
    else:
        click.echo(f"held-out: {len(held)} items not scored (give --heldout; every scoring is counted)")
    second = gold.second_reading(shared)
    if second and held:
        a = agreement(held, second)
        click.echo(f"second blind reading of the held-out labels ({a['items']} items): " + "; ".join(
            f"{k} agreement {v['agreement']:.3f}, kappa {v['kappa']:.3f} (n={v['n']})"
            for k, v in a.items() if k != "items"))


@eval_group.command(name="parse")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path),
              help="Fixture folders with expected.json (default: evals/fixtures/parse, installed with tenderwatch).")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path),
              help="The shared folder holding realdata/ (default: ../shared or $TENDERWATCH_SHARED).")
@click.option("--misses", is_flag=True, help="List every field the parser got wrong (held-out ones with --heldout).")
@click.option("--heldout", is_flag=True,
              help="Also score the held-out items. Every such scoring is counted: one line in heldout-scorings.log "
                   "in the data directory.")
@click.option("--no-silver", is_flag=True, help="Skip the two silver checks.")
def eval_parse(corpus: Path | None, shared: Path | None, misses: bool, heldout: bool, no_silver: bool) -> None:
    """Per field precision, recall and exact match of the parser on real notices (development and held-out
    apart, per template and per source), two silver checks, and the ccgp mirror."""
    from evals.corpus import default_corpus, default_shared, fixtures
    from evals.parse import (FIELDS, contacts_present, gate, group_sizes, grouped, log_heldout_scoring, mirror_cases,
                             real_cases, score)

    corpus = corpus or default_corpus()
    if not corpus.is_dir():
        raise UserError(f"no corpus at {corpus}")
    shared = shared or default_shared()
    notes: list[str] = []
    cases, missing = real_cases(corpus, shared, heldout=heldout, notes=notes)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if missing:
        click.echo(f"{missing} fixtures skipped: their pages are not under {shared}/realdata", err=True)
    dev = [c for c in cases if c.split == "dev"]
    held = [c for c in cases if c.split == "heldout"]
    n_held = sum(f.heldout for f in fixtures(corpus, shared))
    fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731

    def table(group: list, heldout_part: bool, gated: bool = True) -> None:
        click.echo(f"  {'field':<26}{'labelled':>9}{'precision':>11}{'recall':>9}{'exact':>8}  target")
        scores = score(group)
        for name in FIELDS:
            s = scores[name]
            if not s.labelled:
                continue
            flag = gate(name, s, heldout_part) if gated else ""
            click.echo(f"  {name:<26}{s.labelled:>9}{fmt(s.precision):>11}{fmt(s.recall):>9}{fmt(s.exact_match):>8}"
                       f"  {flag}")
            if misses:
                for m in s.misses:
                    click.echo(f"      miss {m}")
        present, printing = contacts_present(group)
        if printing:
            click.echo(f"  contacts present: {present} of {printing} notices that print one ({present / printing:.3f})")

    def by(group: list, key: str) -> None:
        sizes = group_sizes(group, key)
        click.echo(f"  per {key} (exact, items labelled):")
        for value, scores in grouped(group, key).items():
            parts = [f"{name} {fmt(s.exact_match)} ({s.labelled})" for name, s in scores.items() if s.labelled]
            click.echo(f"    {value} [{sizes[value]} items]: " + ", ".join(parts))

    click.echo(f"real notices, development: {len(dev)} notices")
    if dev:
        table(dev, False)
        by(dev, "template")
        by(dev, "source")
    if not heldout:
        click.echo(f"real notices, held-out: {n_held} fixtures, not scored (--heldout scores them; each scoring is "
                   f"counted)")
    elif not held:
        click.echo(f"real notices, held-out: {n_held} fixtures, none with its page under {shared}/realdata: "
                   f"nothing scored, nothing logged")
    else:
        number = log_heldout_scoring(len(held))
        click.echo(f"real notices, held-out: {len(held)} notices -- held-out scoring #{number}")
        table(held, True)
        by(held, "template")
        by(held, "source")

    if not no_silver:
        silver(shared, misses)
    group = mirror_cases()
    click.echo(f"ccgp mirror: {len(group)} notices")
    table(group, False, gated=False)


def silver(shared: Path, misses: bool) -> None:
    """The two silver checks: agreement with a weak reference, never mixed with the gold."""
    from evals.silver import SILVER_FIELDS, ccgp_pages, mirror_pages, ningbo_silver, table_silver

    ningbo = ningbo_silver(shared)
    if ningbo is None:
        click.echo(f"silver (a) Ningbo deadlines: skipped, no {shared}/realdata/nbygcg/bulletins.jsonl.gz")
    else:
        click.echo(f"silver (a) Ningbo deadlines: {ningbo['bulletins']} development bulletins "
                   f"({ningbo['heldout_left_out']} held-out left out); parser deadline vs")
        click.echo(f"    kb_date (开标):   {ningbo['kb_date'].line()}")
        click.echo(f"    end_date (截止):  {ningbo['end_date'].line()}")
        click.echo(f"  parser opening vs kb_date (开标): {ningbo['opening'].line()}")
    real = ccgp_pages(shared) if (shared / "realdata").is_dir() else []
    for title, pages in (("ccgp mirror", mirror_pages()), ("realdata ccgp pages", real)):
        result = table_silver(pages)
        click.echo(f"silver (b) {title}: body alone (公告概要 removed) vs the table, {result['pages']} pages")
        for f in SILVER_FIELDS:
            click.echo(f"    {f:<12}{result[f].line()}")
        if misses:
            for m in result["misses"]:
                click.echo(f"      differs {m}")


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
