"""`tenders classify` and `tenders train`: the classifier on lines of JSON, and rebuilding its text model."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tenderwatch.options import UserError, _dump


@click.command()
@click.option("--jsonl", "jsonl", required=True, type=click.File("r", encoding="utf-8"),
              help='Input lines {"title":…, "text":…, "buyer":…, "region":…}; "-" reads stdin.')
@click.option("--out", type=click.File("w", encoding="utf-8"), default="-", help="Output file (default stdout).")
@click.option("--model", "model_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Text model file (default: classify/models/text-model.json).")
def classify(jsonl, out, model_path: Path | None) -> None:  # noqa: ANN001
    """Classify notices given as JSON lines; each line is written back with relevance, level, categories,
    delivery_model, their confidences and evidence added."""
    from classify.classifier import classify as run
    from classify.textmodel import TextModel

    model = TextModel.load(model_path) if model_path else None
    bad = 0
    for lineno, line in enumerate(jsonl, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("not a JSON object")
            fields = {k: item.get(k) for k in ("title", "text", "buyer", "region")}
            for k, v in fields.items():
                if v is not None and not isinstance(v, str):
                    raise ValueError(f'"{k}" must be a string')
        except ValueError as exc:
            bad += 1
            click.echo(f"tenders classify: line {lineno}: {exc}; skipped", err=True)
            continue
        result = run(fields["title"], fields["text"], fields["buyer"], fields["region"], model=model)
        out.write(_dump(item | result.as_dict()) + "\n")
    if bad:
        raise UserError(f"{bad} input line(s) were not usable JSON objects (see above)")


@click.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Model file to write (default: classify/models/text-model.json).")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path),
              help="The shared folder holding realdata/ (default: ../shared or $TENDERWATCH_SHARED).")
def train(out: Path | None, shared: Path | None) -> None:
    """Rebuild the text model from the development gold and the weak labels (offline, reproducible); print its version."""
    from classify import gold
    from classify.textmodel import MODEL_FILE
    from classify.train import train as fit

    items, note = gold.load(shared)
    if note:
        if out is None:
            raise UserError(f"{note}; training now would replace {MODEL_FILE.name}, which was trained on the real "
                            "gold set, with a model of synthetic items only: give --out FILE to write it elsewhere")
        click.echo(f"train: {note}", err=True)
    from classify.weak import weak_items

    weak = [] if note else weak_items((shared or gold.shared_dir()).resolve(), items)
    try:
        body = fit(items, out or MODEL_FILE, progress=lambda m: click.echo(m, err=True), weak=weak)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"{body['version']} → {out or MODEL_FILE}")
